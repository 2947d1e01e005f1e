"""Loaded by pytest before Django (see `-p` in pyproject.toml): the environment a test run needs.

Without debug the settings refuse the public development key, as production must; a test run gets a
key of its own, never used anywhere else. Subprocesses (gunicorn, manage.py) inherit it.
"""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-" + secrets.token_urlsafe(48))
