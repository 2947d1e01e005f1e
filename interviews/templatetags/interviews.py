"""The candidate's interview slot on the application's page (the applications app cannot import interviews)."""

from django import template

from ..forms import SlotAnswerForm
from ..selectors import candidate_slot
from ..services import respond_deadline, slot_answerable

register = template.Library()


@register.inclusion_tag("interviews/_slot_card.html", takes_context=True)
def interview_slot(context, application) -> dict:
    slot = candidate_slot(application)
    if slot is None:
        return {"slot": None}
    deadline = respond_deadline(slot)
    request = context.get("request")
    form = getattr(request, "interview_answer_form", None) or SlotAnswerForm()
    return {
        "slot": slot,
        "session": slot.session,
        "application": application,
        "deadline": deadline,
        "can_answer": slot_answerable(slot),
        "form": form,
        "csrf_token": context.get("csrf_token"),
    }
