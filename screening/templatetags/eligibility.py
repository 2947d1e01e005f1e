"""The eligibility verdict in templates: the rule names, and the verdict on the BORANG at its review step."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..eligibility import verdict_for_profile
from ..outcomes import FAIL, PASS, REVIEW
from ..rules import RULE_NAMES

register = template.Library()

# How the candidate reads an outcome: "needs review" is HR's word.
CANDIDATE_OUTCOMES = {PASS: _("Eligible"), FAIL: _("Not eligible"), REVIEW: _("For HR to judge")}
OUTCOME_STYLES = {PASS: "success", FAIL: "danger", REVIEW: "warning"}


@register.filter
def rule_name(rule: str) -> str:
    return RULE_NAMES.get(rule, rule)


@register.filter
def candidate_outcome(outcome: str) -> str:
    return CANDIDATE_OUTCOMES.get(outcome, outcome)


@register.filter
def outcome_style(outcome: str) -> str:
    return OUTCOME_STYLES.get(outcome, "secondary")


@register.inclusion_tag("screening/_verdict.html")
def eligibility_verdict(profile, post, documents=None):
    """What HR's screening would say of the BORANG as it stands, for the post: shown, never stored."""
    return {"verdict": verdict_for_profile(profile=profile, post=post, documents=documents)}
