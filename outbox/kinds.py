"""The kinds of e-mail the portal owes, each registered by the app that owes it (in its `notifications` module).

A kind renders its e-mail when it is sent, in a worker, from the small context recorded with the act: the
slip PDF is made then, links are built then, and nothing secret (a reset token) is ever stored.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    attachments: tuple[tuple[str, bytes, str], ...] = ()  # (file name, content, content type)
    from_email: str | None = None  # DEFAULT_FROM_EMAIL unless given
    reply_to: tuple[str, ...] = ()


class NotOwed(Exception):
    """Raised by a renderer when the e-mail is no longer owed (the account was closed, the candidate removed)."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    render: Callable[[dict], Rendered]
    sent: Callable[[dict, datetime], None] | None = None  # records the sending on the act's own rows
    erase_context: bool = False  # the context holds personal data nothing else keeps: erased once sent


KINDS: dict[str, Kind] = {}


def register(name: str, *, label, sent: Callable[[dict, datetime], None] | None = None, erase_context: bool = False):
    """Decorate the function that renders an e-mail of this kind from its context."""

    def decorator(render: Callable[[dict], Rendered]) -> Callable[[dict], Rendered]:
        KINDS[name] = Kind(name=name, label=label, render=render, sent=sent, erase_context=erase_context)
        return render

    return decorator
