"""Administration in the portal: who may do what, the unit tree rules, users, roles and the log."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse

from org import permissions, services
from org.models import AgencySettings, AuditEntry, Membership, Role, Unit, User
from tests.factories import SOPVersionFactory, UnitFactory, UserFactory, grant


@pytest.fixture
def other_head(agency):
    """The head of the sibling unit: a head, just not of this unit."""
    user = UserFactory(username="kepala_lain")
    grant(user, agency.other, Role.HEAD)
    return user


ADMIN_ONLY = [
    ("get", "org:unit_list", None),
    ("get", "org:unit_create", None),
    ("post", "org:unit_create", None),
    ("get", "org:unit_edit", "unit"),
    ("post", "org:unit_active", "unit"),
    ("post", "org:unit_delete", "unit"),
    ("get", "org:user_list", None),
    ("get", "org:user_create", None),
    ("post", "org:user_create", None),
    ("get", "org:user_edit", "user"),
    ("post", "org:user_active", "user"),
    ("post", "org:user_password", "user"),
    ("get", "org:user_import", None),
    ("post", "org:user_import", None),
    ("get", "org:settings", None),
    ("post", "org:settings", None),
    ("get", "org:audit_log", None),
]


def _url(name, arg, agency, drafter):
    args = {"unit": [agency.sub.pk], "user": [drafter.pk], None: []}[arg]
    return reverse(name, args=args)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "arg"), ADMIN_ONLY)
@pytest.mark.parametrize("who", ["head", "other_head", "drafter", "unit_admin"])
def test_admin_only_pages_refuse_everyone_else_and_change_nothing(
    client, agency, drafter, request, who, method, name, arg
):
    client.force_login(request.getfixturevalue(who))
    before = (Unit.objects.count(), User.objects.count(), AuditEntry.objects.count())
    response = getattr(client, method)(_url(name, arg, agency, drafter), {"active": "0", "code": "X", "name": "X"})
    assert response.status_code == 403
    assert (Unit.objects.count(), User.objects.count(), AuditEntry.objects.count()) == before
    assert Unit.objects.get(pk=agency.sub.pk).is_active and User.objects.get(pk=drafter.pk).is_active


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "arg"), [(m, n, a) for m, n, a in ADMIN_ONLY if m == "get"])
def test_admin_only_pages_open_for_the_portal_administrator(client, superuser, agency, drafter, method, name, arg):
    client.force_login(superuser)
    assert client.get(_url(name, arg, agency, drafter)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("superuser", 200), ("head", 200), ("unit_admin", 200), ("other_head", 403), ("drafter", 403), ("reviewer", 403)],
)
def test_members_page_for_those_who_manage_the_unit(client, agency, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("org:unit_members", args=[agency.sub.pk])).status_code == status
    manages_some_unit = who not in ("drafter", "reviewer")
    assert client.get(reverse("org:home")).status_code == (200 if manages_some_unit else 403)


@pytest.mark.django_db
def test_head_grants_and_revokes_roles_in_the_own_unit_tree_only(client, agency, head, other_head):
    newcomer = UserFactory(username="baru")
    client.force_login(head)
    url = reverse("org:unit_members", args=[agency.unit.pk])
    client.post(url, {"person": "baru", "unit": agency.sub.pk, "role": Role.DRAFTER})
    assert permissions.can_draft(newcomer, agency.sub) and not permissions.can_draft(newcomer, agency.unit)
    membership = Membership.objects.get(user=newcomer)
    assert AuditEntry.objects.filter(action="membership.grant", actor=head).exists()

    client.force_login(other_head)
    assert client.post(reverse("org:membership_remove", args=[membership.pk])).status_code == 403
    response = client.post(
        reverse("org:unit_members", args=[agency.other.pk]),
        {"person": "baru", "unit": agency.sub.pk, "role": Role.HEAD},
    )
    assert response.status_code == 400  # the sub-unit is not among the other head's units
    assert not permissions.can_establish(newcomer, agency.sub)

    client.force_login(head)
    client.post(reverse("org:membership_remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not permissions.can_draft(newcomer, agency.sub)
    assert AuditEntry.objects.filter(action="membership.revoke").exists()


@pytest.mark.django_db
def test_membership_form_names_an_unknown_person_and_saves_nothing(client, agency, head):
    client.force_login(head)
    response = client.post(
        reverse("org:unit_members", args=[agency.unit.pk]),
        {"person": "tidakada", "unit": agency.unit.pk, "role": Role.DRAFTER},
    )
    assert response.status_code == 400
    assert "Tidak ada pengguna aktif" in response.content.decode()


@pytest.mark.django_db
def test_unit_create_rename_move_and_log(superuser, agency):
    unit = services.unit_create(
        actor=superuser,
        parent=agency.unit,
        code="SEKSI",
        name="Seksi Uji",
        kind="sub_unit",
        address="",
        numbering_pattern="",
        planned_sop_count=None,
    )
    assert Unit.objects.get_parent(unit) == agency.unit
    services.unit_update(actor=superuser, unit=unit, name="Seksi Baru")
    services.unit_move(actor=superuser, unit=unit, parent=agency.other)
    unit.refresh_from_db()
    assert unit.name == "Seksi Baru" and Unit.objects.get_parent(unit).pk == agency.other.pk
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["unit.create", "unit.update", "unit.move"]
    assert AuditEntry.objects.get(action="unit.update").details == {"name": ["Seksi Uji", "Seksi Baru"]}


@pytest.mark.django_db
def test_unit_cannot_move_below_itself_or_take_a_used_code(superuser, agency):
    with pytest.raises(ValidationError):
        services.unit_move(actor=superuser, unit=agency.unit, parent=agency.sub)
    with pytest.raises(ValidationError):
        services.unit_create(actor=superuser, parent=agency.root, code="dinas", name="Duplikat", kind="unit_kerja")
    assert Unit.objects.get_parent(Unit.objects.get(pk=agency.sub.pk)).pk == agency.unit.pk


@pytest.mark.django_db
def test_unit_with_sops_or_sub_units_is_only_deactivated(superuser, agency):
    SOPVersionFactory(sop__unit=agency.other)
    for unit in (agency.other, agency.unit):
        with pytest.raises(ValidationError):
            services.unit_delete(actor=superuser, unit=unit)
    assert Unit.objects.filter(pk__in=[agency.other.pk, agency.unit.pk]).count() == 2
    services.unit_set_active(actor=superuser, unit=agency.other, active=False)
    assert not Unit.objects.get(pk=agency.other.pk).is_active
    empty = UnitFactory(parent=agency.root, code="KOSONG")
    services.unit_delete(actor=superuser, unit=empty)
    assert not Unit.objects.filter(code="KOSONG").exists()


@pytest.mark.django_db
def test_unit_form_refuses_a_bad_numbering_pattern_and_keeps_the_input(client, superuser, agency):
    client.force_login(superuser)
    response = client.post(
        reverse("org:unit_edit", args=[agency.unit.pk]),
        {
            "parent": agency.root.pk,
            "code": "DINAS",
            "name": "Dinas Diubah",
            "kind": "unit_kerja",
            "numbering_pattern": "SOP/{nomor}",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Pola hanya mengenal" in page and 'value="Dinas Diubah"' in page
    assert Unit.objects.get(pk=agency.unit.pk).name == "Dinas Uji"


@pytest.mark.django_db
def test_new_user_sets_a_password_from_the_e_mailed_link(client, superuser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_create(
            actor=superuser,
            username="pegawai",
            full_name="Pegawai Baru",
            nip="",
            position_title="Analis",
            email="pegawai@example.go.id",
        )
    assert not user.has_usable_password()
    (message,) = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "Sandi-Kuat-2026!", "new_password2": "Sandi-Kuat-2026!"})
    assert client.login(request=HttpRequest(), username="pegawai", password="Sandi-Kuat-2026!")


@pytest.mark.django_db
def test_password_reset_without_e_mail_gives_a_temporary_password_once(client, superuser):
    user = UserFactory(username="tanpasurel", email="")
    client.force_login(superuser)
    page = client.post(reverse("org:user_password", args=[user.pk]), follow=True).content.decode()
    temporary = re.search(r"Kata sandi sementara tanpasurel: (\S+) ", page).group(1)
    client.logout()
    assert client.login(request=HttpRequest(), username="tanpasurel", password=temporary)
    assert AuditEntry.objects.filter(action="user.password_reset", details={"by": "temporary"}).exists()


@pytest.mark.django_db
def test_deactivated_user_cannot_sign_in_and_nobody_deactivates_themselves(client, superuser, drafter):
    services.user_set_active(actor=superuser, user=drafter, active=False)
    assert not client.login(request=HttpRequest(), username=drafter.username, password="sandi-uji-123")
    with pytest.raises(ValidationError):
        services.user_set_active(actor=superuser, user=superuser, active=False)


@pytest.mark.django_db
def test_user_data_rules_name_the_field(superuser, drafter):
    other = UserFactory(nip="199001172015031003")
    with pytest.raises(ValidationError) as error:
        services.user_update(actor=superuser, user=drafter, nip=other.nip)
    assert "nip" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.user_update(actor=drafter, user=drafter, full_name="Saya Sendiri")


@pytest.mark.django_db
def test_agency_settings_change_paper_and_default_review_period(client, superuser, drafter, make_version):
    from sop import documents

    client.force_login(superuser)
    client.post(reverse("org:settings"), {"paper_size": "F4", "review_period_months": "6", "workday_hours": "8"})
    assert documents.paper_size() == "F4"
    assert AgencySettings.current().workday_minutes == 480
    assert AuditEntry.objects.filter(action="settings.update").exists()
    client.force_login(drafter)
    assert 'name="review_period_months" value="6"' in client.get(reverse("sop:create")).content.decode()


@pytest.mark.django_db
def test_api_token_shows_once_and_a_new_one_retires_the_old(client, drafter):
    client.force_login(drafter)
    first = re.search(r"user-select-all[^>]*>(\w+)<", client.post(reverse("org:api_token")).content.decode()).group(1)
    assert first not in client.get(reverse("org:api_token")).content.decode()
    second = re.search(r"user-select-all[^>]*>(\w+)<", client.post(reverse("org:api_token")).content.decode()).group(1)
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.get("/api/v1/sops/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get("/api/v1/sops/").status_code == 200


@pytest.mark.django_db
def test_visitors_get_404_for_the_pages_of_units_users_and_roles(client, agency, drafter):
    membership = Membership.objects.get(user=drafter)
    for url in [
        reverse("org:unit_edit", args=[agency.unit.pk]),
        reverse("org:unit_members", args=[agency.unit.pk]),
        reverse("org:user_edit", args=[drafter.pk]),
        reverse("org:membership_remove", args=[membership.pk]),
    ]:
        assert client.get(url).status_code == 404, url
