"""Settings for the MyIPO recruitment portal: one module, every value read from the environment."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Only a development fallback lives here; a deployment sets DJANGO_SECRET_KEY, and without debug the
# portal refuses to start on the public fallback (sessions, reset and verification links are signed with it).
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-key-do-not-deploy"  # noqa: S105 - refused below
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip() or DEVELOPMENT_SECRET_KEY
if not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value (50 characters or more) when DJANGO_DEBUG is off; "
        "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# The domain apps, lowest layer first: each imports only from the ones above it in this list
# (tests/test_architecture.py). The back office sits on top and holds every ModelAdmin.
INSTALLED_APPS = [
    "audit",
    "outbox",
    "accounts",
    "vacancies",
    "applications",
    "screening",
    "interviews",
    "privacy",
    "backoffice",
    "backoffice.apps.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
]

MIDDLEWARE = [
    "myipo_recruit.operations.HealthCheckMiddleware",
    "myipo_recruit.security.ReceivedAtMiddleware",
    "myipo_recruit.proxy.TrustedProxyMiddleware",
    "audit.context.AuditContextMiddleware",
    "myipo_recruit.operations.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "myipo_recruit.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "myipo_recruit.security.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "myipo_recruit.security.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "myipo_recruit.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "myipo_recruit.language_links.language_links",
            ],
            "libraries": {"dates": "myipo_recruit.date_filters"},
        },
    },
]

WSGI_APPLICATION = "myipo_recruit.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Every connection gives up after a few seconds when the server does not answer. Web processes also bound
    # each statement (gunicorn.conf.py sets DJANGO_DB_STATEMENT_TIMEOUT, 30 s by default): a page never waits
    # for a lock or a query for longer. Workers and manage.py commands (screening 100,000 applications,
    # migrations) run without that bound unless it is set for them.
    _database_options = DATABASES["default"].setdefault("OPTIONS", {})
    _database_options.setdefault("connect_timeout", int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5")))
    # A server that vanishes mid-query (failover, network cut) is noticed in about 10 s instead of never:
    # unacknowledged data or unanswered keepalives end the connection.
    _database_options.setdefault("tcp_user_timeout", 10_000)
    _database_options.setdefault("keepalives", 1)
    _database_options.setdefault("keepalives_idle", 30)
    _database_options.setdefault("keepalives_interval", 5)
    _database_options.setdefault("keepalives_count", 3)
    _statement_timeout = os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "").strip()
    if _statement_timeout and _statement_timeout != "0":
        _database_options["options"] = " ".join(
            filter(None, [_database_options.get("options", ""), f"-c statement_timeout={_statement_timeout}"])
        )
    # Behind PgBouncer in transaction pooling mode, server-side cursors must be off.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS", False)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "applications:mine"  # where a candidate's drafts and applications are
LOGOUT_REDIRECT_URL = "vacancies:home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed sign-ins, per account whatever the address: 5, then a 15-minute pause for that account only
# (django-axes, counted in the database, case-insensitive e-mail). Per client address a much higher
# limit (a campus or an office signs in from one address on the closing evening): accounts/throttles.py.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "accounts.throttles.signin_username"
AXES_CLIENT_IP_CALLABLE = "myipo_recruit.proxy.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# axes warns when its lockout is not per address; ours is per account on purpose (one address is a whole
# office or campus behind NAT), and the per-address limit is accounts/throttles.py's.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Limits per client address (or IPv6 /64), counted in the database so that every process shares them.
SIGNIN_FAILURES_PER_ADDRESS = int(os.environ.get("SIGNIN_FAILURES_PER_ADDRESS", "100"))  # per 15 minutes
REGISTRATIONS_PER_ADDRESS = int(os.environ.get("REGISTRATIONS_PER_ADDRESS", "30"))  # per hour
PASSWORD_RESETS_PER_ADDRESS = int(os.environ.get("PASSWORD_RESETS_PER_ADDRESS", "20"))  # per hour
PASSWORD_RESETS_PER_EMAIL = int(os.environ.get("PASSWORD_RESETS_PER_EMAIL", "3"))  # e-mails per hour

# HR staff are signed out after this many idle minutes (candidates keep Django's session age).
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))

# Argon2id first (accounts/hashers.py); the others stay so that existing passwords still sign in, and are
# hashed again with Argon2id at that sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Malay first, English second.
LANGUAGE_CODE = "ms"
LANGUAGES = [("ms", _("Malay")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Kuala_Lumpur"
# Our Malay formats first (a 24-hour clock where Django would print every p.m. as "malam").
FORMAT_MODULE_PATH = ["myipo_recruit.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads: files over 2.5 MB stream to a temporary file, never held whole in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# MyIPO's contact for candidates, on the help page (HR confirms the numbers before going live).
CONTACT_PHONE = os.environ.get("CONTACT_PHONE", "+60322998400")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "hr@myipo.gov.my")
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(5 * 1024 * 1024)))
APPLICATION_MAX_BYTES = int(os.environ.get("APPLICATION_MAX_BYTES", str(25 * 1024 * 1024)))
# Request bodies: refused before they are read when they announce more than this (the proxy in front
# should refuse the same, see docs/deploy.md); streamed bodies are cut at the same size while read.
# The document step may carry a whole allowance at once; every other request is a small form.
UPLOAD_REQUEST_MAX_BYTES = APPLICATION_MAX_BYTES + 1024 * 1024
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
DATA_UPLOAD_MAX_NUMBER_FILES = 12
FILE_UPLOAD_HANDLERS = [
    "myipo_recruit.security.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "myipo_recruit.security.WorkerTemporaryFileUploadHandler",
]
# Each worker process spools large uploads in a folder of its own (named after its pid), so that the
# files of a worker killed mid-upload are removed when gunicorn notices (gunicorn.conf.py).
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or str(BASE_DIR / "tmp" / "uploads")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True, mode=0o700)

# Private documents live under MEDIA_ROOT but are never given a public URL: only
# the protected download view serves them (PDPA 2010).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Candidates' documents and generated PDFs: private, on this disk by default.
    "documents": {"BACKEND": "applications.models.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Several web servers: documents in S3-compatible object storage (DJANGO_STORAGE=s3). Objects are
# private (no public ACL) and reach candidates and HR only through the protected view. Every call has a
# connect and a read timeout and at most one retry, so a frozen S3 costs a page seconds, not minutes.
if os.environ.get("DJANGO_STORAGE") == "s3":
    from botocore.config import Config as BotoConfig

    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY"),
            "location": os.environ.get("AWS_LOCATION", "private"),
            # No ACL by default: objects are private, and S3 buckets made since 2023 (ACLs disabled, "bucket owner
            # enforced") refuse any ACL but the owner's. AWS_DEFAULT_ACL=private for a provider that wants one.
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "client_config": BotoConfig(
                connect_timeout=float(os.environ.get("AWS_S3_CONNECT_TIMEOUT", "3")),
                read_timeout=float(os.environ.get("AWS_S3_READ_TIMEOUT", "5")),
                retries={"total_max_attempts": int(os.environ.get("AWS_S3_MAX_ATTEMPTS", "2")), "mode": "standard"},
            ),
        },
    }

# Sessions live in PostgreSQL, shared by every web process: a restart of Redis signs no one out, and a Redis
# that is down or frozen costs no page anything (Django's cache backends raise when Redis fails, so a cached
# session store would fail every signed-in page). `manage.py clearsessions` removes expired ones (daily cron).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Cache: Redis when REDIS_URL is set (shared by every web process), with short timeouts; rate limits and
# sign-in counts live in the database, so nothing a visitor does depends on it.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "2"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Slow work (e-mails, PDFs, screening a whole advertisement) goes to Celery when a broker is set;
# without one, tasks run in the process (eagerly), which is what `make run` and most tests use.
# Nothing depends on a result backend: what a task did is recorded in the database (the outbox, screening
# runs, export jobs), and a message lost by the broker is found again by the periodic sweeps.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A broker that is down or frozen costs a web request at most a few seconds (then the sweep sends the work).
BROKER_TIMEOUT = float(os.environ.get("CELERY_BROKER_TIMEOUT", "2"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": BROKER_TIMEOUT,
    "socket_connect_timeout": BROKER_TIMEOUT,
    "visibility_timeout": 3600,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic work, run by one `celery beat` process: e-mails still owed (the broker lost or refused their message,
# or the mail relay failed), and background jobs whose message was lost.
OUTBOX_SWEEP_SECONDS = float(os.environ.get("OUTBOX_SWEEP_SECONDS", "60"))
# Screening runs and PDF exports still waiting after twice this long are queued again.
BACKGROUND_RESUME_SECONDS = float(os.environ.get("BACKGROUND_RESUME_SECONDS", "300"))
# Offers unanswered past their deadline are marked lapsed this often (interviews.tasks.offers_lapse).
OFFERS_LAPSE_SECONDS = float(os.environ.get("OFFERS_LAPSE_SECONDS", "900"))
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.tasks.sweep", "schedule": OUTBOX_SWEEP_SECONDS},
    "screening-resume": {"task": "screening.tasks.background_resume", "schedule": BACKGROUND_RESUME_SECONDS},
    "offers-lapse": {"task": "interviews.tasks.offers_lapse", "schedule": OFFERS_LAPSE_SECONDS},
}

# The outbox: every e-mail the portal owes is a row written with the act that owes it; sent by a worker,
# retried with exponential backoff (OUTBOX_RETRY_SECONDS, doubling, at most an hour apart), marked failed
# after OUTBOX_MAX_ATTEMPTS for HR to send again; sent ones are deleted after OUTBOX_KEEP_DAYS (PDPA 2010).
OUTBOX_RETRY_SECONDS = float(os.environ.get("OUTBOX_RETRY_SECONDS", "60"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "10"))
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", "90"))

# /healthz answers within this many seconds whatever is frozen behind it.
HEALTHZ_TIMEOUT = float(os.environ.get("HEALTHZ_TIMEOUT", "3"))

FORM_RENDERER = "myipo_recruit.form_renderer.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP when a host is configured, otherwise printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
if os.environ.get("EMAIL_FILE_PATH"):  # with the file-based backend, e.g. for tests of a worker
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "15"))  # a hung relay costs a worker this long, then a retry
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MyIPO Recruitment <no-reply@myipo.gov.my>")
# E-mails to shortlisted candidates: from MyIPO by its Malay name (at DEFAULT_FROM_EMAIL's address), with
# whom to call or write to confirm attendance. The 2023 advertisement names HR (Bahagian Sumber Manusia)
# but no telephone: the default is MyIPO's general line. Replies go to RECRUITMENT_CONTACT_EMAIL when set.
RECRUITMENT_FROM_NAME = os.environ.get("RECRUITMENT_FROM_NAME", "Perbadanan Harta Intelek Malaysia (MyIPO)")
RECRUITMENT_CONTACT_NAME = os.environ.get("RECRUITMENT_CONTACT_NAME", "Bahagian Sumber Manusia, MyIPO")
RECRUITMENT_CONTACT_PHONE = os.environ.get("RECRUITMENT_CONTACT_PHONE", "03-2299 8400")
RECRUITMENT_CONTACT_EMAIL = os.environ.get("RECRUITMENT_CONTACT_EMAIL", "")

# Security: strict unless running locally with DJANGO_DEBUG=1.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The load balancers (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto are believed;
# from anyone else those headers are dropped (myipo_recruit/proxy.py).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "")
try:
    for _network in TRUSTED_PROXIES:
        ipaddress.ip_network(_network, strict=False)
except ValueError as error:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from None
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
elif env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    raise ImproperlyConfigured(
        "DJANGO_BEHIND_TLS_PROXY is replaced by DJANGO_TRUSTED_PROXIES: list the load balancers' addresses."
    )

# Logs: one JSON object per line on stdout, with the request id (DJANGO_LOG_FORMAT=text for humans).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "myipo_recruit.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": os.environ.get("DJANGO_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"myipo_recruit.operations": {"level": os.environ.get("DJANGO_REQUEST_LOG_LEVEL", "INFO")}},
}
