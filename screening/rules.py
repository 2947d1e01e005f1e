"""Eligibility rules of MyIPO's advertisement: one pure function per criterion, no database, no request."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.identity import age_on, parse_mykad
from applications.models import Qualification

RULES_VERSION = "2026.1"

PASS, FAIL, REVIEW = "pass", "fail", "review"
CREDIT_GRADES = frozenset({"A+", "A", "A-", "B+", "B", "C+", "C"})
GOOD_ENGLISH_GRADES = frozenset({"A+", "A", "A-", "B+", "B"})
DEGREE_LEVELS = frozenset({"diploma", "bachelor", "master", "doctorate"})
LEVEL_RANK = {"stpm": 1, "diploma": 2, "bachelor": 3, "master": 4, "doctorate": 5}
MINIMUM_AGE = 18
LEVELS = dict(Qualification.Level.choices)
FIELDS = dict(Qualification.Field.choices)


@dataclass(frozen=True)
class RuleResult:
    """A rule's outcome and its reason, kept as a message and parameters so that it reads in both languages."""

    rule: str
    outcome: str
    message: Promise
    params: dict = field(default_factory=dict)
    points: int = 0

    def reason(self) -> str:
        """The reason in the active language (wrap in translation.override for another)."""
        return str(self.message) % {key: render(value) for key, value in self.params.items()}


def render(value) -> str:
    """A parameter in the active language: lazy texts translated, lists joined."""
    if isinstance(value, list | tuple):
        return ", ".join(render(item) for item in value)
    return str(value)


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
    qualifications: tuple[tuple[str, str], ...] = ()  # (level, field of study)
    mia_full_member: bool = False
    accounting_body_full_member: bool = False
    practising_certificate: bool = False
    ip_law_knowledge: str = ""
    english_level: str = ""
    experiences: tuple[tuple[dt.date, dt.date | None], ...] = ()
    document_kinds: frozenset[str] = frozenset()

    @classmethod
    def from_snapshot(cls, snapshot: dict) -> "Facts":
        profile = snapshot.get("profile", {})

        def date(value):
            return dt.date.fromisoformat(value) if value else None

        return cls(
            citizenship=profile.get("citizenship") or "",
            mykad=profile.get("mykad") or "",
            date_of_birth=date(profile.get("date_of_birth")),
            spm_bm_grade=profile.get("spm_bm_grade") or "",
            spm_bm_oral_passed=profile.get("spm_bm_oral_passed"),
            spm_bm_july_credit=bool(profile.get("spm_bm_july_credit")),
            spm_bi_grade=profile.get("spm_bi_grade") or "",
            qualifications=tuple((q["level"], q["field_of_study"]) for q in snapshot.get("qualifications", [])),
            mia_full_member=bool(profile.get("mia_full_member")),
            accounting_body_full_member=bool(profile.get("accounting_body_full_member")),
            practising_certificate=bool(profile.get("practising_certificate")),
            ip_law_knowledge=(profile.get("ip_law_knowledge") or "").strip(),
            english_level=profile.get("english_level") or "",
            experiences=tuple(
                (date(e["started_on"]), date(e.get("ended_on"))) for e in snapshot.get("experiences", [])
            ),
            document_kinds=frozenset(d["kind"] for d in snapshot.get("documents", [])),
        )


@dataclass(frozen=True)
class Requirements:
    """What the post and its advertisement ask, from the seed's qualification lines."""

    closes_on: dt.date
    min_qualification: str = "spm"
    qualification_fields: tuple[str, ...] = ()
    accepts_accounting_membership: bool = False
    min_experience_years: int | None = None
    preferences: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def for_post(cls, post) -> "Requirements":
        return cls(
            closes_on=post.advertisement.closes_on,
            min_qualification=post.min_qualification,
            qualification_fields=tuple(post.qualification_fields),
            accepts_accounting_membership=post.accepts_accounting_membership,
            min_experience_years=post.min_experience_years,
            preferences=tuple(post.preferences),
        )


def citizenship(facts: Facts, requirements: Requirements) -> RuleResult:
    if facts.citizenship == "malaysian":
        return RuleResult("citizenship", PASS, _("Malaysian citizen."))
    return RuleResult("citizenship", FAIL, _("Not a Malaysian citizen; every post is open to Malaysian citizens only."))


def minimum_age(facts: Facts, requirements: Requirements) -> RuleResult:
    """At least 18 years old on the advertisement's closing date."""
    if facts.date_of_birth is None:
        return RuleResult("minimum_age", REVIEW, _("No date of birth given."))
    age = age_on(facts.date_of_birth, requirements.closes_on)
    params = {"age": age, "date": requirements.closes_on.strftime("%d.%m.%Y")}
    if age >= MINIMUM_AGE:
        return RuleResult("minimum_age", PASS, _("%(age)s years old on the closing date %(date)s."), params)
    return RuleResult(
        "minimum_age", FAIL, _("Only %(age)s years old on the closing date %(date)s; the minimum is 18."), params
    )


def spm_bahasa_melayu(facts: Facts, requirements: Requirements) -> RuleResult:
    """A credit (grade C or better) in Bahasa Melayu at SPM, including a pass in the oral test."""
    grade = facts.spm_bm_grade
    if grade in CREDIT_GRADES and facts.spm_bm_oral_passed:
        return RuleResult(
            "spm_bahasa_melayu", PASS, _("Credit (%(grade)s) in Bahasa Melayu with the oral test."), {"grade": grade}
        )
    if facts.spm_bm_july_credit:
        return RuleResult(
            "spm_bahasa_melayu",
            REVIEW,
            _("Relies on a July-paper credit or another equivalent the Government recognises: HR to check."),
        )
    if grade in CREDIT_GRADES:
        return RuleResult(
            "spm_bahasa_melayu", FAIL, _("Credit in Bahasa Melayu, but the oral test (Ujian Lisan) was not passed.")
        )
    if not grade:
        return RuleResult("spm_bahasa_melayu", FAIL, _("No SPM Bahasa Melayu grade given."))
    return RuleResult(
        "spm_bahasa_melayu", FAIL, _("Grade %(grade)s in Bahasa Melayu is below a credit (C)."), {"grade": grade}
    )


def mykad_date_of_birth(facts: Facts, requirements: Requirements) -> RuleResult:
    """The declared date of birth is the one the MyKad number holds."""
    try:
        mykad = parse_mykad(facts.mykad)
    except ValidationError:
        return RuleResult("mykad_date_of_birth", FAIL, _("The MyKad number is not valid."))
    if mykad.date_of_birth == facts.date_of_birth:
        return RuleResult("mykad_date_of_birth", PASS, _("Date of birth matches the MyKad number."))
    return RuleResult(
        "mykad_date_of_birth",
        FAIL,
        _("The declared date of birth does not match the MyKad number (%(date)s)."),
        {"date": mykad.date_of_birth.strftime("%d.%m.%Y")},
    )


def qualifying_degree(facts: Facts, requirements: Requirements) -> tuple[str, str] | None:
    """The qualification the candidate relies on for the post, if any."""
    wanted = requirements.min_qualification
    if wanted == "spm":
        return None
    minimum = LEVEL_RANK["bachelor"] if wanted == "bachelor" else LEVEL_RANK["stpm"]
    matches = [
        (level, field_of_study)
        for level, field_of_study in facts.qualifications
        if LEVEL_RANK.get(level, 0) >= minimum
        and (not requirements.qualification_fields or field_of_study in requirements.qualification_fields)
    ]
    return max(matches, key=lambda q: LEVEL_RANK[q[0]]) if matches else None


def qualification(facts: Facts, requirements: Requirements) -> RuleResult:
    """The level and field the post asks for, or one of its "atau" alternatives."""
    wanted = requirements.min_qualification
    if wanted == "spm":
        if facts.spm_bm_grade:
            return RuleResult("qualification", PASS, _("Holds the SPM."))
        return RuleResult("qualification", FAIL, _("No SPM results given."))
    relied = qualifying_degree(facts, requirements)
    if relied:
        return RuleResult(
            "qualification",
            PASS,
            _("Holds a qualification at the required level (%(level)s, %(field)s)."),
            {"level": LEVELS.get(relied[0], relied[0]), "field": FIELDS.get(relied[1], relied[1])},
        )
    if requirements.accepts_accounting_membership and (facts.mia_full_member or facts.accounting_body_full_member):
        body = _("the Malaysian Institute of Accountants") if facts.mia_full_member else _("an accounting body")
        return RuleResult("qualification", PASS, _("Full member of %(body)s, an accepted alternative."), {"body": body})
    if wanted == "bachelor":
        fields = [FIELDS.get(name, name) for name in requirements.qualification_fields]
        if requirements.accepts_accounting_membership:
            return RuleResult(
                "qualification",
                FAIL,
                _("No bachelor's degree in %(fields)s, and not a full member of a recognised accounting body."),
                {"fields": fields},
            )
        if fields:
            return RuleResult("qualification", FAIL, _("No bachelor's degree in %(fields)s."), {"fields": fields})
        return RuleResult("qualification", FAIL, _("No bachelor's degree."))
    return RuleResult("qualification", FAIL, _("Neither an STPM nor a diploma."))


def mqa_letter(facts: Facts, requirements: Requirements) -> RuleResult:
    """The MQA recognition letter, where a diploma or degree is relied on."""
    relied = qualifying_degree(facts, requirements)
    if not relied or relied[0] not in DEGREE_LEVELS:
        return RuleResult("mqa_letter", PASS, _("Not required: no diploma or degree is relied on."))
    if "mqa_letter" in facts.document_kinds:
        return RuleResult("mqa_letter", PASS, _("MQA recognition letter attached."))
    return RuleResult("mqa_letter", FAIL, _("The MQA recognition letter for the diploma or degree is missing."))


def vaccination(facts: Facts, requirements: Requirements) -> RuleResult:
    if "vaccination" in facts.document_kinds:
        return RuleResult("vaccination", PASS, _("COVID-19 vaccination certificate attached."))
    return RuleResult("vaccination", FAIL, _("The two-dose COVID-19 vaccination certificate is missing."))


def experience_years(facts: Facts, on: dt.date) -> float:
    days = sum(((end or on) - start).days for start, end in facts.experiences if start and (end or on) >= start)
    return days / 365.25


def experience(facts: Facts, requirements: Requirements) -> RuleResult:
    """Post 6: 3 to 5 years of experience, or high skill (which HR judges)."""
    if not requirements.min_experience_years:
        return RuleResult("experience", PASS, _("No experience required."))
    years = experience_years(facts, requirements.closes_on)
    params = {"years": f"{years:.1f}", "minimum": requirements.min_experience_years}
    if years >= requirements.min_experience_years:
        return RuleResult("experience", PASS, _("%(years)s years of experience (minimum %(minimum)s)."), params)
    return RuleResult(
        "experience",
        REVIEW,
        _("%(years)s years of experience, below %(minimum)s: HR to judge whether high skill makes up for it."),
        params,
    )


def preferences(facts: Facts, requirements: Requirements) -> RuleResult:
    """Preferences earn ranking points; they never exclude anyone."""
    earned = []
    if "ip_law_knowledge" in requirements.preferences and facts.ip_law_knowledge:
        earned.append(_("knowledge of intellectual property law"))
    if "good_english" in requirements.preferences and (
        facts.english_level in {"excellent", "good"} or facts.spm_bi_grade in GOOD_ENGLISH_GRADES
    ):
        earned.append(_("good English"))
    if "practising_certificate" in requirements.preferences and facts.practising_certificate:
        earned.append(_("Practising Certificate"))
    if not requirements.preferences:
        return RuleResult("preferences", PASS, _("The post states no preference."))
    if not earned:
        return RuleResult("preferences", PASS, _("No preference of the post met (0 points)."))
    return RuleResult(
        "preferences",
        PASS,
        _("Preferences met: %(list)s (%(points)s points)."),
        {"list": earned, "points": len(earned)},
        points=len(earned),
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
    preferences,
]

RULE_NAMES = {
    "citizenship": _("Malaysian citizen"),
    "minimum_age": _("At least 18 on the closing date"),
    "spm_bahasa_melayu": _("SPM credit in Bahasa Melayu with the oral test"),
    "mykad_date_of_birth": _("Date of birth matches MyKad"),
    "qualification": _("Qualification for the post"),
    "mqa_letter": _("MQA recognition letter"),
    "vaccination": _("COVID-19 vaccination certificate"),
    "experience": _("Experience"),
    "preferences": _("Preferences (ranking points)"),
}


def evaluate(facts: Facts, requirements: Requirements) -> tuple[str, int, list[RuleResult]]:
    """Every rule's result, the overall outcome (fail beats review beats pass) and the ranking points."""
    results = [rule(facts, requirements) for rule in RULES]
    outcomes = {result.outcome for result in results}
    overall = FAIL if FAIL in outcomes else REVIEW if REVIEW in outcomes else PASS
    return overall, sum(result.points for result in results), results
