"""Benchmark settings: the portal's own, plus a bare baseline view."""

import os

from myipo_recruit.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
TEMPLATES[0]["DIRS"].append(BASE_DIR / "bench" / "templates")  # noqa: F405
if os.environ.get("BENCH_REQUEST_CPU"):  # the closing evening reports each request's CPU time
    MIDDLEWARE = ["bench.middleware.RequestCPUMiddleware", *MIDDLEWARE]  # noqa: F405
