from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path(_("account/"), include("accounts.urls")),
    path(_("account/"), include("privacy.urls")),
    path("", include("applications.urls")),
    path("", include("screening.urls")),
    path("", include("interviews.urls")),
    path("", include("vacancies.urls")),
    prefix_default_language=False,
)

handler400 = "myipo_recruit.errors.bad_request"
handler500 = "myipo_recruit.errors.server_error"
