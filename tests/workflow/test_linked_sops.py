"""An entry of KETERKAITAN that names another SOP of the portal: its page links there and shows how
that SOP stands; when it is revoked or replaced, the heads of the SOPs that name it are told."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from org.models import Role
from sop import services as sop_services
from sop.models import SOP, SOPVersion
from tests.factories import SOPFactory, UserFactory, grant
from workflow import services


@pytest.fixture
def heads(agency, author):
    grant(author, agency.other, Role.DRAFTER)  # the versions under test are written in both units

    def head(name, unit):
        user = UserFactory(username=name, email=f"{name}@example.go.id")
        grant(user, unit, Role.HEAD)
        return user

    return {"here": head("kepala", agency.unit), "there": head("kepala_lain", agency.other)}


def established(make_version, heads, unit, *, related=(), public=False) -> SOPVersion:
    """A version in force today in ``unit`` (its head establishes it), naming ``related`` SOPs."""
    version = make_version("draft", unit=unit)
    if related:
        sop_services.version_replace_identity(
            version=version,
            actor=version.created_by,
            date_created=datetime.date(2026, 1, 5),
            legal_bases=[],
            qualifications=[],
            related=[{"relation": "prasyarat", "target": sop} for sop in related],
            equipment=[],
            warnings=[],
            records=[],
            purpose="",
            scope="",
            definitions="",
        )
    SOP.objects.filter(pk=version.sop_id).update(is_public_service=public)
    SOPVersion.objects.filter(pk=version.pk).update(status="awaiting")
    version.refresh_from_db()
    head = heads["here"] if unit == heads["here"].memberships.get().unit else heads["there"]
    services.version_establish(version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True)
    version.refresh_from_db()
    return version


@pytest.mark.django_db
def test_the_page_links_a_named_sop_and_shows_it_in_force_then_revoked(client, agency, make_version, heads):
    target = established(make_version, heads, agency.unit)
    referring = established(make_version, heads, agency.unit, related=[target.sop])
    client.force_login(heads["here"])
    body = client.get(referring.get_absolute_url()).content.decode()
    assert f'href="{reverse("sop:detail", args=[target.sop_id])}"' in body
    assert 'text-bg-success">Berlaku</span>' in body
    services.version_revoke(version=target, actor=heads["here"], reason="Tidak dipakai lagi")
    body = client.get(referring.get_absolute_url()).content.decode()
    assert 'text-bg-danger">Dicabut</span>' in body


@pytest.mark.django_db
def test_a_named_sop_the_reader_may_not_open_is_named_without_link_or_status(client, agency, make_version, heads):
    hidden = SOPFactory(unit=agency.other, title="SOP Dinas Lain")  # another unit's, not shared
    referring = established(make_version, heads, agency.unit, related=[hidden])
    client.force_login(heads["here"])
    body = client.get(referring.get_absolute_url()).content.decode()
    assert "SOP Dinas Lain" in body
    assert reverse("sop:detail", args=[hidden.pk]) not in body
    assert "belum berlaku" not in body


@pytest.mark.django_db
def test_on_the_public_page_a_public_sop_in_force_links_to_its_public_page(client, agency, make_version, heads):
    target = established(make_version, heads, agency.unit, public=True)
    referring = established(make_version, heads, agency.unit, related=[target.sop], public=True)
    body = client.get(reverse("sop:public_detail", args=[referring.sop_id])).content.decode()
    assert f'href="{reverse("sop:public_detail", args=[target.sop_id])}"' in body
    assert "Berlaku</span>" in body


@pytest.mark.django_db
def test_heads_of_the_sops_naming_a_revoked_sop_are_told(
    agency, make_version, heads, django_capture_on_commit_callbacks
):
    target = established(make_version, heads, agency.unit)
    referring = established(make_version, heads, agency.other, related=[target.sop])
    established(make_version, heads, agency.unit)  # names nothing: its head hears nothing of it
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.version_revoke(version=target, actor=heads["here"], reason="Diganti peraturan baru")
    told = [m for m in mail.outbox if "yang dirujuk SOP Anda" in m.subject]
    assert [(m.to, m.subject) for m in told] == [
        (["kepala_lain@example.go.id"], f"[e-SOP] SOP {target.sop.number} yang dirujuk SOP Anda dicabut")
    ]
    assert referring.sop.number in told[0].body and "dicabut" in told[0].body


@pytest.mark.django_db
def test_heads_of_the_sops_naming_a_replaced_sop_are_told(
    agency, make_version, heads, django_capture_on_commit_callbacks
):
    target = established(make_version, heads, agency.unit)
    established(make_version, heads, agency.other, related=[target.sop])
    revision = sop_services.version_revise(
        sop=target.sop, actor=target.created_by, reason="regulasi", summary="Mengikuti peraturan baru."
    )
    SOPVersion.objects.filter(pk=revision.pk).update(status="awaiting")
    revision.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.version_establish(
            version=revision, actor=heads["here"], effective_date=timezone.localdate(), reauthenticated=True
        )
    told = [m for m in mail.outbox if "yang dirujuk SOP Anda" in m.subject]
    assert [m.to for m in told] == [["kepala_lain@example.go.id"]]
    assert "digantikan revisi baru" in told[0].subject
