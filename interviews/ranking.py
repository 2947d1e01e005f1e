"""Ranking the interviewed candidates of a post: pure functions over plain values, no database.

A candidate's score is the mean of the panel members' weighted totals (each of 100, to 2 places), to 2
places, half up. Ties are broken by the screening points (higher first), then by the earlier submission
of the application, then by the application's number, so the order never depends on the database.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .marks import TWO_PLACES

SELECTED = "selected"
RESERVE = "reserve"
NOT_SELECTED = "not_selected"


@dataclass
class Candidate:
    """What the ranking needs of one attended candidate: the members' totals and the tie-breakers."""

    key: int
    totals: list[Decimal]
    points: int = 0
    submitted_at: object = None
    application_id: int = 0
    score: Decimal = Decimal(0)
    spread: Decimal = Decimal(0)
    flagged: bool = False
    rank: int = 0
    proposed: str = ""
    reserve_position: int | None = None
    extra: dict = field(default_factory=dict)


def score_of(totals: list[Decimal]) -> Decimal:
    """The mean of the members' totals, to 2 places, half up."""
    if not totals:
        return Decimal("0.00")
    return (sum(totals, Decimal(0)) / len(totals)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def spread_of(totals: list[Decimal]) -> Decimal:
    """The distance between the highest and the lowest member's total."""
    if not totals:
        return Decimal("0.00")
    return (max(totals) - min(totals)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def tie_key(candidate: Candidate) -> tuple:
    """Higher score first; then more screening points; then the earlier submission; then the lower number."""
    return (-candidate.score, -candidate.points, candidate.submitted_at, candidate.application_id)


def rank(candidates: list[Candidate], *, vacancies: int, reserve_size: int, disagreement: Decimal) -> list[Candidate]:
    """Score, order and propose: the first `vacancies` selected, the next `reserve_size` reserve, the rest not."""
    for candidate in candidates:
        candidate.score = score_of(candidate.totals)
        candidate.spread = spread_of(candidate.totals)
        candidate.flagged = candidate.spread > disagreement
    ordered = sorted(candidates, key=tie_key)
    for number, candidate in enumerate(ordered, start=1):
        candidate.rank = number
        if number <= vacancies:
            candidate.proposed, candidate.reserve_position = SELECTED, None
        elif number <= vacancies + reserve_size:
            candidate.proposed, candidate.reserve_position = RESERVE, number - vacancies
        else:
            candidate.proposed, candidate.reserve_position = NOT_SELECTED, None
    return ordered
