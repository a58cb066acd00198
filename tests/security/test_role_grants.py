"""Role grants (finding 1 of the outside probe, high: a unit admin made himself pengesah).

Every role granting and revoking every role, to themselves and to another person, through the real
pages, held to ``access.may_change_role``; and every grant or removal of pengesah reaches the
portal administrators by e-mail and stands in the log.
"""

import itertools

import pytest
from django.core import mail
from django.urls import reverse

from org.models import AuditEntry, Membership, Role
from tests.factories import UserFactory, grant

from .access import ROLE_RANK, Person, may_change_role

ROLES = list(ROLE_RANK)
GRANTERS = [
    *(
        Person(name=f"{role}-{where}", role=role, where=where)
        for role, where in itertools.product(ROLES, ["own", "parent", "other"])
    ),
    Person(name="admin", superuser=True),
]


def _granter(agency, p: Person):
    user = UserFactory(username=p.name, is_superuser=p.superuser, is_staff=p.superuser)
    if p.role:
        grant(user, {"own": agency.unit, "parent": agency.root, "other": agency.other}[p.where], p.role)
    return user


def _subject(agency, granter, to_self: bool):
    return granter if to_self else UserFactory(username="sasaran")


@pytest.mark.django_db
@pytest.mark.parametrize("to_self", [False, True], ids=["to-other", "to-self"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("p", GRANTERS, ids=lambda p: p.name)
def test_role_grant_follows_the_rule(client, agency, p, role, to_self):
    granter = _granter(agency, p)
    person = _subject(agency, granter, to_self)
    client.force_login(granter)
    before = AuditEntry.objects.count(), set(Membership.objects.values_list("user", "unit", "role"))
    response = client.post(
        reverse("org:unit_members", args=[agency.unit.pk]),
        {"person": person.username, "unit": agency.unit.pk, "role": role},
    )
    after = AuditEntry.objects.count(), set(Membership.objects.values_list("user", "unit", "role"))
    if may_change_role(p, role, to_self=to_self):
        assert response.status_code == 302
        assert after[1] == before[1] | {(person.pk, agency.unit.pk, role)}
        assert after[0] == before[0] + 1
    else:
        assert response.status_code in (400, 403), response.status_code
        assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize("to_self", [False, True], ids=["of-other", "of-self"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("p", GRANTERS, ids=lambda p: p.name)
def test_role_revoke_follows_the_rule(client, agency, p, role, to_self):
    granter = _granter(agency, p)
    person = _subject(agency, granter, to_self)
    membership = grant(person, agency.unit, role)
    client.force_login(granter)
    response = client.post(reverse("org:membership_remove", args=[membership.pk]), {"unit": agency.unit.pk})
    still = Membership.objects.filter(pk=membership.pk).exists()
    if may_change_role(p, role, to_self=to_self):
        assert response.status_code == 302
        assert not still
    else:
        assert response.status_code == 403
        assert still


@pytest.mark.django_db
@pytest.mark.parametrize("p", GRANTERS, ids=lambda p: p.name)
def test_members_page_offers_only_the_roles_and_removals_the_rule_allows(client, agency, p):
    granter = _granter(agency, p)
    others = {role: grant(UserFactory(username=f"anggota-{role}"), agency.unit, role) for role in ROLES}
    client.force_login(granter)
    page = client.get(reverse("org:unit_members", args=[agency.unit.pk]))
    if not may_change_role(p, "penyusun", to_self=False):
        assert page.status_code == 403
        return
    assert page.status_code == 200
    offered = {value for value, _label in page.context["form"].fields["role"].choices}
    # The form lists the unit and its sub-units: a pengesah of the unit may name one for a sub-unit.
    sub_head = p.role == "pengesah" and p.where == "own"
    assert offered == {r for r in ROLES if may_change_role(p, r, to_self=False) or (sub_head and r == "pengesah")}
    html = page.content.decode()
    for role, membership in others.items():
        button = reverse("org:membership_remove", args=[membership.pk])
        assert (button in html) == may_change_role(p, role, to_self=False), role


@pytest.mark.django_db
@pytest.mark.parametrize("revoke", [False, True], ids=["grant", "revoke"])
def test_pengesah_change_is_mailed_to_every_portal_administrator_and_logged(
    client, agency, revoke, django_capture_on_commit_callbacks
):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True, email="admin@example.go.id")
    UserFactory(username="admin2", is_superuser=True, is_staff=True, email="admin2@example.go.id")
    head_above = UserFactory(username="kepala_atas")
    grant(head_above, agency.root, Role.HEAD)
    person = UserFactory(username="calon", full_name="Calon Kepala")
    if revoke:
        membership = grant(person, agency.unit, Role.HEAD)
    client.force_login(head_above)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if revoke:
            response = client.post(reverse("org:membership_remove", args=[membership.pk]), {"unit": agency.unit.pk})
        else:
            response = client.post(
                reverse("org:unit_members", args=[agency.unit.pk]),
                {"person": "calon", "unit": agency.unit.pk, "role": Role.HEAD},
            )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([admin.email, "admin2@example.go.id"])
    assert "Calon Kepala" in message.subject and agency.unit.name in message.subject
    assert ("dicabut" if revoke else "diberikan") in message.subject
    entry = AuditEntry.objects.get(
        action="membership.revoke" if revoke else "membership.grant", target__startswith="calon"
    )
    assert entry.actor == head_above and entry.details == {"unit": agency.unit.code, "role": Role.HEAD}


@pytest.mark.django_db
def test_other_roles_are_not_mailed_to_the_administrators(client, agency, head, django_capture_on_commit_callbacks):
    UserFactory(username="admin", is_superuser=True, email="admin@example.go.id")
    UserFactory(username="baru")
    client.force_login(head)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("org:unit_members", args=[agency.unit.pk]),
            {"person": "baru", "unit": agency.unit.pk, "role": "penyusun"},
        )
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_django_admin_grants_go_through_the_same_rule_log_and_mail(client, agency, django_capture_on_commit_callbacks):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True, email="admin@example.go.id")
    person = UserFactory(username="calon")
    client.force_login(admin)
    url = reverse("admin:org_membership_add")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"user": person.pk, "unit": agency.unit.pk, "role": Role.HEAD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="membership.grant", target__startswith="calon").exists()
    assert len(mail.outbox) == 1 and "pengesah" in mail.outbox[0].subject
    # The administrator's own roles: refused here too.
    response = client.post(url, {"user": admin.pk, "unit": agency.unit.pk, "role": Role.HEAD})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=admin).exists()
    membership = Membership.objects.get(user=person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:org_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="membership.revoke", target__startswith="calon").exists()
    assert len(mail.outbox) == 2
