"""Template filters of myipo_recruit.dates, loaded in templates with {% load dates %}.

A template gives a filter "" for a variable it cannot resolve (an offer not made yet: `offer.respond_by`), so each
filter shows nothing for a missing value instead of failing the page.
"""

from django import template

from . import dates

register = template.Library()


def blank_if_missing(function):
    def filter_(value):
        return function(value) if value not in (None, "") else ""

    filter_.__name__ = function.__name__
    return filter_


for name in ("local_time", "local_date", "local_datetime", "local_datetime_short"):
    register.filter(name, blank_if_missing(getattr(dates, name)))
