"""Malaysian identifiers: MyKad numbers, telephone numbers, postcodes, states, and age on a date."""

import datetime as dt
import re
from typing import NamedTuple

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

error_messages = {
    "mykad_format": _("A MyKad number has 12 digits, written as YYMMDD-PB-###G."),
    "mykad_date": _("The first six digits of the MyKad number are not a valid date of birth."),
    "mykad_place": _("The place-of-birth code (digits 7 and 8) of the MyKad number is not valid."),
    "phone_invalid": _("Enter a Malaysian telephone number, for example 012-345 6789 or 03-8888 8888."),
    "postcode_invalid": _("A postcode has five digits, for example 46200."),
}

# Digits 7-8 of a MyKad: states and federal territories (01-16, 21-59), births abroad or unknown.
PLACE_OF_BIRTH_CODES = frozenset(
    f"{code:02d}"
    for code in [
        *range(1, 17),
        *range(21, 60),
        *range(60, 69),
        71,
        72,
        *range(74, 80),
        82,
        *range(83, 94),
        98,
        99,
    ]
)

# [0-9], not \d: \d also matches Arabic-Indic and full-width digits.
MYKAD = re.compile(r"^([0-9]{6})[- ]?([0-9]{2})[- ]?([0-9]{4})$")


class MyKad(NamedTuple):
    number: str
    date_of_birth: dt.date
    place_code: str
    sex: str

    @property
    def formatted(self) -> str:
        return f"{self.number[:6]}-{self.number[6:8]}-{self.number[8:]}"

    @property
    def masked(self) -> str:
        return mask_mykad(self.number)


def mask_mykad(number: str) -> str:
    """Keep the first two and the last four digits: 90****-**-5678."""
    if len(number) != 12:
        return "*" * len(number)
    return f"{number[:2]}****-**-{number[8:]}"


# A MyKad is issued at 12 (a MyKid before): of the two centuries, the holder is the one at least this old.
MYKAD_ISSUE_AGE = 12


def parse_mykad(value: str, *, today: dt.date | None = None, date_of_birth: dt.date | None = None) -> MyKad:
    """Check a MyKad number and read the date of birth, place code and sex it holds.

    The number gives only two digits of the year. With the declared date of birth, the century is the one that
    matches it; without, the most recent century in which the holder is at least MYKAD_ISSUE_AGE, otherwise the
    most recent one not in the future.
    """
    match = MYKAD.match((value or "").strip())
    if not match:
        raise ValidationError(error_messages["mykad_format"], code="mykad_format")
    birth, place, serial = match.groups()
    today = today or timezone.localdate()
    yy, month, day = int(birth[:2]), int(birth[2:4]), int(birth[4:])
    candidates = [date for date in _dates(yy, month, day) if date <= today]
    if not candidates:
        raise ValidationError(error_messages["mykad_date"], code="mykad_date")
    if date_of_birth in candidates:
        born = date_of_birth
    else:
        old_enough = [date for date in candidates if age_on(date, today) >= MYKAD_ISSUE_AGE]
        born = (old_enough or candidates)[0]
    if place not in PLACE_OF_BIRTH_CODES:
        raise ValidationError(error_messages["mykad_place"], code="mykad_place")
    return MyKad(birth + place + serial, born, place, "M" if int(serial[-1]) % 2 else "F")


def _dates(yy: int, month: int, day: int) -> list[dt.date]:
    """The dates the six digits can stand for, most recent century first (29.02.1900 did not exist)."""
    dates = []
    for century in (2000, 1900):
        try:
            dates.append(dt.date(century + yy, month, day))
        except ValueError:
            continue
    return dates


PHONE_MAX_INPUT = 25  # the longest way of writing a Malaysian number, with spaces, dashes and +60


def phone_parse(value: str):
    """A telephone number as the phonenumbers library reads it, in Malaysia; None if it cannot exist there."""
    text = (value or "").strip()
    if not text or len(text) > PHONE_MAX_INPUT or not text.isascii():
        return None
    try:
        number = phonenumbers.parse(text, "MY")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.region_code_for_number(number) != "MY" or not phonenumbers.is_valid_number(number):
        return None
    return number


def normalise_phone(value: str) -> str:
    """A Malaysian number that can exist (the numbering plan, not a pattern), in E.164: 012-345 6789 is +60123456789."""
    number = phone_parse(value)
    if number is None:
        raise ValidationError(error_messages["phone_invalid"], code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """A stored number as Malaysians write it: +60123456789 as 012-345 6789, +60388888888 as 03-8888 8888.

    Numbers stored before E.164 (0123456789) are shown the same way; anything else is shown as it is.
    """
    if not value:
        return ""
    number = phone_parse(value)
    if number is None:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def validate_postcode(value: str) -> str:
    """Five digits, not 00000: ' 46200 ' becomes '46200'."""
    digits = (value or "").strip()
    if not re.fullmatch(r"[0-9]{5}", digits) or digits == "00000":
        raise ValidationError(error_messages["postcode_invalid"], code="postcode_invalid")
    return digits


class State(models.TextChoices):
    JOHOR = "johor", "Johor"
    KEDAH = "kedah", "Kedah"
    KELANTAN = "kelantan", "Kelantan"
    MELAKA = "melaka", "Melaka"
    NEGERI_SEMBILAN = "negeri-sembilan", "Negeri Sembilan"
    PAHANG = "pahang", "Pahang"
    PULAU_PINANG = "pulau-pinang", "Pulau Pinang"
    PERAK = "perak", "Perak"
    PERLIS = "perlis", "Perlis"
    SABAH = "sabah", "Sabah"
    SARAWAK = "sarawak", "Sarawak"
    SELANGOR = "selangor", "Selangor"
    TERENGGANU = "terengganu", "Terengganu"
    KUALA_LUMPUR = "kuala-lumpur", "Wilayah Persekutuan Kuala Lumpur"
    LABUAN = "labuan", "Wilayah Persekutuan Labuan"
    PUTRAJAYA = "putrajaya", "Wilayah Persekutuan Putrajaya"


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Whole years completed on a day; a 29 February birthday falls on 1 March in other years."""
    birthday_month_day = (date_of_birth.month, date_of_birth.day)
    if birthday_month_day == (2, 29) and not _is_leap(on.year):
        birthday_month_day = (3, 1)
    return on.year - date_of_birth.year - ((on.month, on.day) < birthday_month_day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# The states of Malaysia's postcodes by their first two digits (Pos Malaysia's ranges). A prefix not listed is
# not checked against the state.
POSTCODE_PREFIX_STATES = {
    **dict.fromkeys(range(1, 3), ("perlis",)),
    **dict.fromkeys(range(5, 10), ("kedah",)),
    **dict.fromkeys(range(10, 15), ("pulau-pinang",)),
    **dict.fromkeys(range(15, 19), ("kelantan",)),
    **dict.fromkeys(range(20, 25), ("terengganu",)),
    **dict.fromkeys(range(25, 29), ("pahang",)),
    **dict.fromkeys(range(30, 37), ("perak",)),
    39: ("pahang",),
    **dict.fromkeys(range(40, 49), ("selangor",)),
    49: ("pahang",),
    **dict.fromkeys(range(50, 61), ("kuala-lumpur",)),
    62: ("putrajaya",),
    **dict.fromkeys(range(63, 69), ("selangor",)),
    69: ("pahang",),
    **dict.fromkeys(range(70, 74), ("negeri-sembilan",)),
    **dict.fromkeys(range(75, 79), ("melaka",)),
    **dict.fromkeys(range(79, 87), ("johor",)),
    87: ("labuan",),
    **dict.fromkeys(range(88, 92), ("sabah",)),
    **dict.fromkeys(range(93, 99), ("sarawak",)),
}


def postcode_states(postcode: str) -> tuple[str, ...]:
    """The states a postcode can be in; empty when unknown (then it is not checked)."""
    if not re.fullmatch(r"[0-9]{5}", postcode or ""):
        return ()
    return POSTCODE_PREFIX_STATES.get(int(postcode[:2]), ())
