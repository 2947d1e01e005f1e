from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    BaseUserCreationForm,
    UserChangeForm,
)
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from myipo_recruit.validators import person_name, plain_text

from . import throttles
from .models import User


class StaffUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class StaffUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RegistrationForm(BaseUserCreationForm):
    """Registration never says whether an address already has an account: the owner is told by e-mail."""

    class Meta:
        model = User
        fields = ("email", "full_name")
        labels = {"email": _("E-mail address"), "full_name": _("Full name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].validators += [plain_text, person_name]

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def _get_validation_exclusions(self):
        """The e-mail's uniqueness (field and constraint) is the service's business: it must not be revealed here."""
        return {*super()._get_validation_exclusions(), "email"}


class AddressThrottleMixin:
    """Sign-in forms: refuse at once when the client's network has used up its failed sign-ins; count failures."""

    address_error = _(
        "Too many wrong passwords have been typed from your network in the last 15 minutes, so signing in from "
        "this network is paused for about %(minutes)s minutes. Other networks are not affected."
    )

    def clean(self):
        key = throttles.address_key(self.request)
        try:
            throttles.throttle_check(throttles.SIGNIN_FAILURES, key)
        except throttles.Throttled as error:
            raise forms.ValidationError(
                self.address_error, code="address_throttled", params={"minutes": error.retry_minutes}
            ) from None
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                throttles.throttle_count(throttles.SIGNIN_FAILURES, key)
            raise


class EmailAuthenticationForm(AddressThrottleMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or password is not correct."),
    }


class StaffAuthenticationForm(AddressThrottleMixin, AdminAuthenticationForm):
    """The admin's sign-in, under the same limits as the candidates'."""


class PasswordResetForm(DjangoPasswordResetForm):
    """The reset e-mail is owed through the outbox and sent by a worker, like every other e-mail of the portal."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        from .services import password_reset_send

        password_reset_send(user=context["user"], protocol=context["protocol"], domain=context["domain"])


class EmailChangeForm(forms.Form):
    """A new e-mail address, confirmed by the current password; it takes effect once its link is opened."""

    error_messages = {
        "password_incorrect": _("Your password was entered incorrectly. Please enter it again."),
        "same_email": _("This is already your e-mail address."),
    }

    new_email = forms.EmailField(
        label=_("New e-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self):
        email = User.objects.normalize_email(self.cleaned_data["new_email"]).strip().lower()
        if email == self.user.email.lower():
            raise forms.ValidationError(self.error_messages["same_email"], code="same_email")
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return password
