"""Laying out a session's slots: pure functions of times and intervals, no database.

A session's grid is a run of slots from `starts_at`: `slot_minutes` each, `gap_minutes` between two, and after
every `break_every` slots a break of `break_minutes` instead of the gap. Candidates are placed in shortlist
order, each on the earliest free slot of the grid that clashes neither with the panel (the slots its members
sit on elsewhere, and the session's own slots) nor with the candidate (a slot of the same person for another
post). A candidate who clashes takes the next free slot; those after keep their order and fill the hole.
Slots that would end after `ends_by` do not exist: the candidates left are returned as not fitting.
"""

import bisect
import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Interval = tuple[dt.datetime, dt.datetime]  # [start, end): touching intervals do not overlap


@dataclass(frozen=True)
class Grid:
    starts_at: dt.datetime
    slot_minutes: int
    gap_minutes: int = 0
    break_every: int = 0
    break_minutes: int = 0
    ends_by: dt.datetime | None = None

    @classmethod
    def of(cls, session) -> "Grid":
        """The grid of a session (any object with the session's fields)."""
        return cls(
            starts_at=session.starts_at,
            slot_minutes=session.slot_minutes,
            gap_minutes=session.gap_minutes,
            break_every=session.break_every,
            break_minutes=session.break_minutes,
            ends_by=session.ends_by,
        )

    def times(self):
        """Every slot of the grid, in order, until `ends_by` (endless without it)."""
        start, slot = self.starts_at, dt.timedelta(minutes=self.slot_minutes)
        number = 0
        while True:
            end = start + slot
            if self.ends_by is not None and end > self.ends_by:
                return
            yield start, end
            number += 1
            pause = self.break_minutes if self.break_every and number % self.break_every == 0 else self.gap_minutes
            start = end + dt.timedelta(minutes=pause)

    def contains(self, start: dt.datetime) -> bool:
        """Whether a slot of the grid starts at `start` (HR moving a candidate may also pick any time)."""
        for slot_start, _end in self.times():
            if slot_start >= start:
                return slot_start == start
        return False


class Busy:
    """A set of intervals asked "does [start, end) overlap any of you?" in logarithmic time."""

    def __init__(self, intervals: Iterable[Interval] = ()):
        self.intervals: list[Interval] = sorted(intervals)
        self.longest = max((end - start for start, end in self.intervals), default=dt.timedelta(0))

    def add(self, start: dt.datetime, end: dt.datetime) -> None:
        bisect.insort(self.intervals, (start, end))
        self.longest = max(self.longest, end - start)

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        # Only intervals starting in (start - longest, end) can overlap [start, end).
        index = bisect.bisect_left(self.intervals, (start - self.longest,))
        while index < len(self.intervals) and self.intervals[index][0] < end:
            other_start, other_end = self.intervals[index]
            if other_start < end and start < other_end:
                return True
            index += 1
        return False


@dataclass
class Plan:
    placed: list[tuple[Hashable, dt.datetime, dt.datetime]] = field(default_factory=list)
    not_fitting: list[Hashable] = field(default_factory=list)


def slots_plan(
    *,
    grid: Grid,
    entries: Sequence[Hashable],
    busy: Iterable[Interval] = (),
    candidate_busy: Mapping[Hashable, Iterable[Interval]] | None = None,
) -> Plan:
    """Place `entries` (in shortlist order) on the grid: (entry, starts_at, ends_at) for each that fits.

    `busy`: when the panel (or the session's room) is taken; `candidate_busy`: per entry, the candidate's own
    slots elsewhere. Never two slots overlap for the panel, nor for a candidate.
    """
    panel = Busy(busy)
    candidate_busy = candidate_busy or {}
    times = grid.times()
    free: list[Interval] = []  # grid slots seen so far and still free, in order
    exhausted = False
    plan = Plan()

    def more() -> bool:
        nonlocal exhausted
        for start, end in times:
            if not panel.overlaps(start, end):
                free.append((start, end))
                return True
        exhausted = True
        return False

    for entry in entries:
        own = Busy(candidate_busy.get(entry, ()))
        index = 0
        while True:
            if index == len(free) and (exhausted or not more()):
                plan.not_fitting.append(entry)
                break
            start, end = free[index]
            if not own.overlaps(start, end):
                del free[index]
                plan.placed.append((entry, start, end))
                break
            index += 1
    return plan
