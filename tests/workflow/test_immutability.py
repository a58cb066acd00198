"""An established version cannot change by any path: model, queryset, services, admin, raw SQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from sop import services as sop_services
from sop.models import Actor, FrozenVersionError, ListItem, SOPVersion, Step
from tests.factories import UserFactory

FROZEN = ["established", "in_force", "superseded", "revoked"]


@pytest.fixture(params=FROZEN)
def frozen(request, make_version):
    return make_version(request.param)


def _unchanged(version):
    fresh = SOPVersion.objects.get(pk=version.pk)
    return (
        fresh.status == version.status
        and fresh.purpose == version.purpose
        and list(fresh.steps.values_list("number", "text"))
        == [(1, "Menerima berkas"), (2, "Berkas lengkap?"), (3, "Menerbitkan surat")]
        and fresh.actors.count() == 2
    )


@pytest.mark.django_db
def test_frozen_version_model_save_refused(frozen):
    frozen.purpose = "diubah"
    with pytest.raises(FrozenVersionError):
        frozen.save()
    with pytest.raises(FrozenVersionError):
        frozen.save(update_fields=["purpose"])
    assert _unchanged(SOPVersion.objects.get(pk=frozen.pk))


@pytest.mark.django_db
def test_frozen_version_stale_instance_save_refused(frozen):
    stale = SOPVersion.objects.get(pk=frozen.pk)
    stale.status = "draft"  # as if loaded before it was established
    stale.purpose = "diubah"
    with pytest.raises(FrozenVersionError):
        stale.save()
    assert _unchanged(frozen)


@pytest.mark.django_db
def test_frozen_version_queryset_update_refused_by_database(frozen):
    with pytest.raises(DatabaseError), transaction.atomic():
        SOPVersion.objects.filter(pk=frozen.pk).update(purpose="diubah")
    assert _unchanged(frozen)


@pytest.mark.django_db
def test_frozen_version_status_cannot_go_back_to_draft(frozen):
    with pytest.raises(DatabaseError), transaction.atomic():
        SOPVersion.objects.filter(pk=frozen.pk).update(status="draft")
    assert _unchanged(frozen)


@pytest.mark.django_db
def test_frozen_version_raw_sql_refused(frozen):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE sop_step SET text = 'diubah' WHERE version_id = %s", [frozen.pk])
    assert _unchanged(frozen)


@pytest.mark.django_db
def test_frozen_version_delete_refused(frozen):
    with pytest.raises(FrozenVersionError):
        frozen.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        SOPVersion.objects.filter(pk=frozen.pk).delete()
    assert _unchanged(frozen)


@pytest.mark.django_db
def test_frozen_version_parts_save_create_delete_refused(frozen):
    step = frozen.steps.get(number=1)
    step.text = "diubah"
    with pytest.raises(FrozenVersionError):
        step.save()
    with pytest.raises(FrozenVersionError):
        step.delete()
    with pytest.raises(FrozenVersionError):
        Actor.objects.create(version=frozen, position=9, name="Baru")
    with pytest.raises(FrozenVersionError):
        ListItem(version=frozen, kind="peralatan", position=1, text="Baru").save()
    assert _unchanged(frozen)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Step, Actor])
def test_frozen_version_parts_bulk_paths_refused_by_database(frozen, model):
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(version=frozen).update(version=frozen)
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(version=frozen).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        ListItem.objects.bulk_create([ListItem(version=frozen, kind="peralatan", position=1, text="x")])
    assert _unchanged(frozen)


@pytest.mark.django_db
def test_frozen_version_services_refuse(frozen, author):
    with pytest.raises(ValidationError):
        sop_services.version_replace_procedure(version=frozen, actor=author, actors=["A"], steps=[])
    with pytest.raises(ValidationError):
        sop_services.version_replace_identity(version=frozen, actor=author, purpose="diubah")
    assert _unchanged(frozen)


@pytest.mark.django_db
def test_frozen_version_admin_change_refused(client, frozen):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("admin:sop_sopversion_change", args=[frozen.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="purpose"' not in page.content  # shown read-only
    client.post(url, {"purpose": "diubah", "revision": 0, "status": "draft"})
    assert _unchanged(frozen)


def _admin_client(client):
    client.force_login(UserFactory(username="admin_portal", is_superuser=True, is_staff=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("what", ["version", "step", "actor", "sop"])
@pytest.mark.parametrize("action", ["change", "delete"])
def test_frozen_version_admin_post_refused_not_a_server_error(client, frozen, what, action):
    """A change or delete of an established version, one of its parts or its SOP posted to the admin
    answers 403 (read-only), never 500, and changes nothing."""
    obj = {
        "version": frozen,
        "step": frozen.steps.first(),
        "actor": frozen.actors.first(),
        "sop": frozen.sop,
    }[what]
    model = {"version": "sopversion", "step": "step", "actor": "actor", "sop": "sop"}[what]
    url = reverse(f"admin:sop_{model}_{action}", args=[obj.pk])
    data = {"post": "yes"} if action == "delete" else {"text": "diubah", "name": "diubah", "purpose": "diubah"}
    response = _admin_client(client).post(url, data)
    assert response.status_code == 403
    assert _unchanged(frozen)
    page = client.get(reverse(f"admin:sop_{model}_change", args=[obj.pk]))
    assert page.status_code == 200  # still shown, read-only
    assert b'name="_save"' not in page.content


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["sopversion", "step", "actor", "sop"])
def test_admin_lists_offer_no_bulk_delete_that_could_reach_a_frozen_version(client, frozen, model):
    page = _admin_client(client).get(reverse(f"admin:sop_{model}_changelist"))
    assert page.status_code == 200
    assert b'value="delete_selected"' not in page.content
