"""Which qualification a candidate relies on for a post, and whether its MQA recognition letter is there.

One pure function serves the screening rule and the check before submission, so that both ask for the same
documents: the letter of the diploma or degree that meets the post, not of the highest one held.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .constants import DEGREE_LEVELS, LEVEL_RANK, RECOGNISED_ACCOUNTING_BODIES

# How a post's qualification line is met, strongest first.
ACCEPTED = "accepted"  # the level, in a field the post names (or any field, where it names none)
MEMBERSHIP = "membership"  # full member of a recognised accounting body, where the post accepts it instead
RELATED = "related"  # the level, in a field plausibly related to the post's: HR judges
MEMBERSHIP_TO_JUDGE = "membership_to_judge"  # a body not on the list, or no membership number: HR judges
SPM = "spm"  # the post asks for the SPM only
NONE = "none"
STRENGTH = {ACCEPTED: 2, MEMBERSHIP: 2, RELATED: 1, MEMBERSHIP_TO_JUDGE: 1}

# The MQA letter of the qualification relied on.
NOT_NEEDED, ATTACHED, MISSING, UNLINKED = "not_needed", "attached", "missing", "unlinked"


@dataclass(frozen=True)
class Held:
    """A qualification as declared; `key` is what an MQA letter names to say it recognises this one."""

    level: str
    field_of_study: str
    key: str = ""


@dataclass(frozen=True)
class Reliance:
    match: str
    held: Held | None = None
    mqa_letter: str = NOT_NEEDED

    @property
    def letter_ok(self) -> bool:
        return self.mqa_letter in {NOT_NEEDED, ATTACHED}


def field_match(held: Held, named_fields, related_fields) -> str:
    if held.level == "stpm" or not (named_fields or related_fields) or held.field_of_study in named_fields:
        return ACCEPTED  # the STPM has no field; "bidang berkaitan" qualifies the diploma
    return RELATED if held.field_of_study in related_fields else NONE


def letter_state(held: Held, degrees: list[Held], mqa_letters_for: frozenset[str], unlinked: int) -> str:
    if held.level not in DEGREE_LEVELS:
        return NOT_NEEDED
    if held.key and held.key in mqa_letters_for:
        return ATTACHED
    if unlinked and len(degrees) == 1:
        return ATTACHED  # a letter not linked to a qualification can only be for the one diploma or degree
    return UNLINKED if unlinked else MISSING


def meets_level(held: Held, min_qualification: str) -> bool:
    minimum = LEVEL_RANK["bachelor"] if min_qualification == "bachelor" else LEVEL_RANK["stpm"]
    return LEVEL_RANK.get(held.level, 0) >= minimum


def relied_on(
    *,
    held: Iterable[Held],
    min_qualification: str,
    named_fields: Iterable[str] = (),
    related_fields: Iterable[str] = (),
    accepts_membership: bool = False,
    accounting_body: str = "",
    membership_number: str = "",
    mqa_letters_for: frozenset[str] = frozenset(),
    unlinked_mqa_letters: int = 0,
) -> Reliance:
    """The strongest way the candidate meets the post's qualification line; among equals, one whose letter is there.

    `mqa_letters_for` holds the keys of the qualifications an MQA letter is linked to; `unlinked_mqa_letters`
    counts letters linked to none (uploaded before letters were linked).
    """
    if min_qualification == "spm":
        return Reliance(SPM)
    held = list(held)
    named_fields, related_fields = frozenset(named_fields), frozenset(related_fields)
    degrees = [q for q in held if q.level in DEGREE_LEVELS]
    options = []
    for qualification in held:
        match = field_match(qualification, named_fields, related_fields)
        if meets_level(qualification, min_qualification) and match != NONE:
            state = letter_state(qualification, degrees, mqa_letters_for, unlinked_mqa_letters)
            options.append(Reliance(match, qualification, state))
    if accepts_membership and accounting_body:
        recognised = accounting_body in RECOGNISED_ACCOUNTING_BODIES and membership_number.strip()
        options.append(Reliance(MEMBERSHIP if recognised else MEMBERSHIP_TO_JUDGE))
    if not options:
        return Reliance(NONE)
    return max(
        options,
        key=lambda r: (STRENGTH[r.match], r.letter_ok, LEVEL_RANK.get(r.held.level, 0) if r.held else 0),
    )
