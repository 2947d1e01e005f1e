"""No validator can stall a worker: every check runs in linear time on hostile input of its maximum length."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from applications.identity import format_phone, normalise_phone, parse_mykad, validate_postcode
from applications.uploads import safe_display_name
from myipo_recruit.validators import NAME_MAX_LENGTH, TEXT_MAX_LENGTH, person_name, plain_text

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ["accounts", "applications", "myipo_recruit", "privacy", "screening", "vacancies", "bench"]

# Inputs built to make a backtracking engine try every split: runs of what a quantifier accepts,
# then one character that makes the whole match fail at the very end.
ADVERSARIAL = {
    "person_name": [
        "a" + " " * (NAME_MAX_LENGTH - 2) + "1",
        "a" + "'" * (NAME_MAX_LENGTH - 2) + "0",
        "a" + " a" * ((NAME_MAX_LENGTH - 2) // 2) + "1",
        "a" + "( " * ((NAME_MAX_LENGTH - 2) // 2) + "_",
        "a" + " " * 10_000 + "1",  # far over the length: refused before any pattern runs
    ],
    "plain_text": ["a" * TEXT_MAX_LENGTH, "\u202e" * TEXT_MAX_LENGTH, "<" * 20_000],
    "parse_mykad": ["9" * 14, "900101-" * 3, "1" * 10_000],
    "normalise_phone": ["+60" + "-" * 17, "0" + " " * 19, "6" * 10_000],
    "validate_postcode": ["4" * 10_000],
    "safe_display_name": ["/" * 10_000 + "a", " " * 10_000 + ".pdf", "\\" * 5000 + "x" * 5000],
    "format_phone": ["0" * 10_000],
}

RUNNER = """
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myipo_recruit.settings")
import django; django.setup()
from django.core.exceptions import ValidationError
from applications.identity import format_phone, normalise_phone, parse_mykad, validate_postcode
from applications.uploads import safe_display_name
from myipo_recruit.validators import person_name, plain_text
cases = json.loads(sys.stdin.read())
slowest = 0.0
for name, values in cases.items():
    for value in values:
        started = time.perf_counter()
        try:
            globals()[name](value)
        except ValidationError:
            pass
        slowest = max(slowest, time.perf_counter() - started)
print(json.dumps({"slowest": slowest}))
"""


def test_every_validator_answers_hostile_input_of_its_maximum_length_at_once():
    """The whole table in a child process with a deadline: a backtracking pattern would hang, not just be slow."""
    result = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(ADVERSARIAL),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,  # generous: a catastrophic pattern takes hours on these inputs, a linear one milliseconds
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1])["slowest"] < 5


@pytest.mark.parametrize("value", ADVERSARIAL["person_name"])
def test_hostile_names_are_refused_with_the_name_message(value):
    with pytest.raises(ValidationError) as error:
        person_name(value)
    assert error.value.code in {"name", "name_too_long"}


@pytest.mark.parametrize(
    "name", ["NUR AISYAH BINTI AHMAD", "Muthu a/l Rajan", "Tan Ah Kow @ Tan Wei Ming", "Mohd. Ali (Jr)", "O’Neil"]
)
def test_real_malaysian_names_still_pass(name):
    person_name(name)


@pytest.mark.parametrize("value", ["1Ali", "Ali2", "Ali_Baba", "", " ", "-Ali"])
def test_what_is_not_a_name_is_still_refused(value):
    if not value.strip():
        person_name(value)  # empty is for `required` to judge
        return
    with pytest.raises(ValidationError):
        person_name(value)


def test_identifiers_refuse_overlong_input_with_their_own_message():
    for check, value in [(parse_mykad, "1" * 10_000), (normalise_phone, "6" * 10_000), (validate_postcode, "4" * 99)]:
        with pytest.raises(ValidationError):
            check(value)
    assert format_phone("0" * 50)  # formatting never fails
    assert len(safe_display_name("/" * 10_000 + "a" * 500)) <= 100
    with pytest.raises(ValidationError) as error:
        plain_text("a" * (TEXT_MAX_LENGTH + 1))
    assert error.value.code == "text_too_long"


@pytest.mark.django_db
def test_an_anonymous_registration_with_a_hostile_name_is_answered_at_once(client):
    response = client.post(
        "/akaun/daftar/",
        {"email": "a@example.my", "full_name": "a" + " " * 60 + "1", "password1": "x", "password2": "x"},
    )
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors


def regexploit(*paths: Path) -> str:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("regexploit-py")), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout + result.stderr


def test_the_redos_linter_finds_no_vulnerable_pattern_in_the_portal():
    files = [path for package in PROJECT_PACKAGES for path in (ROOT / package).rglob("*.py")]
    assert files
    report = regexploit(*files)
    assert "Vulnerable regex" not in report, report


def test_the_redos_linter_would_catch_the_old_name_pattern(tmp_path):
    sample = tmp_path / "old.py"
    sample.write_text('import re\nNAME = re.compile(r"^[^\\W\\d_]+(?:[ .\'/@()-]+[^\\W\\d_]*)*$")\n')
    assert "Vulnerable regex" in regexploit(sample)
