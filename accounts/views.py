from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .forms import EmailAuthenticationForm, RegistrationForm
from .services import RegistrationThrottled, registration_throttle, user_register, user_verify_email, verification_send


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def register(request):
    if request.user.is_authenticated:
        return redirect("applications:mine")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        try:
            registration_throttle(ip_address=client_ip(request))
        except RegistrationThrottled:
            messages.error(request, _("Too many accounts were registered from your connection. Try again in an hour."))
            return render(request, "accounts/register.html", {"form": form}, status=429)
        if form.is_valid():
            user = user_register(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                build_url=request.build_absolute_uri,
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:verify_sent")
    return render(request, "accounts/register.html", {"form": form})


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
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(request.session.pop("after_verify", None) or "applications:mine")
    return redirect("accounts:login")


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
