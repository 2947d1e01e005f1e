"""Charts of HR's dashboard, drawn on the server as SVG: no script, and the figures also given as a table."""

import datetime as dt
import math
from dataclasses import dataclass

from django.utils import dateformat

from myipo_recruit.dates import local_date

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 36
MAX_TICKS = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: dt.date
    count: int

    @property
    def title(self) -> str:
        return f"{local_date(self.day)}: {self.count}"


def daily_chart(per_day: list[tuple[dt.date, int]], first: dt.date, last: dt.date) -> dict:
    """A bar per day from `first` to `last` (days without applications drawn as zero), in SVG coordinates."""
    counts = dict(per_day)
    if counts:
        first, last = min(first, min(counts)), max(last, max(counts))
    days = [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
    highest = max(counts.values(), default=0)
    scale = max(highest, 1)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(days), 1)
    bars = []
    for index, day in enumerate(days):
        count = counts.get(day, 0)
        height = plot_height * count / scale
        bars.append(
            Bar(
                x=round(LEFT + index * step + step * 0.1, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(max(step * 0.8, 1), 2),
                height=round(height, 2),
                day=day,
                count=count,
            )
        )
    every = max(1, math.ceil(len(days) / MAX_TICKS))
    ticks = [
        (round(bar.x + bar.width / 2, 2), dateformat.format(bar.day, "j M").rstrip("."))
        for index, bar in enumerate(bars)
        if index % every == 0
    ]
    gridlines = [
        (round(TOP + plot_height * (1 - value / scale), 2), value) for value in sorted({0, highest // 2, highest})
    ]
    busiest = max(bars, key=lambda bar: bar.count, default=None)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_height,
        "label_y": TOP + plot_height + 18,
        "bars": bars,
        "ticks": ticks,
        "gridlines": gridlines,
        "first": first,
        "last": last,
        "total": sum(counts.values()),
        "busiest": busiest if highest else None,
    }
