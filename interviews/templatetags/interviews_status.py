"""Where a candidate stands after the interview, on the candidate's pages (applications and screening sit below
interviews, so their templates load this library instead of importing it)."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..selectors import Later, closed_posts_of, later_for

register = template.Library()

# How "My applications" reads each later state; an invitation keeps the application's own status.
STATE_LABELS = {
    "attended": _("Interviewed: result to come"),
    "absent": _("Did not attend the interview"),
    "offered": _("Offer of appointment: awaiting your answer"),
    "accepted": _("Offer accepted"),
    "declined": _("Offer declined"),
    "lapsed": _("Offer lapsed: no answer by the deadline"),
    "not_successful": _("Not successful"),
}


def later_states(applications) -> dict[int, Later]:
    """The later stages of the shortlisted among `applications` (3 queries, whatever their number)."""
    shortlisted = [application for application in applications if application.status == "shortlisted"]
    if not shortlisted:
        return {}
    later = later_for([application.pk for application in shortlisted])
    closed = closed_posts_of([application.pk for application in shortlisted])
    for application in shortlisted:
        if application.pk not in later and application.post_id in closed:
            later[application.pk] = Later(slot=None, entry=None, offer=None, closed=True)
    return later


@register.simple_tag
def outcomes_for(applications) -> dict:
    """{application id: what "My applications" shows for it after the interview}."""
    return {
        pk: STATE_LABELS[later.state] for pk, later in later_states(applications).items() if later.state in STATE_LABELS
    }


@register.simple_tag
def outcome_of(outcomes: dict, application) -> str:
    return outcomes.get(application.pk, "")


@register.inclusion_tag("interviews/_later_stages.html", takes_context=True)
def later_stages(context, application):
    """The interview, the result and the offer (with its letter and the answer), on the application's page."""
    later = later_states([application]).get(application.pk)
    return {
        "later": later,
        "state": later.state if later else "",
        "answerable": later.answerable() if later else False,
        "now": timezone.now(),
        "application": application,
        "csrf_token": context.get("csrf_token"),
    }
