"""Error pages that say what went wrong in the visitor's language, instead of Django's bare 400 and 500."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from .faults import SERVICE_ERRORS


def bad_request(request, exception=None):
    if isinstance(exception, TooManyFilesSent):
        message = _("Too many files were sent at once. Choose at most %(count)s files at a time and send again.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    elif isinstance(exception, TooManyFieldsSent):
        message = _("The form sent too many fields at once. Reload the page and try again.")
    elif isinstance(exception, RequestDataTooBig):
        message = _("What you sent is too large to be received. Send less at a time.")
    else:
        message = _("The page received something it could not read. Reload the page and try again.")
    return render(request, "400.html", {"message": message}, status=400)


def server_error(request):
    """An outside service failed (S3, the database, Redis): the designed 503 page; any other error: the 500 page.

    Rendered without the request's context (no session, no database), so that it works whatever is down.
    """
    error = sys.exc_info()[1]
    if isinstance(error, SERVICE_ERRORS):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "120"
        return response
    return defaults.server_error(request)
