"""Semak kelayakan: the screening rules applied to a few answers before applying, or to the BORANG before submitting.

Nothing here is stored: the answers become `Facts` and are evaluated by the same rule functions as HR's screening.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Document, Profile
from applications.snapshot import snapshot_build
from vacancies.models import Post

from .outcomes import FAIL, PASS, REVIEW
from .rules import RULE_NAMES, Facts, Job, Requirements, RuleResult, add_months, evaluate

# The rules a few answers decide; the others need the BORANG and its documents, or HR.
ASKED_RULES = ("citizenship", "minimum_age", "spm_bahasa_melayu", "qualification", "experience")
CHECKED_ON_APPLYING = ("mykad_date_of_birth", "mqa_letter", "vaccination", "languages", "computer_skills")
HIGH_SKILL_LATER = _("described in the application form")


@dataclass(frozen=True)
class Verdict:
    """A post's overall outcome and the results it comes from (fail beats review beats pass)."""

    post: Post
    outcome: str
    results: tuple[RuleResult, ...]

    @property
    def failing(self) -> list[RuleResult]:
        return [result for result in self.results if result.outcome == FAIL]

    @property
    def to_review(self) -> list[RuleResult]:
        return [result for result in self.results if result.outcome == REVIEW]


def overall(results) -> str:
    outcomes = {result.outcome for result in results}
    return FAIL if FAIL in outcomes else REVIEW if REVIEW in outcomes else PASS


def facts_from_answers(*, answers: dict, today: dt.date | None = None) -> Facts:
    """The cleaned answers of the eligibility form as the facts the rules read; experience counts up to today."""
    today = today or timezone.localdate()
    level = answers.get("qualification_level") or ""
    qualifications = ((level, answers.get("field_of_study") or "other"),) if level else ()
    years = answers.get("experience_years") or 0
    experiences = ()
    if years:
        experiences = (Job(add_months(today, -12 * years), today, answers.get("field_of_work") or ""),)
    oral = answers.get("spm_bm_oral_passed")
    return Facts(
        citizenship=answers.get("citizenship") or "",
        date_of_birth=answers.get("date_of_birth"),
        spm_bm_grade=answers.get("spm_bm_grade") or "",
        spm_bm_oral_passed=None if oral in (None, "") else bool(oral),
        spm_bm_july_credit=bool(answers.get("spm_bm_july_credit")),
        qualifications=qualifications,
        accounting_body=answers.get("accounting_body") or "",
        accounting_membership_number=(answers.get("accounting_membership_number") or "").strip(),
        experiences=experiences,
        ict_high_skill=bool(answers.get("ict_high_skill")),
        ict_high_skill_details=str(HIGH_SKILL_LATER) if answers.get("ict_high_skill") else "",
    )


def eligibility_check(*, facts: Facts, posts) -> list[Verdict]:
    """For every post, the results of the rules the answers decide, and the overall outcome of those."""
    verdicts = []
    for post in posts:
        _outcome, _points, results = evaluate(facts, Requirements.for_post(post))
        asked = tuple(result for result in results if result.rule in ASKED_RULES)
        verdicts.append(Verdict(post, overall(asked), asked))
    return verdicts


def checked_on_applying() -> list:
    """The names of the rules the quick check leaves to the BORANG and its documents."""
    return [RULE_NAMES[name] for name in CHECKED_ON_APPLYING]


def verdict_for_profile(*, profile: Profile, post: Post, documents: list[Document] | None = None) -> Verdict:
    """The verdict of HR's screening on the BORANG as it would be submitted now (nothing is stored; `documents`:
    the candidate's current documents, if already read)."""
    if documents is None:
        documents = list(Document.objects.current().filter(owner_id=profile.user_id))
    facts = Facts.from_snapshot(snapshot_build(profile=profile, documents=documents))
    outcome, _points, results = evaluate(facts, Requirements.for_post(post))
    return Verdict(post, outcome, tuple(results))
