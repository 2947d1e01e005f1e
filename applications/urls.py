from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "applications"

urlpatterns = [
    path(_("apply/<int:post_pk>/"), views.apply, name="apply"),
    path(_("applications/"), views.mine, name="mine"),
    path(_("applications/<int:pk>/"), views.detail, name="detail"),
    path(_("applications/<int:pk>/slip.pdf"), views.slip, name="slip"),
    path(_("applications/<int:pk>/withdraw/"), views.withdraw, name="withdraw"),
    path(_("applications/<int:pk>/amend/"), views.amend, name="amend"),
    path(_("applications/<int:pk>/<slug:step>/"), views.step, name="step"),
    path(_("documents/<uuid:pk>/"), views.document, name="document"),
    path(_("documents/<uuid:pk>/delete/"), views.document_delete, name="document_delete"),
    path(_("documents/<uuid:pk>/link/"), views.document_link, name="document_link"),
]
