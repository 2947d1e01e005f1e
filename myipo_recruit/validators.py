"""Validators for free text typed by candidates, shared by every form."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
NAME = re.compile(r"^[^\W\d_]+(?:[ .'’/@()-]+[^\W\d_]*)*$")

error_messages = {
    "markup": _("Please use plain text: the characters < and > are not accepted."),
    "control": _("This text contains invisible control characters. Please type it again."),
    "name": _("A name may contain letters, spaces and . ' - / @ ( ) only."),
}


def plain_text(value: str) -> None:
    """Free text is stored as typed but must not carry markup or control characters."""
    if CONTROL_CHARACTERS.search(value or ""):
        raise ValidationError(error_messages["control"], code="control")
    if "<" in (value or "") or ">" in (value or ""):
        raise ValidationError(error_messages["markup"], code="markup")


def person_name(value: str) -> None:
    """A person's name: letters and the punctuation Malaysian names use (bin, a/l, @)."""
    if value and not NAME.match(value.strip()):
        raise ValidationError(error_messages["name"], code="name")
