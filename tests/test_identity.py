"""MyKad numbers, telephone numbers, postcodes and age, checked without the database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from applications.identity import (
    PLACE_OF_BIRTH_CODES,
    State,
    age_on,
    error_messages,
    format_phone,
    mask_mykad,
    normalise_phone,
    parse_mykad,
    validate_postcode,
)

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize("value", ["900101-14-5678", "900101145678", " 900101 14 5678 "])
def test_a_mykad_is_accepted_with_or_without_dashes(value):
    mykad = parse_mykad(value, today=TODAY)
    assert mykad.number == "900101145678"
    assert mykad.date_of_birth == dt.date(1990, 1, 1)
    assert (mykad.place_code, mykad.sex) == ("14", "F")
    assert mykad.formatted == "900101-14-5678"


@pytest.mark.parametrize(("number", "sex"), [("900101145671", "M"), ("900101145678", "F"), ("900101145679", "M")])
def test_the_last_digit_gives_the_sex(number, sex):
    assert parse_mykad(number, today=TODAY).sex == sex


@pytest.mark.parametrize(
    "value",
    [
        "",
        "90010114567",
        "9001011456789",
        "9001011456A8",
        "9001-0114-5678",
        "900101/14/5678",
        "900101--14-5678",
        "abc",
        "٩٠٠١٠١١٤٥٦٧٨",  # Arabic-Indic digits
        "９００１０１１４５６７８",  # full-width digits
    ],
)
def test_a_mykad_of_the_wrong_shape_is_refused(value):
    with pytest.raises(ValidationError) as error:
        parse_mykad(value, today=TODAY)
    assert error.value.code == "mykad_format"


@pytest.mark.parametrize(
    ("value", "born"),
    [
        ("000229145678", dt.date(2000, 2, 29)),
        ("081125145678", dt.date(2008, 11, 25)),
        # a MyKad is issued at 12: the most recent century in which the holder is at least 12
        ("141125145678", dt.date(2014, 11, 25)),
        ("141126145678", dt.date(1914, 11, 26)),
        ("230101145678", dt.date(1923, 1, 1)),
        ("261125145678", dt.date(1926, 11, 25)),
        ("261126145678", dt.date(1926, 11, 26)),
        ("270101145678", dt.date(1927, 1, 1)),
        ("991231145678", dt.date(1999, 12, 31)),
    ],
)
def test_without_a_declared_date_the_century_makes_the_holder_at_least_12(value, born):
    assert parse_mykad(value, today=TODAY).date_of_birth == born


@pytest.mark.parametrize(
    ("value", "declared", "born"),
    [
        ("230101145678", dt.date(1923, 1, 1), dt.date(1923, 1, 1)),
        ("230101145678", dt.date(2023, 1, 1), dt.date(2023, 1, 1)),
        ("000101145678", dt.date(2000, 1, 1), dt.date(2000, 1, 1)),
        ("000101145678", dt.date(1900, 1, 1), dt.date(1900, 1, 1)),
        ("261125145678", TODAY, TODAY),
        ("261125145678", dt.date(1926, 11, 25), dt.date(1926, 11, 25)),
        # a declared date the number does not hold, or one in the future, decides nothing
        ("230101145678", dt.date(1990, 1, 1), dt.date(1923, 1, 1)),
        ("261126145678", dt.date(2026, 11, 26), dt.date(1926, 11, 26)),
    ],
)
def test_the_declared_date_of_birth_decides_the_century(value, declared, born):
    assert parse_mykad(value, today=TODAY, date_of_birth=declared).date_of_birth == born


def test_a_date_of_birth_in_the_future_in_both_centuries_is_refused():
    with pytest.raises(ValidationError) as error:
        parse_mykad("600101145678", today=dt.date(1950, 1, 1))
    assert error.value.code == "mykad_date"


@pytest.mark.parametrize(
    "value",
    ["901301145678", "900132145678", "900230145678", "010229145678", "900000145678", "900431145678"],
)
def test_an_impossible_date_of_birth_is_refused(value):
    with pytest.raises(ValidationError) as error:
        parse_mykad(value, today=TODAY)
    assert error.value.code == "mykad_date"


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("00", False),
        ("01", True),
        ("16", True),
        ("17", False),
        ("20", False),
        ("21", True),
        ("59", True),
        ("60", True),
        ("68", True),
        ("69", False),
        ("70", False),
        ("71", True),
        ("72", True),
        ("73", False),
        ("74", True),
        ("79", True),
        ("80", False),
        ("81", False),
        ("82", True),
        ("93", True),
        ("94", False),
        ("97", False),
        ("98", True),
        ("99", True),
    ],
)
def test_place_of_birth_codes(code, valid):
    number = f"900101{code}5678"
    if valid:
        assert parse_mykad(number, today=TODAY).place_code == code
    else:
        with pytest.raises(ValidationError) as error:
            parse_mykad(number, today=TODAY)
        assert error.value.code == "mykad_place"


def test_place_of_birth_codes_are_exactly_the_listed_ranges():
    listed = [*range(1, 17), *range(21, 69), 71, 72, *range(74, 80), *range(82, 94), 98, 99]
    assert {f"{code:02d}" for code in listed} == PLACE_OF_BIRTH_CODES
    assert len(PLACE_OF_BIRTH_CODES) == 86


def test_masking_keeps_the_first_two_and_last_four_digits():
    assert mask_mykad("900101145678") == "90****-**-5678"
    assert parse_mykad("900101145678", today=TODAY).masked == "90****-**-5678"


def test_masking_a_number_of_the_wrong_length_hides_every_character():
    assert mask_mykad("90010114567") == "*" * 11
    assert mask_mykad("") == ""


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        ("012-345 6789", "+60123456789"),
        ("+60 12-345 6789", "+60123456789"),
        ("60123456789", "+60123456789"),
        ("011-1234 5678", "+601112345678"),
        ("(03) 8888 8888", "+60388888888"),
        ("04-227 1234", "+6042271234"),
        ("082.234.567", "+6082234567"),
    ],
)
def test_malaysian_telephone_numbers_are_stored_in_e164(value, digits):
    assert normalise_phone(value) == digits


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12345",
        "0223456789",
        "01234",
        "+44 20 7946 0958",
        "012-345-67890-1",
        "phone",
        "٠١٢٣٤٥٦٧٨٩",
        "6012345678",
        "013-1234 5678",  # the pattern of an 011 number, but 013 numbers have seven digits after the prefix
        "089-123 4567",
    ],
)
def test_telephone_numbers_that_cannot_exist_are_refused(value):
    with pytest.raises(ValidationError) as error:
        normalise_phone(value)
    assert error.value.code == "phone_invalid"


@pytest.mark.parametrize(
    ("digits", "shown"),
    [
        ("+60123456789", "012-345 6789"),
        ("+601112345678", "011-1234 5678"),
        ("+60388888888", "03-8888 8888"),
        ("+6042271234", "04-227 1234"),
        ("+6082234567", "082-234 567"),
        ("0123456789", "012-345 6789"),  # stored before E.164, in snapshots of earlier applications
        ("", ""),
        ("012-345 6789", "012-345 6789"),
        ("0891234567", "0891234567"),  # cannot exist: shown as it is
    ],
)
def test_telephone_numbers_are_shown_in_the_malaysian_format(digits, shown):
    assert format_phone(digits) == shown


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("46200", True),
        (" 01000 ", True),
        ("", False),
        ("4620", False),
        ("462000", False),
        ("00000", False),
        ("4620a", False),
        ("46 200", False),
        ("٤٦٢٠٠", False),
    ],
)
def test_postcodes_have_five_digits(value, valid):
    if valid:
        assert validate_postcode(value) == value.strip()
    else:
        with pytest.raises(ValidationError) as error:
            validate_postcode(value)
        assert error.value.code == "postcode_invalid"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2005, 11, 28), dt.date(2023, 11, 28), 18),
        (dt.date(2005, 11, 29), dt.date(2023, 11, 28), 17),
        (dt.date(2004, 2, 29), dt.date(2022, 2, 28), 17),
        (dt.date(2004, 2, 29), dt.date(2022, 3, 1), 18),
        (dt.date(2004, 2, 29), dt.date(2024, 2, 29), 20),
    ],
)
def test_age_in_whole_years_with_leap_day_birthdays_on_1_march(born, on, age):
    assert age_on(born, on) == age


def test_there_are_thirteen_states_and_three_federal_territories_with_slug_values():
    assert len(State.choices) == 16
    assert State.NEGERI_SEMBILAN == "negeri-sembilan" and State.NEGERI_SEMBILAN.label == "Negeri Sembilan"
    assert State.KUALA_LUMPUR == "kuala-lumpur" and State.KUALA_LUMPUR.label == "Wilayah Persekutuan Kuala Lumpur"
    assert sum(label.startswith("Wilayah Persekutuan ") for label in State.labels) == 3
    assert all(value == value.lower() and " " not in value for value in State.values)


def test_every_error_code_has_an_english_message_that_is_raised_with_it():
    assert set(error_messages) == {"mykad_format", "mykad_date", "mykad_place", "phone_invalid", "postcode_invalid"}
    with pytest.raises(ValidationError) as error:
        parse_mykad("900101175678", today=TODAY)
    assert error.value.messages == [str(error_messages["mykad_place"])]
    assert "012-345 6789" in str(error_messages["phone_invalid"])
