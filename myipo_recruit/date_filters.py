"""Template filters of myipo_recruit.dates, loaded in templates with {% load dates %}."""

from django import template

from . import dates

register = template.Library()

register.filter("local_time", dates.local_time)
register.filter("local_date", dates.local_date)
register.filter("local_datetime", dates.local_datetime)
register.filter("local_datetime_short", dates.local_datetime_short)
