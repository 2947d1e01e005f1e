"""The deployment guide and .env.example name every variable the portal reads (the cluster test runs the guide)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r"""(?:os\.environ(?:\.get|\.setdefault)?|env_bool|env_list)\(?\[?\s*["']([A-Z][A-Z0-9_]+)["']""")
# Read by the settings for tests and local runs only, or refused with a message pointing to its replacement.
NOT_FOR_DEPLOYMENT = {"EMAIL_BACKEND", "EMAIL_FILE_PATH", "DJANGO_BEHIND_TLS_PROXY", "DJANGO_SETTINGS_MODULE"}


def variables_read() -> set[str]:
    sources = [ROOT / "myipo_recruit" / "settings.py", ROOT / "gunicorn.conf.py"]
    names = {name for source in sources for name in READ.findall(source.read_text())}
    return names - NOT_FOR_DEPLOYMENT


def test_the_variables_are_found_in_the_sources():
    assert {"DATABASE_URL", "GUNICORN_BIND", "AWS_S3_READ_TIMEOUT", "OUTBOX_MAX_ATTEMPTS"} <= variables_read()


@pytest.mark.parametrize("document", ["docs/deploy.md", ".env.example"])
def test_every_variable_the_portal_reads_is_in_the_guide_and_the_example(document):
    text = (ROOT / document).read_text()
    named = set(re.findall(r"(?<![A-Z0-9_])[A-Z][A-Z0-9_]+(?![A-Z0-9_])", text))
    assert sorted(variables_read() - named) == []
