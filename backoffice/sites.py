"""The HR back office: Django's admin site, in Malay first, with its index in the order HR works."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.forms import StaffAuthenticationForm
from interviews.panel import sits_on_a_panel
from vacancies.models import Advertisement

from .panel import PanelPages

# The index follows a recruitment: advertise, receive, screen, shortlist and publish, report.
WORKFLOW = [
    (_("1. Advertisements and posts"), ["vacancies.advertisement", "vacancies.post"]),
    (_("2. Applications"), ["applications.application", "applications.document"]),
    (_("3. Screening"), ["screening.screeningrun", "screening.screeningresult", "screening.override"]),
    (_("4. Shortlists and publication"), ["screening.shortlist", "screening.shortlistentry"]),
    (
        _("5. Interviews: schemes, sessions, slots, marks"),
        ["interviews.markingscheme", "interviews.session", "interviews.slot", "interviews.marksheet"],
    ),
    (_("6. Selection, paper and offers"), ["interviews.selection", "interviews.offer"]),
    (_("7. Reports and exports"), ["screening.exportjob", "audit.auditevent"]),
]
SETTINGS_SECTION = _("Settings: grades, divisions, staff")


class BackOfficeSite(admin.AdminSite):
    site_header = _("MyIPO Recruitment — HR")
    site_title = _("MyIPO Recruitment")
    index_title = _("HR back office")
    login_form = StaffAuthenticationForm
    enable_nav_sidebar = False  # the lists need the width of a 1366 px office screen
    index_template = "admin/backoffice_index.html"

    def get_app_list(self, request, app_label=None):
        """On the index, one section per step of the work; any other model under settings."""
        apps = super().get_app_list(request, app_label)
        if app_label:
            return apps
        models = {entry["model"]._meta.label_lower: entry for app in apps for entry in app["models"]}
        sections = []
        for title, labels in WORKFLOW:
            entries = [models.pop(label) for label in labels if label in models]
            if entries:
                sections.append(section(title, entries))
        if models:
            sections.append(section(SETTINGS_SECTION, list(models.values())))
        return sections

    def get_urls(self):
        """The interview panel's pages (and HR's session pages) sit under /admin/, behind the admin's login."""
        return PanelPages(self).urls() + super().get_urls()

    def index(self, request, extra_context=None):
        """The dashboards of the advertisements HR works on: those open, and the latest closed ones; a panel
        member's link to their sessions."""
        dashboards = []
        if request.user.has_perm("applications.view_application"):
            dashboards = list(Advertisement.objects.order_by("-closes_on")[:6])
        panel_link = sits_on_a_panel(request.user)
        return super().index(request, {"dashboards": dashboards, "panel_link": panel_link, **(extra_context or {})})


def section(title, entries) -> dict:
    first = entries[0]["model"]._meta
    return {
        "name": title,
        "app_label": first.app_label,
        "app_url": entries[0].get("admin_url", ""),
        "has_module_perms": True,
        "models": entries,
    }
