"""Eligibility rules of MyIPO's advertisement: one pure function per criterion, no database, no request.

A rule's reason is a message id and JSON-safe parameters, so that a stored result reads in the viewer's language.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from applications.constants import (
    GOOD_LANGUAGE_LEVELS,
    RECOGNISED_ACCOUNTING_BODIES,
    SPM_CREDIT_GRADES,
    SPM_GOOD_GRADES,
    AccountingBody,
    FieldOfStudy,
    FieldOfWork,
    IpLawKnowledge,
    QualificationLevel,
)
from applications.identity import age_on, parse_mykad
from applications.qualifications import (
    ACCEPTED,
    MEMBERSHIP,
    MEMBERSHIP_TO_JUDGE,
    MISSING,
    NOT_NEEDED,
    RELATED,
    SPM,
    UNLINKED,
    Held,
    field_match,
    meets_level,
    relied_on,
)
from vacancies.models import HrJudged

from .outcomes import FAIL, PASS, REVIEW

# 2026.2: experience as the union of relevant periods in calendar years and months; related fields to HR; the MQA
# letter of the qualification relied on; MyKad centuries; structured IP-law knowledge and accounting bodies; the
# basic conditions (languages, computer skills) and what only HR can judge.
RULES_VERSION = "2026.2"

MINIMUM_AGE = 18
LEVELS = dict(QualificationLevel.choices)
FIELDS = dict(FieldOfStudy.choices)
WORK_FIELDS = dict(FieldOfWork.choices)
BODIES = dict(AccountingBody.choices)
HR_JUDGES = dict(HrJudged.choices)
KNOWLEDGE = dict(IpLawKnowledge.choices)
# How candidates named Malay in the free list of languages of the BORANG before 2026.2.
MALAY_NAMES = frozenset({"bahasa melayu", "bahasa malaysia", "melayu", "malay", "bm"})
POINTS_KNOWLEDGE = frozenset({IpLawKnowledge.COURSE, IpLawKnowledge.QUALIFICATION, IpLawKnowledge.WORK})

# Every reason and every text inside one, by a stable id: stored results name the id, never the text. An id, once
# stored, is never reused for another meaning; a text may be reworded (and retranslated) under its id.
MESSAGES = {
    "citizenship.pass": _("Malaysian citizen."),
    "citizenship.fail": _("Not a Malaysian citizen; every post is open to Malaysian citizens only."),
    "minimum_age.no_date": _("No date of birth given."),
    "minimum_age.born_after_closing": _(
        "The date of birth %(born)s is after the closing date %(date)s, so it cannot be right."
    ),
    "minimum_age.pass": _("%(age)s years old on the closing date %(date)s."),
    "minimum_age.too_young": ngettext_lazy(
        "Only %(age)s year old on the closing date %(date)s; the minimum is 18.",
        "Only %(age)s years old on the closing date %(date)s; the minimum is 18.",
        "age",
    ),
    "spm_bahasa_melayu.pass": _("Credit (%(grade)s) in Bahasa Melayu with the oral test."),
    "spm_bahasa_melayu.july_credit": _(
        "Relies on a July-paper credit or another equivalent the Government recognises: HR to check."
    ),
    "spm_bahasa_melayu.no_oral": _("Credit in Bahasa Melayu, but the oral test (Ujian Lisan) was not passed."),
    "spm_bahasa_melayu.no_grade": _("No SPM Bahasa Melayu grade given."),
    "spm_bahasa_melayu.absent": _("Absent (TH) from the Bahasa Melayu paper at SPM: no credit."),
    "spm_bahasa_melayu.below_credit": _("Grade %(grade)s in Bahasa Melayu is below a credit (C)."),
    "mykad_date_of_birth.invalid": _("The MyKad number is not valid."),
    "mykad_date_of_birth.pass": _("Date of birth matches the MyKad number."),
    "mykad_date_of_birth.mismatch": _("The declared date of birth does not match the MyKad number (%(date)s)."),
    "qualification.spm": _("Holds the SPM."),
    "qualification.no_spm": _("No SPM results given."),
    "qualification.stpm": _("Holds the STPM, which the post accepts."),
    "qualification.accepted": _("Holds a qualification at the required level (%(level)s, %(field)s)."),
    "qualification.membership": _(
        "Full member of %(body)s (membership no. %(number)s), an accepted alternative to the degree."
    ),
    "qualification.related_named": _(
        "%(level)s in %(field)s: not the field the post names (%(named)s), but possibly a related field "
        "(bidang berkaitan), for HR to judge."
    ),
    "qualification.related": _("%(level)s in %(field)s: possibly a related field (bidang berkaitan), for HR to judge."),
    "qualification.membership_no_number": _(
        "Full member of %(body)s, but no membership number is given: for HR to check."
    ),
    "qualification.membership_unrecognised": _(
        "Full member of an accounting body not on the list of recognised bodies: for HR to judge whether "
        "the Government recognises it (see the professional memberships)."
    ),
    "qualification.unrelated_field": _("%(level)s in %(field)s: not a field this post accepts (%(fields)s)."),
    "qualification.no_degree_or_membership": _(
        "No bachelor's degree in %(fields)s, and not a full member of a recognised accounting body."
    ),
    "qualification.no_degree_in": _("No bachelor's degree in %(fields)s."),
    "qualification.no_degree": _("No bachelor's degree."),
    "qualification.no_stpm_or_diploma": _("Neither an STPM nor a diploma."),
    "mqa_letter.not_required": _("Not required: no diploma or degree is relied on."),
    "mqa_letter.missing": _("The MQA recognition letter for the %(level)s in %(field)s relied on is missing."),
    "mqa_letter.unlinked": _(
        "An MQA recognition letter is attached but not linked to a qualification, and several diplomas or "
        "degrees are listed: for HR to check that it recognises the %(level)s in %(field)s."
    ),
    "mqa_letter.attached": _("MQA recognition letter attached for the %(level)s in %(field)s."),
    "vaccination.pass": _("COVID-19 vaccination certificate attached."),
    "vaccination.fail": _("The two-dose COVID-19 vaccination certificate is missing."),
    "experience.not_required": _("No experience required."),
    "experience.pass": _("%(duration)s of experience in %(fields)s up to the closing date (minimum %(minimum)s)."),
    "experience.unknown_fields": _(
        "%(duration)s of experience in %(fields)s (minimum %(minimum)s); with the jobs whose field of work "
        "is not stated, %(total)s: for HR to judge whether they count."
    ),
    "experience.high_skill": _(
        "%(duration)s of experience in %(fields)s, below the minimum of %(minimum)s, but high skill is "
        "claimed instead (“%(details)s”): for HR to judge."
    ),
    "experience.fail": _(
        "Only %(duration)s of experience in %(fields)s up to the closing date, below the minimum of %(minimum)s, "
        "and no high skill claimed instead."
    ),
    "experience.any_field": _("any field"),
    "languages.weak": _(
        "Declares a weak command of %(list)s; every post asks for good spoken and written Bahasa Malaysia and English."
    ),
    "languages.fair": _("Declares only a fair command of %(list)s."),
    "languages.unanswered": _("No answer on %(list)s."),
    "languages.to_judge": _(
        "Every post asks for good spoken and written Bahasa Malaysia and English: for HR to judge."
    ),
    "languages.pass": _("Declares a good command of spoken and written Bahasa Malaysia and English."),
    "languages.malay_spoken": _("spoken Bahasa Malaysia"),
    "languages.malay_written": _("written Bahasa Malaysia"),
    "languages.english_spoken": _("spoken English"),
    "languages.english_written": _("written English"),
    "computer_skills.pass": _("Uses word processing, spreadsheets and presentation software."),
    "computer_skills.fail": _(
        "Does not declare %(list)s; every post asks for word processing, spreadsheets and presentation software."
    ),
    "computer_skills.skill_word_processing": _("word processing"),
    "computer_skills.skill_spreadsheet": _("spreadsheet"),
    "computer_skills.skill_presentation": _("presentation (e.g. PowerPoint)"),
    "hr_judgement.pass": _("Not decided from the BORANG, for HR to judge (at the interview): %(list)s."),
    "hr_judgement.attitude": _(
        "a positive, creative and innovative attitude, high self-confidence and communication at every level"
    ),
    "hr_judgement.teamwork": _("teamwork and work under minimal supervision"),
    "hr_judgement.pressure": _("several tasks within the time set and work under pressure"),
    "preferences.none_stated": _("The post states no preference."),
    "preferences.ip_law_in_words": _(
        "Knowledge of intellectual property law described only in words (“%(text)s”): no point, for HR to judge."
    ),
    "preferences.none_met": _("No preference of the post met (0 points)."),
    "preferences.met": ngettext_lazy(
        "Preferences met: %(list)s (%(points)s point).", "Preferences met: %(list)s (%(points)s points).", "points"
    ),
    "preferences.excellent_english": _("excellent spoken and written English"),
    "preferences.good_english": _("good English (SPM Bahasa Inggeris %(grade)s)"),
    "preferences.practising_certificate": _("Practising Certificate"),
    "duration.both": _("%(years)s and %(months)s"),
}
# Parameters naming a choice are stored as {table: code} and read with the table's label.
CHOICES = {
    "level": LEVELS,
    "field": FIELDS,
    "work_field": WORK_FIELDS,
    "body": BODIES,
    "hr_judged": HR_JUDGES,
    "ip_knowledge": KNOWLEDGE,
}


@dataclass(frozen=True)
class Counted:
    """A number with its noun, put in the singular or plural of the language the reason is read in."""

    text: Promise
    count: int

    def __str__(self) -> str:
        return str(self.text % {"count": self.count})


YEARS = ngettext_lazy("%(count)s year", "%(count)s years", "count")
MONTHS = ngettext_lazy("%(count)s month", "%(count)s months", "count")


@dataclass(frozen=True)
class Duration:
    """Whole calendar years and months, as a person counts them."""

    years: int
    months: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def stored(self) -> dict:
        return {"duration": [self.years, self.months]}

    def __str__(self) -> str:
        if self.years and self.months:
            both = {"years": Counted(YEARS, self.years), "months": Counted(MONTHS, self.months)}
            return str(MESSAGES["duration.both"] % both)
        if self.years:
            return str(Counted(YEARS, self.years))
        return str(Counted(MONTHS, self.months))


@dataclass(slots=True)
class RuleResult:
    """A rule's outcome and its reason: a message id (in MESSAGES) and JSON-safe parameters.

    `notes` are further sentences (message id, parameters) read after the reason. Not frozen: twelve are made
    per application screened, and a frozen dataclass takes three times as long to make.
    """

    rule: str
    outcome: str
    msg: str
    params: dict = field(default_factory=dict)
    points: int = 0
    notes: tuple = ()

    @property
    def message(self) -> Promise:
        return MESSAGES[self.msg]

    def stored(self) -> dict:
        """The result as kept in ScreeningResult.rules: enough to read its reason later, in either language."""
        entry = {"rule": self.rule, "outcome": self.outcome, "msg": self.msg}
        if self.params:
            entry["params"] = self.params
        if self.notes:
            entry["notes"] = [[msg, params] for msg, params in self.notes]
        return entry

    def reason(self) -> str:
        """The reason in the active language (wrap in translation.override for another)."""
        return reason_text(self.stored())


def reason_text(entry: dict, language: str | None = None) -> str:
    """The reason of a stored rule result, in `language` or the active one.

    Results stored before reasons had message ids hold both texts as rendered then: the text of the language
    is shown as it was, with Malay for any language but English.
    """
    if "msg" not in entry:
        language = language or translation.get_language() or "ms"
        return entry.get("reason_en" if language.startswith("en") else "reason_ms", "")
    if language is not None:
        with translation.override(language):
            return reason_text(entry)
    sentences = [(entry["msg"], entry.get("params", {})), *entry.get("notes", ())]
    return " ".join(phrase(msg, params) for msg, params in sentences)


def phrase(msg: str, params: dict) -> str:
    """A message with its parameters, in the active language; an id this version no longer knows shows as itself."""
    message = MESSAGES.get(msg)
    if message is None:
        return msg
    return str(message % rendered(params))


def rendered(params: dict) -> dict:
    # Numbers stay numbers: a plural message picks its form from them.
    return {key: value if isinstance(value, int) else render(value) for key, value in params.items()}


def render(value) -> str:
    """A stored parameter in the active language: a text by its id, a choice by its label, a date, a duration,
    a list (joined with commas, or with semicolons where the items hold commas of their own)."""
    if isinstance(value, list):
        return ", ".join(render(item) for item in value)
    if not isinstance(value, dict):
        return str(value)
    if "msg" in value:
        return phrase(value["msg"], value.get("params", {}))
    ((kind, content),) = value.items()
    if kind == "date":
        return day(dt.date.fromisoformat(content))
    if kind == "duration":
        return str(Duration(*content))
    if kind == "listed":
        return "; ".join(render(item) for item in content)
    return str(CHOICES.get(kind, {}).get(content, content))


def day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def on(value: dt.date) -> dict:
    """A date as a parameter: ISO in storage, read as 31.12.2026."""
    return {"date": value.isoformat()}


def text(msg: str, **params) -> dict:
    """A text of MESSAGES inside another message's parameters."""
    return {"msg": msg, "params": params} if params else {"msg": msg}


@dataclass(frozen=True)
class Job:
    started_on: dt.date | None
    ended_on: dt.date | None = None
    field_of_work: str = ""  # empty in applications submitted before the BORANG asked it


@dataclass(frozen=True)
class Facts:
    """What a submitted application declares, read from its frozen snapshot."""

    citizenship: str = ""
    mykad: str = ""
    date_of_birth: dt.date | None = None
    spm_bm_grade: str = ""
    spm_bm_oral_passed: bool | None = None
    spm_bm_july_credit: bool = False
    spm_bi_grade: str = ""
    qualifications: tuple = ()  # Held, or (level, field of study[, key]) tuples
    accounting_body: str = ""
    accounting_membership_number: str = ""
    practising_certificate: bool = False
    ip_law_knowledge_kind: str = ""
    ip_law_knowledge: str = ""
    malay_spoken: str = ""
    malay_written: str = ""
    english_spoken: str = ""
    english_written: str = ""
    skill_word_processing: bool = False
    skill_spreadsheet: bool = False
    skill_presentation: bool = False
    experiences: tuple = ()  # Job, or (from, to[, field of work]) tuples
    ict_high_skill: bool = False
    ict_high_skill_details: str = ""
    document_kinds: frozenset[str] = frozenset()
    mqa_letters_for: frozenset[str] = frozenset()  # keys of the qualifications an MQA letter is linked to
    unlinked_mqa_letters: int = 0
    # What a rule worked out that another needs too (the qualification relied on), for one post at a time.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self):
        held = tuple(q if isinstance(q, Held) else Held(*q) for q in self.qualifications)
        jobs = tuple(e if isinstance(e, Job) else Job(*e) for e in self.experiences)
        object.__setattr__(self, "qualifications", held)
        object.__setattr__(self, "experiences", jobs)

    @classmethod
    def from_snapshot(cls, snapshot: dict) -> "Facts":
        """Read a snapshot of any version of the BORANG; older answers are mapped to today's questions."""
        profile = snapshot.get("profile", {})

        def date(value):
            return dt.date.fromisoformat(value) if value else None

        def key(value) -> str:
            return "" if value in (None, "") else str(value)

        body = profile.get("accounting_body")
        if body is None:  # before 2026.2: two ticks, with no body named
            body = (
                "mia"
                if profile.get("mia_full_member")
                else "other"
                if profile.get("accounting_body_full_member")
                else ""
            )
        english = profile.get("english_level") or ""  # before 2026.2: one answer for spoken and written English
        listed = snapshot.get("languages", [])  # before 2026.2, Malay was only in this free list, if at all
        malay = next((lang for lang in listed if (lang.get("name") or "").strip().lower() in MALAY_NAMES), {})
        documents = snapshot.get("documents", [])
        letters = [d for d in documents if d["kind"] == "mqa_letter"]
        return cls(
            citizenship=profile.get("citizenship") or "",
            mykad=profile.get("mykad") or "",
            date_of_birth=date(profile.get("date_of_birth")),
            spm_bm_grade=profile.get("spm_bm_grade") or "",
            spm_bm_oral_passed=profile.get("spm_bm_oral_passed"),
            spm_bm_july_credit=bool(profile.get("spm_bm_july_credit")),
            spm_bi_grade=profile.get("spm_bi_grade") or "",
            qualifications=tuple(
                Held(q["level"], q["field_of_study"], key(q.get("id"))) for q in snapshot.get("qualifications", [])
            ),
            accounting_body=body,
            accounting_membership_number=(profile.get("accounting_membership_number") or "").strip(),
            practising_certificate=bool(profile.get("practising_certificate")),
            ip_law_knowledge_kind=profile.get("ip_law_knowledge_kind") or "",
            ip_law_knowledge=(profile.get("ip_law_knowledge") or "").strip(),
            malay_spoken=profile.get("malay_spoken") or malay.get("spoken") or "",
            malay_written=profile.get("malay_written") or malay.get("written") or "",
            english_spoken=profile.get("english_spoken") or english,
            english_written=profile.get("english_written") or english,
            skill_word_processing=bool(profile.get("skill_word_processing")),
            skill_spreadsheet=bool(profile.get("skill_spreadsheet")),
            skill_presentation=bool(profile.get("skill_presentation")),
            experiences=tuple(
                Job(date(e["started_on"]), date(e.get("ended_on")), e.get("field_of_work") or "")
                for e in snapshot.get("experiences", [])
            ),
            ict_high_skill=bool(profile.get("ict_high_skill")),
            ict_high_skill_details=(profile.get("ict_high_skill_details") or "").strip(),
            document_kinds=frozenset(d["kind"] for d in documents),
            mqa_letters_for=frozenset(key(d.get("qualification")) for d in letters if d.get("qualification")),
            unlinked_mqa_letters=sum(1 for d in letters if not d.get("qualification")),
        )


@dataclass(frozen=True)
class Requirements:
    """What the post and its advertisement ask, from the seed's qualification lines."""

    closes_on: dt.date
    min_qualification: str = "spm"
    qualification_fields: tuple[str, ...] = ()
    related_fields: tuple[str, ...] = ()
    accepts_accounting_membership: bool = False
    min_experience_years: int | None = None
    experience_fields: tuple[str, ...] = ()
    preferences: tuple[str, ...] = field(default_factory=tuple)
    judged_by_hr: tuple[str, ...] = ()

    @classmethod
    def for_post(cls, post) -> "Requirements":
        return cls(
            closes_on=post.advertisement.closes_on,
            min_qualification=post.min_qualification,
            qualification_fields=tuple(post.qualification_fields),
            related_fields=tuple(post.related_fields),
            accepts_accounting_membership=post.accepts_accounting_membership,
            min_experience_years=post.min_experience_years,
            experience_fields=tuple(post.experience_fields),
            preferences=tuple(post.preferences),
            judged_by_hr=tuple(post.judged_by_hr),
        )


def citizenship(facts: Facts, requirements: Requirements) -> RuleResult:
    if facts.citizenship == "malaysian":
        return RuleResult("citizenship", PASS, "citizenship.pass")
    return RuleResult("citizenship", FAIL, "citizenship.fail")


def minimum_age(facts: Facts, requirements: Requirements) -> RuleResult:
    """At least 18 years old on the advertisement's closing date."""
    if facts.date_of_birth is None:
        return RuleResult("minimum_age", REVIEW, "minimum_age.no_date")
    if facts.date_of_birth > requirements.closes_on:
        return RuleResult(
            "minimum_age",
            FAIL,
            "minimum_age.born_after_closing",
            {"born": on(facts.date_of_birth), "date": on(requirements.closes_on)},
        )
    age = age_on(facts.date_of_birth, requirements.closes_on)
    params = {"age": age, "date": on(requirements.closes_on)}
    if age >= MINIMUM_AGE:
        return RuleResult("minimum_age", PASS, "minimum_age.pass", params)
    return RuleResult("minimum_age", FAIL, "minimum_age.too_young", params)


def spm_bahasa_melayu(facts: Facts, requirements: Requirements) -> RuleResult:
    """A credit (grade C or better, 6C or better before 2009) in Bahasa Melayu at SPM, with a pass in the oral test."""
    grade = facts.spm_bm_grade
    if grade in SPM_CREDIT_GRADES and facts.spm_bm_oral_passed:
        return RuleResult("spm_bahasa_melayu", PASS, "spm_bahasa_melayu.pass", {"grade": grade})
    if facts.spm_bm_july_credit:
        return RuleResult("spm_bahasa_melayu", REVIEW, "spm_bahasa_melayu.july_credit")
    if grade in SPM_CREDIT_GRADES:
        return RuleResult("spm_bahasa_melayu", FAIL, "spm_bahasa_melayu.no_oral")
    if not grade:
        return RuleResult("spm_bahasa_melayu", FAIL, "spm_bahasa_melayu.no_grade")
    if grade == "TH":
        return RuleResult("spm_bahasa_melayu", FAIL, "spm_bahasa_melayu.absent")
    return RuleResult("spm_bahasa_melayu", FAIL, "spm_bahasa_melayu.below_credit", {"grade": grade})


def mykad_date_of_birth(facts: Facts, requirements: Requirements) -> RuleResult:
    """The declared date of birth is the one the MyKad number holds (in the century the declared date gives)."""
    try:
        mykad = parse_mykad(facts.mykad, date_of_birth=facts.date_of_birth, today=requirements.closes_on)
    except ValidationError:
        return RuleResult("mykad_date_of_birth", FAIL, "mykad_date_of_birth.invalid")
    if mykad.date_of_birth == facts.date_of_birth:
        return RuleResult("mykad_date_of_birth", PASS, "mykad_date_of_birth.pass")
    return RuleResult("mykad_date_of_birth", FAIL, "mykad_date_of_birth.mismatch", {"date": on(mykad.date_of_birth)})


def reliance(facts: Facts, requirements: Requirements):
    """The way the candidate meets the post's qualification line: the same decision as the check before submission.

    Worked out once per application and post: the qualification rule and the MQA letter's both use it.
    """
    known = facts.memo.get("reliance")
    if known is not None and known[0] is requirements:
        return known[1]
    relied = relied_on(
        held=facts.qualifications,
        min_qualification=requirements.min_qualification,
        named_fields=requirements.qualification_fields,
        related_fields=requirements.related_fields,
        accepts_membership=requirements.accepts_accounting_membership,
        accounting_body=facts.accounting_body,
        membership_number=facts.accounting_membership_number,
        mqa_letters_for=facts.mqa_letters_for,
        unlinked_mqa_letters=facts.unlinked_mqa_letters,
    )
    facts.memo["reliance"] = (requirements, relied)
    return relied


def held_params(held: Held) -> dict:
    return {"level": {"level": held.level}, "field": {"field": held.field_of_study}}


def field_names(names) -> list:
    return [{"field": name} for name in names]


def qualification(facts: Facts, requirements: Requirements) -> RuleResult:
    """The level and field the post asks for, a related field (for HR to judge), or one of its "atau" alternatives."""
    relied = reliance(facts, requirements)
    if relied.match == SPM:
        if facts.spm_bm_grade:
            return RuleResult("qualification", PASS, "qualification.spm")
        return RuleResult("qualification", FAIL, "qualification.no_spm")
    if relied.match == ACCEPTED and relied.held.level == "stpm":
        return RuleResult("qualification", PASS, "qualification.stpm")
    if relied.match == ACCEPTED:
        return RuleResult("qualification", PASS, "qualification.accepted", held_params(relied.held))
    body = {"body": facts.accounting_body}
    if relied.match == MEMBERSHIP:
        return RuleResult(
            "qualification",
            PASS,
            "qualification.membership",
            {"body": body, "number": facts.accounting_membership_number},
        )
    if relied.match == RELATED:
        params = {**held_params(relied.held), "named": field_names(requirements.qualification_fields)}
        message = "qualification.related_named" if requirements.qualification_fields else "qualification.related"
        return RuleResult("qualification", REVIEW, message, params)
    if relied.match == MEMBERSHIP_TO_JUDGE:
        if facts.accounting_body in RECOGNISED_ACCOUNTING_BODIES:
            return RuleResult("qualification", REVIEW, "qualification.membership_no_number", {"body": body})
        return RuleResult("qualification", REVIEW, "qualification.membership_unrecognised")
    return qualification_not_met(facts, requirements)


def qualification_not_met(facts: Facts, requirements: Requirements) -> RuleResult:
    accepted = field_names([*requirements.qualification_fields, *requirements.related_fields])
    unrelated = [
        q
        for q in facts.qualifications
        if meets_level(q, requirements.min_qualification)
        and field_match(q, requirements.qualification_fields, requirements.related_fields) not in {ACCEPTED, RELATED}
    ]
    if unrelated and not requirements.accepts_accounting_membership:
        return RuleResult(
            "qualification",
            FAIL,
            "qualification.unrelated_field",
            {**held_params(unrelated[-1]), "fields": accepted},
        )
    if requirements.min_qualification == "bachelor":
        fields = field_names(requirements.qualification_fields)
        if requirements.accepts_accounting_membership:
            return RuleResult("qualification", FAIL, "qualification.no_degree_or_membership", {"fields": fields})
        if fields:
            return RuleResult("qualification", FAIL, "qualification.no_degree_in", {"fields": fields})
        return RuleResult("qualification", FAIL, "qualification.no_degree")
    return RuleResult("qualification", FAIL, "qualification.no_stpm_or_diploma")


def mqa_letter(facts: Facts, requirements: Requirements) -> RuleResult:
    """The MQA recognition letter of the diploma or degree relied on for the post (not of the highest one held)."""
    relied = reliance(facts, requirements)
    if relied.held is None or relied.mqa_letter == NOT_NEEDED:
        return RuleResult("mqa_letter", PASS, "mqa_letter.not_required")
    params = held_params(relied.held)
    if relied.mqa_letter == MISSING:
        return RuleResult("mqa_letter", FAIL, "mqa_letter.missing", params)
    if relied.mqa_letter == UNLINKED:
        return RuleResult("mqa_letter", REVIEW, "mqa_letter.unlinked", params)
    return RuleResult("mqa_letter", PASS, "mqa_letter.attached", params)


def vaccination(facts: Facts, requirements: Requirements) -> RuleResult:
    if "vaccination" in facts.document_kinds:
        return RuleResult("vaccination", PASS, "vaccination.pass")
    return RuleResult("vaccination", FAIL, "vaccination.fail")


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; where that month has no such day, the first of the next (as for 29 February)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    try:
        return dt.date(year, month, start.day)
    except ValueError:
        return dt.date(year + month // 12, month % 12 + 1, 1)


def span(start: dt.date, end: dt.date) -> tuple[int, int]:
    """Whole calendar months from `start` to `end` (exclusive), and the days left over."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months, (end - add_months(start, months)).days


def periods(jobs, on: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The jobs' periods merged where they overlap or follow each other, each as [first day, day after the last).

    Both the first and the last day of a job count; an open job counts up to the closing date, and nothing after it.
    """
    spans = sorted(
        (job.started_on, min(job.ended_on or on, on) + dt.timedelta(days=1))
        for job in jobs
        if job.started_on and job.started_on <= on and (job.ended_on is None or job.ended_on >= job.started_on)
    )
    merged: list[list[dt.date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def experience_length(jobs, on: dt.date) -> Duration:
    """The union of the jobs' periods in whole calendar years and months.

    The days left over by each period add up at 31 to a month, so that days never make more than a calendar month.
    """
    months = days = 0
    for start, end in periods(jobs, on):
        whole, left = span(start, end)
        months, days = months + whole, days + left
    months += days // 31
    return Duration(months // 12, months % 12)


def experience(facts: Facts, requirements: Requirements) -> RuleResult:
    """Post 6: 3 to 5 years in ICT security operations, data centres and networks, or high skill (which HR judges)."""
    if not requirements.min_experience_years:
        return RuleResult("experience", PASS, "experience.not_required")
    counted_fields = set(requirements.experience_fields)
    relevant = [job for job in facts.experiences if not counted_fields or job.field_of_work in counted_fields]
    unknown = [job for job in facts.experiences if counted_fields and not job.field_of_work]
    length = experience_length(relevant, requirements.closes_on)
    minimum = Duration(requirements.min_experience_years, 0)
    fields = [{"work_field": name} for name in requirements.experience_fields] or [text("experience.any_field")]
    params = {"duration": length.stored(), "minimum": minimum.stored(), "fields": fields}
    if length.total_months >= minimum.total_months:
        return RuleResult("experience", PASS, "experience.pass", params)
    with_unknown = experience_length(relevant + unknown, requirements.closes_on)
    if unknown and with_unknown.total_months >= minimum.total_months:
        return RuleResult("experience", REVIEW, "experience.unknown_fields", {**params, "total": with_unknown.stored()})
    if facts.ict_high_skill:
        return RuleResult(
            "experience",
            REVIEW,
            "experience.high_skill",
            {**params, "details": shortened(facts.ict_high_skill_details)},
        )
    return RuleResult("experience", FAIL, "experience.fail", params)


def shortened(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


LANGUAGE_ANSWERS = ["malay_spoken", "malay_written", "english_spoken", "english_written"]


def languages(facts: Facts, requirements: Requirements) -> RuleResult:
    """Basic condition: good spoken and written Bahasa Malaysia and English, as declared."""
    levels = {name: getattr(facts, name) for name in LANGUAGE_ANSWERS}
    weak = [text(f"languages.{name}") for name in LANGUAGE_ANSWERS if levels[name] == "weak"]
    if weak:
        return RuleResult("languages", FAIL, "languages.weak", {"list": weak})
    fair = [text(f"languages.{name}") for name in LANGUAGE_ANSWERS if levels[name] == "fair"]
    missing = [text(f"languages.{name}") for name in LANGUAGE_ANSWERS if not levels[name]]
    if fair or missing:
        notes = []
        if fair:
            notes.append(("languages.fair", {"list": fair}))
        if missing:
            notes.append(("languages.unanswered", {"list": missing}))
        return RuleResult("languages", REVIEW, "languages.to_judge", notes=tuple(notes))
    if all(level in GOOD_LANGUAGE_LEVELS for level in levels.values()):
        return RuleResult("languages", PASS, "languages.pass")
    return RuleResult("languages", REVIEW, "languages.to_judge")


COMPUTER_SKILLS = ["skill_word_processing", "skill_spreadsheet", "skill_presentation"]


def computer_skills(facts: Facts, requirements: Requirements) -> RuleResult:
    """Basic condition: word processing, spreadsheets and presentations."""
    lacking = [text(f"computer_skills.{name}") for name in COMPUTER_SKILLS if not getattr(facts, name)]
    if not lacking:
        return RuleResult("computer_skills", PASS, "computer_skills.pass")
    return RuleResult("computer_skills", FAIL, "computer_skills.fail", {"list": lacking})


HR_JUDGES_ALWAYS = [text("hr_judgement.attitude"), text("hr_judgement.teamwork"), text("hr_judgement.pressure")]


def hr_judgement(facts: Facts, requirements: Requirements) -> RuleResult:
    """What the advertisement asks that no answer of the BORANG decides: named, so that it is not taken as checked."""
    judged = [*HR_JUDGES_ALWAYS, *({"hr_judged": name} for name in requirements.judged_by_hr)]
    return RuleResult("hr_judgement", PASS, "hr_judgement.pass", {"list": {"listed": judged}})


def preferences(facts: Facts, requirements: Requirements) -> RuleResult:
    """Preferences earn ranking points; they never exclude anyone."""
    if not requirements.preferences:
        return RuleResult("preferences", PASS, "preferences.none_stated")
    earned, notes = [], []
    if "ip_law_knowledge" in requirements.preferences:
        if facts.ip_law_knowledge_kind in POINTS_KNOWLEDGE:
            earned.append({"ip_knowledge": facts.ip_law_knowledge_kind})
        elif not facts.ip_law_knowledge_kind and facts.ip_law_knowledge:
            notes.append(("preferences.ip_law_in_words", {"text": shortened(facts.ip_law_knowledge)}))
    if "good_english" in requirements.preferences:
        # Beyond the good English every post asks: excellent, as declared, or shown by an SPM grade of B or better.
        if facts.english_spoken == "excellent" and facts.english_written == "excellent":
            earned.append(text("preferences.excellent_english"))
        elif facts.spm_bi_grade in SPM_GOOD_GRADES:
            earned.append(text("preferences.good_english", grade=facts.spm_bi_grade))
    if "practising_certificate" in requirements.preferences and facts.practising_certificate:
        earned.append(text("preferences.practising_certificate"))
    if not earned:
        return RuleResult("preferences", PASS, "preferences.none_met", notes=tuple(notes))
    return RuleResult(
        "preferences",
        PASS,
        "preferences.met",
        {"list": earned, "points": len(earned)},
        points=len(earned),
        notes=tuple(notes),
    )


RULES = [
    citizenship,
    minimum_age,
    spm_bahasa_melayu,
    mykad_date_of_birth,
    qualification,
    mqa_letter,
    vaccination,
    experience,
    languages,
    computer_skills,
    hr_judgement,
    preferences,
]

# Every rule name ever stored in a result, so that results of earlier versions of the rules stay readable.
RULE_NAMES = {
    "citizenship": _("Malaysian citizen"),
    "minimum_age": _("At least 18 on the closing date"),
    "spm_bahasa_melayu": _("SPM credit in Bahasa Melayu with the oral test"),
    "mykad_date_of_birth": _("Date of birth matches MyKad"),
    "qualification": _("Qualification for the post"),
    "mqa_letter": _("MQA recognition letter"),
    "vaccination": _("COVID-19 vaccination certificate"),
    "experience": _("Experience"),
    "languages": _("Bahasa Malaysia and English, spoken and written"),
    "computer_skills": _("Computer skills"),
    "hr_judgement": _("For HR to judge"),
    "preferences": _("Preferences (ranking points)"),
}


def evaluate(facts: Facts, requirements: Requirements) -> tuple[str, int, list[RuleResult]]:
    """Every rule's result, the overall outcome (fail beats review beats pass) and the ranking points."""
    results = [rule(facts, requirements) for rule in RULES]
    outcomes = {result.outcome for result in results}
    overall = FAIL if FAIL in outcomes else REVIEW if REVIEW in outcomes else PASS
    return overall, sum(result.points for result in results), results
