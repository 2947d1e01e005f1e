from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import throttles
from .forms import EmailAuthenticationForm, EmailChangeForm, PasswordResetForm, RegistrationForm
from .services import (
    email_change_confirm,
    email_change_request,
    signin_lockout_clear,
    user_register,
    user_verify_email,
    verification_send,
)

REGISTERED_IN_SESSION = "registered_user_id"

error_messages = {
    "registrations": gettext_lazy(
        "Many accounts have been registered from your network in the last hour. Try again in %(minutes)s minutes."
    ),
    "resets": gettext_lazy(
        "Many password resets have been asked from your network in the last hour. Try again in %(minutes)s minutes."
    ),
}


def safe_next(request, value: str | None) -> str | None:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def register(request):
    if request.user.is_authenticated:
        return redirect("applications:mine")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = throttles.address_key(request)
        try:
            throttles.throttle_check(throttles.REGISTRATIONS, key)
        except throttles.Throttled as error:
            messages.error(
                request,
                error_messages["registrations"] % {"minutes": error.retry_minutes},
            )
            return render(request, "accounts/register.html", {"form": form}, status=429)
        throttles.throttle_count(throttles.REGISTRATIONS, key)
        user = user_register(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            build_url=request.build_absolute_uri,
        )
        if user is not None:
            # Only this browser is signed in by the link, and only for this account.
            request.session[REGISTERED_IN_SESSION] = user.pk
        after = safe_next(request, request.POST.get("next") or request.GET.get("next"))
        if after:
            request.session["after_verify"] = after
        request.session["registered_email"] = form.cleaned_data["email"]
        return redirect("accounts:register_done")
    return render(
        request, "accounts/register.html", {"form": form, "next": safe_next(request, request.GET.get("next"))}
    )


def register_done(request):
    """The same page whether the address was new or already had an account (registration reveals none)."""
    return render(request, "accounts/register_done.html", {"email": request.session.get("registered_email", "")})


@login_required
def verify_sent(request):
    if request.method == "POST":
        verification_send(user=request.user, build_url=request.build_absolute_uri)
        messages.success(request, _("We have sent the link again. Check your inbox and spam folder."))
        return redirect("accounts:verify_sent")
    return render(request, "accounts/verify_sent.html")


def verify(request, uidb64: str, token: str):
    user = user_verify_email(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    messages.success(request, _("Your e-mail address is verified. You can now apply."))
    after = request.session.get("after_verify")
    if not request.user.is_authenticated and request.session.get(REGISTERED_IN_SESSION) == user.pk:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.session.pop("after_verify", None)
        request.session.pop(REGISTERED_IN_SESSION, None)
        return redirect(after or "applications:mine")
    target = reverse("accounts:login")
    return redirect(f"{target}?{urlencode({'next': after})}" if after else target)


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """django-axes: this account had too many wrong passwords; say exactly what is paused and for how long."""
    from django.conf import settings

    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Reset e-mails are limited per client network and per address; the page never says whether an account exists."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        address = throttles.address_key(self.request)
        try:
            throttles.throttle_check(throttles.RESETS_BY_ADDRESS, address)
        except throttles.Throttled as error:
            form.add_error(
                None,
                error_messages["resets"] % {"minutes": error.retry_minutes},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        throttles.throttle_count(throttles.RESETS_BY_ADDRESS, address)
        email_key = throttles.email_key(form.cleaned_data["email"])
        try:
            throttles.throttle_check(throttles.RESETS_BY_EMAIL, email_key)
        except throttles.Throttled:
            return redirect(self.get_success_url())  # the same page: the links already sent still work
        throttles.throttle_count(throttles.RESETS_BY_EMAIL, email_key)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        signin_lockout_clear(user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("privacy:account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_required
def email_change(request):
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        email_change_request(
            user=request.user, new_email=form.cleaned_data["new_email"], build_url=request.build_absolute_uri
        )
        messages.success(
            request,
            _("We have sent a link to %(email)s. Your address changes when you open it; until then, use the old one.")
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("privacy:account")
    return render(request, "accounts/email_change.html", {"form": form})


def email_change_done(request, token: str):
    user = email_change_confirm(token=token)
    if user is None:
        return render(request, "accounts/email_change_failed.html", status=400)
    messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": user.email})
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("privacy:account")
    return redirect("accounts:login")
