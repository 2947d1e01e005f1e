"""Rules of a marking scheme and of a marking sheet: pure functions, no database, no request."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 1000
WEIGHTS_TOTAL = 100
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class TemplateCriterion:
    name_ms: str
    name_en: str
    weight: int
    max_mark: int


# The template HR copies into a post's scheme; the weights total 100.
DEFAULT_TEMPLATE = (
    TemplateCriterion("Pengetahuan dalam bidang jawatan", "Knowledge of the post's field", 40, 10),
    TemplateCriterion(
        "Komunikasi dalam Bahasa Melayu dan Bahasa Inggeris", "Communication in Malay and English", 25, 10
    ),
    TemplateCriterion("Pengalaman", "Experience", 20, 10),
    TemplateCriterion("Personaliti", "Personality", 15, 10),
)

error_messages = {
    "no_criteria": _("A marking scheme needs at least one criterion."),
    "weights_total": _("The weights of the criteria must total 100 %%; they total %(total)s %%."),
    "mark_missing": _("Give a mark for “%(criterion)s”."),
    "mark_range": _("The mark for “%(criterion)s” must be a whole number from 0 to %(max)s."),
    "comment_too_long": _("The comment may have at most %(limit)s characters; it has %(length)s."),
}


def weights_problem(weights: list[int]) -> tuple[str, dict] | None:
    """Why these weights cannot make a scheme (error code, params), or None when they total 100."""
    if not weights:
        return "no_criteria", {}
    total = sum(weights)
    if total != WEIGHTS_TOTAL:
        return "weights_total", {"total": total}
    return None


def mark_problem(value, *, criterion: str, max_mark: int) -> tuple[str, dict] | None:
    """Why a mark is refused (error code, params), or None: a whole number from 0 to the criterion's highest."""
    if value is None or value == "":
        return "mark_missing", {"criterion": criterion}
    if isinstance(value, bool):
        return "mark_range", {"criterion": criterion, "max": max_mark}
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return "mark_range", {"criterion": criterion, "max": max_mark}
    if str(number) != str(value).strip() or not 0 <= number <= max_mark:
        return "mark_range", {"criterion": criterion, "max": max_mark}
    return None


def comment_problem(comment: str) -> tuple[str, dict] | None:
    if len(comment) > COMMENT_MAX_LENGTH:
        return "comment_too_long", {"limit": COMMENT_MAX_LENGTH, "length": len(comment)}
    return None


def weighted_total(marks: list[tuple[int, int, int]]) -> Decimal:
    """One panel member's total of 100: Σ mark / highest mark * weight, over (value, max_mark, weight)."""
    total = sum((Decimal(value) / Decimal(max_mark) * Decimal(weight) for value, max_mark, weight in marks), Decimal(0))
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
