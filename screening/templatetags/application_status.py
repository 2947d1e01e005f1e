"""Where an application stands, on the candidate's page of it (the applications app sits below screening)."""

from django import template

from ..selectors import application_timeline

register = template.Library()


@register.inclusion_tag("screening/_timeline.html")
def timeline(application):
    return {"stages": application_timeline(application)}
