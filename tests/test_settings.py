"""Settings come from the environment; a production configuration passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks():
    result = run_check(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x9!" + "k" * 60 + "Zq#2v&Lw",
        DJANGO_ALLOWED_HOSTS="kerjaya.myipo.gov.my",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_key_fails_the_deploy_checks():
    result = run_check(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="kerjaya.myipo.gov.my")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_malay_is_the_default_language_and_time_is_malaysian(settings):
    assert settings.LANGUAGE_CODE == "ms"
    assert [code for code, _ in settings.LANGUAGES] == ["ms", "en"]
    assert settings.TIME_ZONE == "Asia/Kuala_Lumpur"
    assert settings.DEBUG is False
