"""Validators for free text typed by candidates, shared by every form.

Every check here runs in time linear in the length of its input, and lengths are checked first: a
validator is reachable anonymously (registration), so it must not be a way to stall a worker.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# One character class, no quantifier over a group: linear whatever the input.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
NAME_PUNCTUATION = frozenset(" .'’/@()-")
NAME_MAX_LENGTH = 150
TEXT_MAX_LENGTH = 5000

error_messages = {
    "markup": _("Please use plain text: the characters < and > are not accepted."),
    "control": _("This text contains invisible control characters. Please type it again."),
    "name": _("A name may contain letters, spaces and . ' - / @ ( ) only."),
    "name_too_long": _("A name has at most %(limit)s characters."),
    "text_too_long": _("This text has at most %(limit)s characters."),
}


def plain_text(value: str) -> None:
    """Free text is stored as typed but must not carry markup or control characters."""
    value = value or ""
    if len(value) > TEXT_MAX_LENGTH:
        raise ValidationError(error_messages["text_too_long"], code="text_too_long", params={"limit": TEXT_MAX_LENGTH})
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(error_messages["control"], code="control")
    if "<" in value or ">" in value:
        raise ValidationError(error_messages["markup"], code="markup")


def is_person_name(value: str) -> bool:
    """A letter first, then letters and the punctuation Malaysian names use; one pass over the characters."""
    if not value or not value[0].isalpha():
        return False
    return all(ch.isalpha() or ch in NAME_PUNCTUATION for ch in value)


def person_name(value: str) -> None:
    """A person's name: letters and the punctuation Malaysian names use (bin, a/l, @)."""
    value = (value or "").strip()
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(error_messages["name_too_long"], code="name_too_long", params={"limit": NAME_MAX_LENGTH})
    if value and not is_person_name(value):
        raise ValidationError(error_messages["name"], code="name")
