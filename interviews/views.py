"""The candidate's pages after the shortlist: the interview slot (its calendar file, the answer to it), then the
offer letter and the answer to the offer. Only the owner's; anyone else's is simply not found."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import views as application_views
from applications.views import own_application, verified_required

from . import services
from .calendar import slot_calendar, slot_filename
from .forms import OfferAnswerForm, SlotAnswerForm
from .models import Offer
from .notifications import calendar_summary
from .pdf import offer_letter_render
from .selectors import candidate_slot
from .services import SelectionError, offer_respond

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
        except services.SlotError as error:
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


def own_offer(request, pk: int) -> Offer:
    """The signed-in candidate's own offer, while still on the shortlist; anyone else's is simply not found."""
    return get_object_or_404(
        Offer.objects.select_related("selection_entry__slot__entry__application"),
        pk=pk,
        selection_entry__slot__entry__application__candidate=request.user,
        selection_entry__slot__entry__removed_at__isnull=True,
    )


@login_required
def offer_letter(request, pk: int):
    filename, content_type, content = offer_letter_render(own_offer(request, pk))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def offer_answer(request, pk: int):
    offer = own_offer(request, pk)
    application = offer.selection_entry.slot.entry.application
    form = OfferAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.get("answer", form.errors.get("note", [""]))[0])
        return redirect(application.get_absolute_url() + "#offer")
    try:
        offer_respond(
            offer=offer,
            candidate=request.user,
            accept=form.cleaned_data["answer"] == "accept",
            note=form.cleaned_data["note"],
        )
    except SelectionError as error:
        messages.error(request, error.messages[0])
    else:
        if form.cleaned_data["answer"] == "accept":
            messages.success(request, _("Thank you: you accepted the offer. HR will contact you before you report."))
        else:
            messages.success(request, _("Your answer was recorded: you declined the offer."))
    return redirect(application.get_absolute_url() + "#offer")
