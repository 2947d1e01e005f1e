"""The candidate's interview slot: its calendar file, and the answer (confirm, or ask for another slot)."""

import logging

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import views as application_views
from applications.views import own_application, verified_required

from . import services
from .calendar import slot_calendar, slot_filename
from .forms import SlotAnswerForm
from .notifications import calendar_summary
from .selectors import candidate_slot

logger = logging.getLogger(__name__)


def own_slot(request, pk: int):
    """The signed-in candidate's slot for their application `pk`; anyone else's is simply not found."""
    application = own_application(request, pk)
    slot = candidate_slot(application)
    if slot is None:
        raise Http404
    return application, slot


@verified_required
def calendar(request, pk: int):
    application, slot = own_slot(request, pk)
    page = request.build_absolute_uri(reverse("applications:detail", kwargs={"pk": application.pk}))
    content = slot_calendar(
        slot=slot,
        summary=calendar_summary(slot),
        description=_("Application %(reference)s") % {"reference": application.reference},
        url=page,
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slot_filename(slot)}"'
    return response


@require_POST
@verified_required
def respond(request, pk: int):
    application, slot = own_slot(request, pk)
    form = SlotAnswerForm(request.POST)
    if form.is_valid():
        confirm = form.cleaned_data["answer"] == SlotAnswerForm.CONFIRM
        try:
            services.slot_respond(
                slot=slot, candidate=request.user, confirm=confirm, reason=form.cleaned_data["reason"]
            )
        except services.InterviewError as error:
            form.add_error("reason" if error.code == "change_reason" else None, error)
        else:
            messages.success(
                request,
                _("Thank you: your attendance is confirmed.")
                if confirm
                else _("Your request for another slot is sent to HR. Until HR moves you, keep this slot."),
            )
            return redirect(reverse("applications:detail", kwargs={"pk": application.pk}) + "#interview")
    # Show the application page again with the form as typed, so nothing written is lost.
    request.interview_answer_form = form
    response = application_views.detail(request, pk)
    response.status_code = 400
    return response
