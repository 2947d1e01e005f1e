"""The questions of the eligibility check (Semak kelayakan): only what the rules need, nothing stored."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from applications.constants import (
    SPM_GRADE_CHOICES,
    AccountingBody,
    FieldOfStudy,
    FieldOfWork,
    QualificationLevel,
)
from applications.identity import parse_mykad
from applications.models import Citizenship

YES_NO = [("1", _("Yes")), ("0", _("No"))]

error_messages = {
    "birth_needed": _("Give your MyKad number or your date of birth."),
    "birth_future": _("The date of birth cannot be in the future."),
    "field_needed": _("Choose the field of your highest qualification."),
    "field_of_work_needed": _("Choose the field of your work experience."),
}


class EligibilityForm(forms.Form):
    mykad = forms.CharField(
        label=_("MyKad number"),
        required=False,
        max_length=14,
        help_text=_("Or give your date of birth below. The number is only used to read your date of birth."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label=_("date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    citizenship = forms.ChoiceField(label=_("citizenship"), choices=[("", "—"), *Citizenship.choices])
    spm_bm_grade = forms.ChoiceField(
        label=_("SPM Bahasa Melayu grade"),
        required=False,
        choices=[("", _("I did not sit the SPM")), *SPM_GRADE_CHOICES],
    )
    spm_bm_oral_passed = forms.TypedChoiceField(
        label=_("passed the Bahasa Melayu oral test (Ujian Lisan)"),
        required=False,
        choices=YES_NO,
        coerce=lambda value: value == "1",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    spm_bm_july_credit = forms.BooleanField(
        label=_("credit in Bahasa Melayu from the July paper (Kertas Julai) or another recognised equivalent"),
        required=False,
    )
    qualification_level = forms.ChoiceField(
        label=_("highest qualification after the SPM"),
        required=False,
        choices=[("", _("None (SPM only)")), *QualificationLevel.choices],
    )
    field_of_study = forms.ChoiceField(
        label=_("field of that qualification"), required=False, choices=[("", "—"), *FieldOfStudy.choices]
    )
    accounting_body = forms.ChoiceField(
        label=_("professional accounting body of which you are a full member"),
        required=False,
        choices=[("", _("None")), *AccountingBody.choices],
    )
    accounting_membership_number = forms.CharField(label=_("membership number"), required=False, max_length=30)
    experience_years = forms.IntegerField(
        label=_("years of work experience"), required=False, min_value=0, max_value=60, initial=0
    )
    field_of_work = forms.ChoiceField(
        label=_("field of most of that work"), required=False, choices=[("", "—"), *FieldOfWork.choices]
    )
    ict_high_skill = forms.BooleanField(
        label=_("I have high skill in ICT security, data centres and networks"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise ValidationError(error_messages["birth_future"], code="birth_future")
        return born

    def clean(self):
        data = super().clean()
        mykad = (data.get("mykad") or "").strip()
        if mykad:
            try:
                data["date_of_birth"] = parse_mykad(mykad, date_of_birth=data.get("date_of_birth")).date_of_birth
            except ValidationError as error:
                self.add_error("mykad", error)
        elif not data.get("date_of_birth") and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", ValidationError(error_messages["birth_needed"], code="birth_needed"))
        data.pop("mykad", None)  # only its date of birth is used
        if data.get("qualification_level") and not data.get("field_of_study"):
            self.add_error("field_of_study", ValidationError(error_messages["field_needed"], code="field_needed"))
        if data.get("experience_years") and not data.get("field_of_work"):
            self.add_error(
                "field_of_work", ValidationError(error_messages["field_of_work_needed"], code="field_of_work_needed")
            )
        return data
