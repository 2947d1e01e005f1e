"""E-mails of accounts, rendered by the outbox when they are sent: links and tokens are made then, never stored."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox.kinds import NotOwed, Rendered, register

from .tokens import email_verification_token

logger = logging.getLogger(__name__)


def active_user(context: dict):
    user = get_user_model().objects.filter(pk=context["user_id"], is_active=True).first()
    if user is None:
        raise NotOwed
    return user


def verification_link(*, user, base_url: str) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    return base_url + reverse("accounts:verify", kwargs={"uidb64": uidb64, "token": token})


@register("verification", label=gettext_lazy("Verification of the e-mail address"))
def verification_render(context: dict) -> Rendered:
    user = active_user(context)
    if user.email_verified_at:
        raise NotOwed  # verified in the meantime (by an earlier link)
    link = verification_link(user=user, base_url=context["base_url"])
    return Rendered(
        subject=_("MyIPO Recruitment: verify your e-mail address"),
        body=render_to_string("accounts/email/verify.txt", {"user": user, "link": link}),
    )


@register("account_exists", label=gettext_lazy("Account already exists"))
def account_exists_render(context: dict) -> Rendered:
    user = active_user(context)
    links = {
        "login": context["base_url"] + reverse("accounts:login"),
        "reset": context["base_url"] + reverse("accounts:password_reset"),
    }
    return Rendered(
        subject=_("MyIPO Recruitment: you already have an account"),
        body=render_to_string("accounts/email/account_exists.txt", {"user": user, **links}),
    )


@register("password_reset", label=gettext_lazy("Password reset"))
def password_reset_render(context: dict) -> Rendered:
    user = active_user(context)
    if not user.has_usable_password():
        raise NotOwed
    values = {
        "user": user,
        "email": user.email,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": context["protocol"],
        "domain": context["domain"],
    }
    subject = "".join(render_to_string("accounts/email/password_reset_subject.txt", values).splitlines())
    return Rendered(subject=subject, body=render_to_string("accounts/email/password_reset.txt", values))


@register("email_change", label=gettext_lazy("Confirmation of a new e-mail address"))
def email_change_render(context: dict) -> Rendered:
    """The link that moves the account to the new address; signed now, it works for three days."""
    from .services import email_change_token

    user = active_user(context)
    if user.email != context["old"]:
        raise NotOwed  # the address changed meanwhile: this link could not work any more
    token = email_change_token(user_id=user.pk, old=context["old"], new=context["new"])
    link = context["base_url"] + reverse("accounts:email_change_confirm", kwargs={"token": token})
    return Rendered(
        subject=_("MyIPO Recruitment: confirm your new e-mail address"),
        body=render_to_string("accounts/email/email_change.txt", {"user": user, "link": link}),
    )


@register("email_changed", label=gettext_lazy("Notice of a changed e-mail address"))
def email_changed_render(context: dict) -> Rendered:
    """Told at the old address, so that a change nobody asked for does not go unnoticed."""
    user = get_user_model().objects.filter(pk=context["user_id"]).first()
    if user is None:
        raise NotOwed
    return Rendered(
        subject=_("MyIPO Recruitment: your e-mail address was changed"),
        body=render_to_string("accounts/email/email_changed.txt", {"name": user.full_name}),
    )
