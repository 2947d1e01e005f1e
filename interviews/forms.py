from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from screening.models import REASON_MIN_LENGTH


class SlotAnswerForm(forms.Form):
    """The candidate's answer to the slot: confirm, or ask for another one with a reason."""

    CONFIRM, CHANGE = "confirm", "change"

    answer = forms.ChoiceField(choices=[(CONFIRM, _("I will attend")), (CHANGE, _("I need another slot"))])
    reason = forms.CharField(
        label=_("Why you need another slot"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=lazy(
            lambda: (
                _("At least %(limit)s characters. HR will contact you with another slot if one can be found.")
                % {"limit": REASON_MIN_LENGTH}
            ),
            str,
        )(),
    )


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I accept the offer")), ("decline", _("I decline the offer"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you accept or decline the offer."),
            "invalid_choice": _("Choose whether you accept or decline the offer."),
        },
    )
    note = forms.CharField(label=_("Note to HR (optional)"), max_length=500, required=False)
