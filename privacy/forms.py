from django import forms
from django.utils.translation import gettext_lazy as _


class CloseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand, and I want to close my account."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
