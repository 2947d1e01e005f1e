from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Outcome


class OverrideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[(Outcome.PASS, _("Eligible")), (Outcome.FAIL, _("Not eligible"))]
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Give the reason for overriding the rules.")},
    )
