"""Forms of HR's intermediate pages in the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from screening.models import REASON_MIN_LENGTH, Outcome, Shortlist
from screening.selectors import PUBLICATION_REFUSALS

# Above this many applications overridden at once, HR confirms that one reason fits them all.
SAME_REASON_CONFIRM_ABOVE = 10


class OverrideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[(Outcome.PASS, _("Eligible")), (Outcome.FAIL, _("Not eligible"))]
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=REASON_MIN_LENGTH,
        max_length=1000,
        error_messages={
            "required": _("Give the reason for overriding the rules."),
            "min_length": _("Say why in a few words: at least %(limit_value)d characters (now %(show_value)d)."),
        },
    )

    def __init__(self, *args, count: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        if count > SAME_REASON_CONFIRM_ABOVE:
            self.fields["same_reason"] = forms.BooleanField(
                label=_("I confirm that the same reason applies to all %(count)s applications.") % {"count": count},
                error_messages={
                    "required": _("One reason for many applications: confirm that it applies to each of them.")
                },
            )

    def decision(self) -> dict:
        """What the override service takes."""
        return {"outcome": self.cleaned_data["outcome"], "reason": self.cleaned_data["reason"]}


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


class ShortlistInterviewForm(forms.ModelForm):
    """The interview details of a shortlist: never moved into the past, never emptied once published."""

    class Meta:
        model = Shortlist
        fields = ["interview_at", "interview_venue"]

    def clean_interview_at(self):
        value = self.cleaned_data.get("interview_at")
        if value and "interview_at" in self.changed_data and value <= timezone.now():
            raise ValidationError(PUBLICATION_REFUSALS["interview_past"], code="interview_past")
        return value

    def clean(self):
        data = super().clean()
        published = self.instance.pk and self.instance.published_at
        if published and not (data.get("interview_at") and (data.get("interview_venue") or "").strip()):
            raise ValidationError(
                _("The outcome is published: the interview keeps a date, a time and a venue."),
                code="interview_details",
            )
        return data


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=REASON_MIN_LENGTH,
        max_length=1000,
        help_text=_("Kept in the shortlist and the audit trail; the candidate is not told the reason."),
        error_messages={
            "required": _("Give the reason for removing the candidate from the shortlist."),
            "min_length": _("Say why in a few words: at least %(limit_value)d characters (now %(show_value)d)."),
        },
    )
