"""Error pages that say what went wrong in the visitor's language, instead of Django's bare 400."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.utils.translation import gettext as _


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
