"""The HR roles: which Django permissions an HR officer and an HR administrator hold."""

import logging

from django.contrib.auth.models import Group, Permission

logger = logging.getLogger(__name__)

HR_OFFICER = "HR officer"
HR_ADMINISTRATOR = "HR administrator"
# A panel member: sees only the candidates of the sessions they sit on (interviews/panel.py), nothing else.
INTERVIEWER = "Interviewer"

VACANCY_MODELS = ["advertisement", "advertisementline", "post", "postline", "grade", "division"]

OFFICER_PERMISSIONS = [
    *(f"vacancies.view_{model}" for model in VACANCY_MODELS),
    "applications.view_application",
    "applications.view_document",
    "screening.view_screeningrun",
    "screening.add_screeningrun",
    "screening.view_screeningresult",
    "screening.view_override",
    "screening.add_override",
    "screening.view_exportjob",
    "screening.add_exportjob",
    "screening.view_interviewchange",
    "audit.view_auditevent",  # their own events only (backoffice/admin/audit_trail.py); administrators see all
    *(
        f"screening.{action}_{model}"
        for model in ("shortlist", "shortlistentry")
        for action in ("view", "add", "change")
    ),
    # E-mails owed to candidates: see what is pending or failed, and send again ("change").
    "outbox.view_email",
    "outbox.change_email",
    # After the shortlist: sessions and slots, marking schemes, marks keyed in from paper, selection and offers.
    *(
        f"interviews.{action}_{model}"
        for model in (
            "session",
            "panelmember",
            "slot",
            "markingscheme",
            "criterion",
            "marksheet",
            "mark",
            "selection",
            "selectionentry",
            "offer",
        )
        for action in ("view", "add", "change")
    ),
    "interviews.view_slotchange",
    "interviews.view_markchange",
]

ADMINISTRATOR_PERMISSIONS = [
    *OFFICER_PERMISSIONS,
    *(f"vacancies.{action}_{model}" for model in VACANCY_MODELS for action in ("add", "change", "delete")),
    *(f"accounts.{action}_user" for action in ("view", "add", "change")),
    "auth.view_group",
]

# No model permission: the panel's own pages check membership of the session, not a permission.
INTERVIEWER_PERMISSIONS: list[str] = []

ROLES = {
    HR_OFFICER: OFFICER_PERMISSIONS,
    HR_ADMINISTRATOR: ADMINISTRATOR_PERMISSIONS,
    INTERVIEWER: INTERVIEWER_PERMISSIONS,
}


def sees_whole_audit_trail(user) -> bool:
    """Administrators (and superusers) read everyone's audit trail; an HR officer reads their own."""
    return user.is_superuser or user.groups.filter(name=HR_ADMINISTRATOR).exists()


def permissions_named(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        logger.warning("Permissions not found yet: %s", sorted(".".join(m) for m in missing))
    return found


def roles_sync() -> None:
    """Create the HR groups and give each exactly the permissions of its role."""
    for name, permission_names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_named(permission_names))
