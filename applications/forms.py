"""The steps of the BORANG PERMOHONAN JAWATAN KOSONG, and the document uploads."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from myipo_recruit.validators import person_name, plain_text

from . import services
from .constants import DEGREE_LEVELS, IpLawKnowledge
from .identity import State, normalise_phone, parse_mykad, postcode_states, validate_postcode
from .models import CGPA_RANGE, Document, Experience, Language, Profile, Qualification

error_messages = {
    "dob_mismatch": _("The date of birth does not match the MyKad number (%(date)s)."),
    "sex_mismatch": _("The sex does not match the MyKad number, whose last digit is for a %(sex)s."),
    "future_date": _("This date is in the future."),
    "postcode_state": _(
        "The postcode %(postcode)s is in %(states)s, not in %(state)s. Check the postcode or the state."
    ),
    "spm_year": _("Enter the year you sat for SPM, between 1960 and this year."),
    "end_before_start": _("The end date is before the start date."),
    "year_range": _("Enter a year between 1960 and this year."),
    "membership_number": _("Give the membership number of this body."),
    "membership_body": _("Choose the accounting body of this membership number."),
    "ip_law_details": _("Describe the course, qualification or work, with its year."),
    "high_skill_details": _("Describe your high skill: what you can do, and how it is shown."),
    "mqa_qualification": _("Choose the diploma or degree this MQA letter recognises."),
    "mqa_no_degree": _("List the diploma or degree in the Education step first, then upload its MQA letter."),
}


def past_year(value: int) -> None:
    if value and not 1960 <= value <= timezone.localdate().year:
        raise ValidationError(error_messages["year_range"], code="year_range")


class PlainTextMixin:
    """Every text input of the BORANG is checked for markup and control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and plain_text not in field.validators:
                field.validators.append(plain_text)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonalForm(PlainTextMixin, forms.ModelForm):
    mykad = forms.CharField(
        label=_("MyKad number"),
        max_length=14,
        help_text=_("12 digits, for example 900101-14-5678."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Telephone"),
        max_length=20,
        help_text=_("Mobile or home number, for example 012-345 6789."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    class Meta:
        model = Profile
        fields = [
            "full_name",
            "mykad",
            "citizenship",
            "date_of_birth",
            "place_of_birth",
            "sex",
            "marital_status",
            "address_line1",
            "address_line2",
            "postcode",
            "city",
            "state",
            "phone",
        ]
        widgets = {"date_of_birth": DateInput(), "full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = name not in {"address_line2", "date_of_birth", "sex"}
        self.fields["date_of_birth"].help_text = _("Leave it empty: it is read from your MyKad number.")
        self.fields["sex"].help_text = _("Leave it empty: it is read from your MyKad number.")
        self.fields["full_name"].validators.append(person_name)
        self.fields["citizenship"].choices = self.fields["citizenship"].choices[1:]
        self.fields["sex"].widget = forms.RadioSelect(choices=self.fields["sex"].choices[1:])

    def clean_mykad(self):
        number = parse_mykad(self.cleaned_data["mykad"]).number
        if Profile.objects.filter(mykad=number).exclude(pk=self.instance.pk).exists():
            raise ValidationError(services.error_messages["mykad_taken"], code="mykad_taken")
        return number

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_postcode(self):
        return validate_postcode(self.cleaned_data["postcode"])

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise ValidationError(error_messages["future_date"], code="future_date")
        return value

    def clean(self):
        data = super().clean()
        states = postcode_states(data.get("postcode", ""))
        if states and data.get("state") and data["state"] not in states:
            names = dict(State.choices)
            self.add_error(
                "postcode",
                ValidationError(
                    error_messages["postcode_state"],
                    code="postcode_state",
                    params={
                        "postcode": data["postcode"],
                        "states": ", ".join(names[state] for state in states),
                        "state": names.get(data["state"], data["state"]),
                    },
                ),
            )
        if "mykad" not in data:
            return data
        mykad = parse_mykad(data["mykad"], date_of_birth=data.get("date_of_birth"))
        # Asked once: what the MyKad number holds is filled in when left empty, and checked when given.
        if not data.get("date_of_birth"):
            data["date_of_birth"] = mykad.date_of_birth
        if not data.get("sex"):
            data["sex"] = mykad.sex
        if data.get("date_of_birth") and data["date_of_birth"] != mykad.date_of_birth:
            self.add_error(
                "date_of_birth",
                ValidationError(
                    error_messages["dob_mismatch"],
                    code="dob_mismatch",
                    params={"date": mykad.date_of_birth.strftime("%d.%m.%Y")},
                ),
            )
        if data.get("sex") and data["sex"] != mykad.sex:
            self.add_error(
                "sex",
                ValidationError(
                    error_messages["sex_mismatch"],
                    code="sex_mismatch",
                    params={"sex": _("man") if mykad.sex == "M" else _("woman")},
                ),
            )
        return data


YES_NO = [(True, _("Yes")), (False, _("No"))]


class EducationForm(PlainTextMixin, forms.ModelForm):
    spm_bm_oral_passed = forms.TypedChoiceField(
        label=_("Did you pass the Bahasa Melayu oral test (Ujian Lisan)?"),
        choices=YES_NO,
        coerce=lambda value: value in {True, "True"},
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Profile
        fields = [
            "spm_year",
            "spm_bm_grade",
            "spm_bm_oral_passed",
            "spm_bm_july_credit",
            "spm_bi_grade",
            "spm_other_subjects",
            "professional_memberships",
            "accounting_body",
            "accounting_membership_number",
            "practising_certificate",
        ]
        widgets = {
            "spm_other_subjects": forms.Textarea(attrs={"rows": 3}),
            "professional_memberships": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("spm_year", "spm_bm_grade", "spm_bi_grade"):
            self.fields[name].required = True
        self.fields["spm_year"].validators.append(past_year)

    def clean(self):
        data = super().clean()
        body, number = data.get("accounting_body"), (data.get("accounting_membership_number") or "").strip()
        if body and not number:
            self.add_error(
                "accounting_membership_number",
                ValidationError(error_messages["membership_number"], code="membership_number"),
            )
        if number and not body:
            self.add_error(
                "accounting_body", ValidationError(error_messages["membership_body"], code="membership_body")
            )
        return data


class QualificationForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["level", "field_of_study", "programme", "institution", "year", "cgpa"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].validators.append(past_year)
        self.fields["cgpa"].validators += [
            MinValueValidator(0, message=CGPA_RANGE),
            MaxValueValidator(4, message=CGPA_RANGE),
        ]
        self.fields["cgpa"].widget.attrs.update({"min": "0", "max": "4", "step": "0.01"})


class ExperienceForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Experience
        fields = ["employer", "position", "field_of_work", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_of_work"].required = True

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("started_on", "ended_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, ValidationError(error_messages["future_date"], code="future_date"))
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", ValidationError(error_messages["end_before_start"], code="end_before_start"))
        return data


class LanguageForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Language
        fields = ["name", "spoken", "written"]


class SkillsForm(PlainTextMixin, forms.ModelForm):
    """Languages, computer skills, knowledge of IP law and, for a post that asks for experience, high skill."""

    HIGH_SKILL = ("ict_high_skill", "ict_high_skill_details")

    class Meta:
        model = Profile
        fields = [
            "malay_spoken",
            "malay_written",
            "english_spoken",
            "english_written",
            "skill_word_processing",
            "skill_spreadsheet",
            "skill_presentation",
            "ip_law_knowledge_kind",
            "ip_law_knowledge",
            "ict_high_skill",
            "ict_high_skill_details",
        ]
        widgets = {
            "ip_law_knowledge": forms.Textarea(attrs={"rows": 3}),
            "ict_high_skill_details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, ask_high_skill: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("malay_spoken", "malay_written", "english_spoken", "english_written", "ip_law_knowledge_kind"):
            self.fields[name].required = True
        self.fields["ip_law_knowledge_kind"].widget = forms.RadioSelect(choices=IpLawKnowledge.choices)
        self.fields["ip_law_knowledge_kind"].choices = IpLawKnowledge.choices
        if not ask_high_skill:  # not asked, so not posted: left as saved
            for name in self.HIGH_SKILL:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        kind = data.get("ip_law_knowledge_kind")
        if kind and kind != IpLawKnowledge.NONE and not (data.get("ip_law_knowledge") or "").strip():
            self.add_error("ip_law_knowledge", ValidationError(error_messages["ip_law_details"], code="ip_law_details"))
        if data.get("ict_high_skill") and not (data.get("ict_high_skill_details") or "").strip():
            self.add_error(
                "ict_high_skill_details",
                ValidationError(error_messages["high_skill_details"], code="high_skill_details"),
            )
        return data


def profile_formset(model, form):
    # absolute_max: a forged TOTAL_FORMS never makes the formset build more than 10 forms.
    return forms.inlineformset_factory(
        Profile, model, form=form, extra=1, can_delete=True, max_num=10, absolute_max=10, validate_max=True
    )


QualificationFormSet = profile_formset(Qualification, QualificationForm)
ExperienceFormSet = profile_formset(Experience, ExperienceForm)
LanguageFormSet = profile_formset(Language, LanguageForm)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class DocumentUploadForm(forms.Form):
    """Files for each kind of document; each is checked by content before anything is stored."""

    certificate = MultipleFileField(
        label=Document.Kind.CERTIFICATE.label,
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_("SPM and every other certificate and transcript. PDF, JPEG or PNG; you may choose several."),
    )
    photo = forms.FileField(
        label=Document.Kind.PHOTO.label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,.jpg,.jpeg,.png"}),
        help_text=_("A recent colour photo, portrait, JPEG or PNG, at least 200 × 250 pixels."),
    )
    mqa_letter = forms.FileField(
        label=Document.Kind.MQA_LETTER.label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("Surat Akuan Pengiktirafan Diploma/ Ijazah from the Ministry of Higher Education (MQA)."),
    )
    mqa_qualification = forms.ModelChoiceField(
        label=_("The diploma or degree this MQA letter recognises"),
        queryset=Qualification.objects.none(),
        required=False,
    )
    vaccination = forms.FileField(
        label=Document.Kind.VACCINATION.label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("Showing the two doses (and the booster, if any)."),
    )

    def __init__(self, *args, profile: Profile | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        degrees = profile.qualifications.filter(level__in=DEGREE_LEVELS) if profile else Qualification.objects.none()
        self.fields["mqa_qualification"].queryset = degrees
        if len(degrees) == 1:
            self.fields["mqa_qualification"].initial = degrees[0].pk

    def clean(self):
        data = super().clean()
        if data.get("mqa_letter") and not data.get("mqa_qualification"):
            code = "mqa_qualification" if self.fields["mqa_qualification"].queryset.exists() else "mqa_no_degree"
            self.add_error("mqa_letter", ValidationError(error_messages[code], code=code))
        return data

    def uploads(self) -> list[tuple[str, object, Qualification | None]]:
        """(kind, file, qualification recognised) of what was sent, in form order."""
        sent = [(Document.Kind.CERTIFICATE, upload, None) for upload in self.cleaned_data.get("certificate") or []]
        for kind in (Document.Kind.PHOTO, Document.Kind.MQA_LETTER, Document.Kind.VACCINATION):
            if self.cleaned_data.get(kind):
                qualification = self.cleaned_data.get("mqa_qualification") if kind == Document.Kind.MQA_LETTER else None
                sent.append((kind, self.cleaned_data[kind], qualification))
        return sent


class SubmitForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "I declare that all the information given in this application is true and complete. I understand that "
            "MyIPO may reject my application, or terminate my appointment, if any of it is found to be false."
        ),
        error_messages={"required": _("You must make the declaration to submit.")},
    )
    pdpa_consent = forms.BooleanField(
        label=_(
            "I have read the personal data notice above and agree to MyIPO processing my personal data for this "
            "recruitment."
        ),
        error_messages={"required": _("You must agree to the personal data notice to submit.")},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I want to withdraw this application."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
