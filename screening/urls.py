from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "screening"

urlpatterns = [
    path(_("check-eligibility/"), views.eligibility, name="eligibility"),
    path(_("applications/<int:pk>/application-form.pdf"), views.application_pdf, name="application_pdf"),
]
