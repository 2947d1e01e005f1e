from django import forms
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
        help_text=_("At least %(limit)s characters. HR will contact you with another slot if one can be found.")
        % {"limit": REASON_MIN_LENGTH},
    )
