"""E-mails about a candidate's account and data, rendered by the outbox when they are sent."""

import datetime as dt
import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox.kinds import Rendered, register

logger = logging.getLogger(__name__)


@register("account_closed", label=gettext_lazy("Closure of an account"), erase_context=True)
def account_closed_render(context: dict) -> Rendered:
    """Confirm the closure at the address the account had, with the applications kept and until when."""
    rows = [
        {"reference": reference, "post": post, "until": dt.date.fromisoformat(until)}
        for reference, post, until in context["kept"]
    ]
    return Rendered(
        subject=_("MyIPO Recruitment: your account is closed"),
        body=render_to_string("privacy/email/account_closed.txt", {"name": context["name"], "kept": rows}),
    )
