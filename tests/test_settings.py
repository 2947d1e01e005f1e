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


def test_without_debug_the_portal_refuses_to_start_on_the_development_key():
    result = run_check(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="kerjaya.myipo.gov.my")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_without_debug_a_short_secret_key_is_refused_too():
    result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="secret", DJANGO_ALLOWED_HOSTS="kerjaya.myipo.gov.my")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_with_debug_the_development_key_is_allowed_for_a_local_run():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_old_tls_proxy_switch_without_trusted_proxies_is_refused():
    result = run_check(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x9!" + "k" * 60 + "Zq#2v&Lw",
        DJANGO_ALLOWED_HOSTS="kerjaya.myipo.gov.my",
        DJANGO_BEHIND_TLS_PROXY="1",
    )
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES" in result.stderr


def test_malay_is_the_default_language_and_time_is_malaysian(settings):
    assert settings.LANGUAGE_CODE == "ms"
    assert [code for code, _ in settings.LANGUAGES] == ["ms", "en"]
    assert settings.TIME_ZONE == "Asia/Kuala_Lumpur"
    assert settings.DEBUG is False


def database_options(**env) -> dict:
    """The database options the settings make from this environment (no connection is made)."""
    import json

    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update({"DJANGO_DEBUG": "1", **env})
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from myipo_recruit import settings; print(json.dumps(settings.DATABASES['default']))",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_postgresql_connections_are_bounded_and_web_statements_are_limited():
    database = database_options(
        DATABASE_URL="postgres://myipo@db.internal:5432/myipo_recruit", DJANGO_DB_STATEMENT_TIMEOUT="30s"
    )
    options = database["OPTIONS"]
    assert options["connect_timeout"] == 5 and options["tcp_user_timeout"] == 10_000
    assert options["options"] == "-c statement_timeout=30s"
    assert database["CONN_HEALTH_CHECKS"] is True and database["CONN_MAX_AGE"] == 60
    worker = database_options(DATABASE_URL="postgres://myipo@db.internal:5432/myipo_recruit")
    assert "options" not in worker["OPTIONS"]  # workers and commands: no statement limit


def test_gunicorn_gives_web_processes_a_statement_timeout_unless_turned_off():
    script = "import os, runpy; runpy.run_path('gunicorn.conf.py'); print(os.environ['DJANGO_DB_STATEMENT_TIMEOUT'])"

    def timeout(value=None):
        environment = {key: val for key, val in os.environ.items() if key != "DJANGO_DB_STATEMENT_TIMEOUT"}
        if value is not None:
            environment["DJANGO_DB_STATEMENT_TIMEOUT"] = value
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        return result.stdout.strip()

    assert timeout() == "30s"
    assert timeout("") == "30s"  # an empty line in the environment file
    assert timeout("0") == "0"
