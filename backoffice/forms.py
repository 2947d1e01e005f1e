"""Forms of HR's intermediate pages in the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from screening.models import Outcome


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


class ReadvertiseForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closing date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["opens_on"] > data["closes_on"]:
            raise ValidationError(_("The closing date cannot be before the opening date."), code="closes_before_opens")
        return data


class ShortlistDecisionForm(forms.Form):
    """HR's reason for shortlisting candidates the rules did not find eligible: kept as an override."""

    reason = forms.CharField(
        label=_("Reason for shortlisting them"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=15,
        max_length=1000,
        help_text=_("Kept as HR's decision on each of these applications, with your name and the time."),
        error_messages={
            "required": _("Give the reason for shortlisting candidates the rules did not find eligible."),
            "min_length": _("Say why in a sentence (at least %(limit_value)d characters)."),
        },
    )
