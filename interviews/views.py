"""The candidate's pages after the interview: the offer letter and the answer to it (the owner's only)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .models import Offer
from .pdf import offer_letter_render
from .services import SelectionError, offer_respond


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I accept the offer")), ("decline", _("I decline the offer"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you accept or decline the offer.")},
    )
    note = forms.CharField(label=_("Note to HR (optional)"), max_length=500, required=False)


def own_offer(request, pk: int) -> Offer:
    """The signed-in candidate's own offer; anyone else's is simply not found."""
    return get_object_or_404(
        Offer.objects.select_related("selection_entry__slot__entry__application"),
        pk=pk,
        selection_entry__slot__entry__application__candidate=request.user,
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
