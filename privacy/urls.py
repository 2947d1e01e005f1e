from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "privacy"

urlpatterns = [
    path(_("my-account/"), views.account, name="account"),
    path(_("my-account/particulars/"), views.profile, name="profile"),
    path(_("my-account/my-data.zip"), views.export, name="export"),
    path(_("my-account/close/"), views.close, name="close"),
]
