from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.forms import StaffAuthenticationForm

admin.site.site_header = _("MyIPO Recruitment — HR")
admin.site.site_title = _("MyIPO Recruitment")
admin.site.index_title = _("HR back office")
admin.site.login_form = StaffAuthenticationForm

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path(_("account/"), include("accounts.urls")),
    path(_("account/"), include("privacy.urls")),
    path("", include("applications.urls")),
    path("", include("vacancies.urls")),
    prefix_default_language=False,
)

handler400 = "myipo_recruit.errors.bad_request"
handler500 = "myipo_recruit.errors.server_error"
