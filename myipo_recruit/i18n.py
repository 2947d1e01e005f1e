"""Switching language on the page one is reading, both ways.

Django's `set_language` translates `next` while the request's own language is active; under
`i18n_patterns(prefix_default_language=False)` the switch's URL has no prefix, so that language is
always Malay, an English path (/en/...) does not resolve in it, and "BM" on an English page left the
visitor in English. The path is read in its own language first.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.views.i18n import set_language as django_set_language


def set_language(request):
    next_url = request.POST.get("next") or request.GET.get("next")
    language = request.POST.get("language")
    if request.method == "POST" and next_url and language in dict(settings.LANGUAGES):
        source = translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
        with translation.override(source):
            translated = translate_url(next_url, language)
        if translated == next_url and source != language:  # not a page of ours (a 404): move the prefix only
            translated = with_prefix(next_url, source=source, target=language)
        data = request.POST.copy()
        data["next"] = translated
        request.POST = data
    return django_set_language(request)


def with_prefix(url: str, *, source: str, target: str) -> str:
    """/en/x ↔ /x: the default language has no prefix, the others have theirs."""
    parts = urlsplit(url)
    path = parts.path
    if source != settings.LANGUAGE_CODE:
        path = path.removeprefix(f"/{source}") or "/"
    if target != settings.LANGUAGE_CODE:
        path = f"/{target}{path}"
    return parts._replace(path=path).geturl()
