"""An HR administrator manages staff within the two HR roles only; every change of rights is audited."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER, INTERVIEWER
from audit.models import AuditEvent

from .factories import PASSWORD, UserFactory, VerifiedUserFactory, hr_staff

pytestmark = pytest.mark.django_db
USERS = "/admin/accounts/user/"


def change_form_data(user: User, **changes) -> dict:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "groups": [str(group.pk) for group in user.groups.all()],
    }
    data.update(changes)
    return data


def test_an_hr_administrator_cannot_make_anyone_a_superuser_or_grant_raw_permissions(client):
    hr_admin = hr_staff(HR_ADMINISTRATOR, client)
    officer = hr_staff(HR_OFFICER)
    everything = Permission.objects.values_list("pk", flat=True)
    for target in (hr_admin, officer):
        response = client.post(
            f"{USERS}{target.pk}/change/",
            change_form_data(target, is_superuser="on", is_staff="on", user_permissions=[str(pk) for pk in everything]),
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert not target.is_superuser
        assert target.user_permissions.count() == 0


def test_the_form_offers_an_hr_administrator_only_the_staff_roles(client):
    hr_admin = hr_staff(HR_ADMINISTRATOR, client)
    Group.objects.create(name="Everything")
    form = client.get(f"{USERS}{hr_admin.pk}/change/").context["adminform"].form
    assert set(form.fields) == {"email", "full_name", "is_active", "groups"}
    offered = set(form.fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {HR_OFFICER, HR_ADMINISTRATOR, INTERVIEWER}
    target = hr_staff(HR_OFFICER)
    other = Group.objects.get(name="Everything")
    response = client.post(f"{USERS}{target.pk}/change/", change_form_data(target, groups=[str(other.pk)]))
    assert response.status_code == 200  # not a valid choice
    assert list(target.groups.values_list("name", flat=True)) == [HR_OFFICER]


def test_an_hr_administrator_sees_neither_superusers_nor_candidates(client):
    hr_staff(HR_ADMINISTRATOR, client)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    candidate = VerifiedUserFactory()
    listed = client.get(USERS).context["cl"].result_list
    assert superuser not in listed and candidate not in listed
    for hidden in (superuser, candidate):
        assert client.get(f"{USERS}{hidden.pk}/change/").status_code in {302, 404}


def test_an_hr_administrator_cannot_set_another_persons_password(client):
    hr_staff(HR_ADMINISTRATOR, client)
    officer = hr_staff(HR_OFFICER)
    url = f"{USERS}{officer.pk}/password/"
    assert client.get(url).status_code == 403
    client.post(url, {"password1": "Diambil-alih-2026", "password2": "Diambil-alih-2026"})
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_new_staff_account_gets_an_hr_role_and_the_creation_is_audited(client):
    hr_admin = hr_staff(HR_ADMINISTRATOR, client)
    officer_role = Group.objects.get(name=HR_OFFICER)
    response = client.post(
        f"{USERS}add/",
        {
            "email": "pegawai.baru@myipo.gov.my",
            "full_name": "Pegawai Baru",
            "groups": [str(officer_role.pk)],
            "password1": "Kata-laluan-Baru-2026",
            "password2": "Kata-laluan-Baru-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    created = User.objects.get(email="pegawai.baru@myipo.gov.my")
    assert created.is_staff and not created.is_superuser
    assert list(created.groups.values_list("name", flat=True)) == [HR_OFFICER]
    event = AuditEvent.objects.get(action=AuditEvent.Action.STAFF_RIGHTS)
    assert event.actor == hr_admin and created.email in event.detail and HR_OFFICER in event.detail


def test_every_change_of_staff_rights_is_audited_with_before_and_after(client):
    hr_admin = hr_staff(HR_ADMINISTRATOR, client)
    officer = hr_staff(HR_OFFICER)
    admin_role = Group.objects.get(name=HR_ADMINISTRATOR)
    client.post(f"{USERS}{officer.pk}/change/", change_form_data(officer, groups=[str(admin_role.pk)]))
    client.post(f"{USERS}{officer.pk}/change/", change_form_data(officer, is_active=""))
    events = AuditEvent.objects.filter(action=AuditEvent.Action.STAFF_RIGHTS).order_by("pk")
    assert [event.actor for event in events] == [hr_admin, hr_admin]
    assert HR_OFFICER in events[0].detail and HR_ADMINISTRATOR in events[0].detail
    assert "is_active: True → False" in events[1].detail


def test_an_unchanged_save_writes_no_audit_event(client):
    hr_staff(HR_ADMINISTRATOR, client)
    officer = hr_staff(HR_OFFICER)
    client.post(f"{USERS}{officer.pk}/change/", change_form_data(officer, full_name="Nama Baharu"))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STAFF_RIGHTS).exists()


def test_a_superuser_keeps_every_field_and_is_audited_too(client, admin_user):
    client.force_login(admin_user)
    officer = hr_staff(HR_OFFICER)
    form = client.get(f"{USERS}{officer.pk}/change/").context["adminform"].form
    assert {"is_superuser", "user_permissions"} <= set(form.fields)
