"""The job board's pages for visitors who are not signed in, kept in memory and never stale.

A page is stored under a key made of everything it depends on:

- the board's version (`BoardVersion`), changed in the same transaction as any advertisement, post, line,
  grade or division, by any process;
- today's date in Malaysia (days left; an advertisement closes at midnight);
- the next moment at which an advertisement opens (so that it shows as open at that very moment);
- the release (templates, translations, static file names, this app's code);
- the language, the path and the query string.

When any of these changes the key changes, so an old page is never served again; it simply expires. Finding
the key costs one small query per request. Since the key alone says whether a page is current, pages are kept
in each process's own memory: nothing needs sharing between processes or machines, a page served costs no
trip to Redis, and each process renders a page once after each change. Signed-in people, requests carrying
messages, anything but GET, unknown or long query strings and responses that set a cookie are never cached.
"""

import functools
import hashlib
import logging
import uuid
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import IntegrityError, OperationalError, ProgrammingError, connection, transaction
from django.http import HttpResponse
from django.utils import timezone, translation

from .models import Advertisement, BoardVersion

logger = logging.getLogger(__name__)

PAGE_SECONDS = 60 * 60  # a page changes key long before this whenever it changes; this only frees memory
MAX_QUERY_LENGTH = 200
BOARD_VERSION_PK = 1

pages = LocMemCache("myipo-job-board", {"TIMEOUT": PAGE_SECONDS, "OPTIONS": {"MAX_ENTRIES": 1000}})


def board_changed(**_signal) -> None:
    """Give the board a new version, in the current transaction: every cached page becomes unreachable."""
    token, now = uuid.uuid4().hex, timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a data migration run before the table exists goes on
            if BoardVersion.objects.filter(pk=BOARD_VERSION_PK).update(token=token, changed_at=now):
                return
    except (ProgrammingError, OperationalError):
        return  # the table is not there yet (an older schema during migrations): nothing is cached from it
    try:
        with transaction.atomic():
            BoardVersion.objects.create(pk=BOARD_VERSION_PK, token=token)
    except IntegrityError:  # another transaction created it meanwhile
        BoardVersion.objects.filter(pk=BOARD_VERSION_PK).update(token=token, changed_at=now)


def board_migrated(*, apps=None, **_signal) -> None:
    """After a migration or a flush (which fire no model signal): a new version, once the table exists."""
    try:
        (apps or global_apps).get_model("vacancies", "BoardVersion")
    except LookupError:
        return
    board_changed()


@functools.cache
def stamp_sql() -> str:
    """One query for the board's version and the next opening (names from the models; values are parameters)."""
    quote = connection.ops.quote_name
    version, advertisement, opens_at = (
        quote(BoardVersion._meta.db_table),
        quote(Advertisement._meta.db_table),
        quote("opens_at"),
    )
    token, key = quote("token"), quote("id")
    next_opening = f"(SELECT MIN({opens_at}) FROM {advertisement} WHERE {opens_at} > %s)"  # noqa: S608
    return f"SELECT (SELECT {token} FROM {version} WHERE {key} = %s), {next_opening}"  # noqa: S608


def board_stamp(now) -> tuple:
    """What the board's pages depend on besides their address: version, next opening, today's date."""
    with connection.cursor() as cursor:
        cursor.execute(stamp_sql(), [BOARD_VERSION_PK, connection.ops.adapt_datetimefield_value(now)])
        token, next_opening = cursor.fetchone()
    return token, str(next_opening), timezone.localdate(now)


@functools.cache
def release() -> str:
    """A digest of what renders the pages, so that a new release never serves a page of the old one."""
    base = Path(settings.BASE_DIR)
    files = [
        *base.glob("templates/**/*.html"),
        *base.glob("locale/**/*.mo"),
        *base.glob("vacancies/**/*.py"),
        Path(settings.STATIC_ROOT) / "staticfiles.json",
    ]
    digest = hashlib.sha256()
    for path in sorted(file for file in files if file.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cacheable(request, params: frozenset) -> bool:
    """Only anonymous GETs with known, short query parameters and no messages waiting are cached."""
    if request.method != "GET":
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH or not params.issuperset(request.GET):
        return False
    if request.user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return messages is None or len(messages) == 0


def storable(request, response) -> bool:
    """A page is kept only if it is the same for every visitor: no cookie, no CSRF token, no message."""
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
        and (messages is None or len(messages) == 0)
    )


def page_key(request, stamp: tuple) -> str:
    token, next_opening, today = stamp
    parts = [release(), str(token), next_opening, today.isoformat(), translation.get_language() or ""]
    parts += [request.path, request.META.get("QUERY_STRING", "")]
    return "board-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cached_for_visitors(params: frozenset = frozenset()):
    """Serve a job board view from memory to visitors who are not signed in (see the module's docstring)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not cacheable(request, params):
                return view(request, *args, **kwargs)
            stamp = board_stamp(timezone.now())
            key = page_key(request, stamp)
            page = pages.get(key)
            if page is not None:
                content, content_type = page
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            # Stored only if nothing changed while it was rendered (an opening, midnight, an edit).
            if storable(request, response) and board_stamp(timezone.now()) == stamp:
                pages.set(key, (response.content, response["Content-Type"]))
            return response

        return wrapper

    return decorator
