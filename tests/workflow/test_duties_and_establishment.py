"""Separation of duties, penetapan (signer, hash, effective date) and superseding."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from org.models import Role
from sop import content as sop_content
from sop import selectors
from sop import services as sop_services
from sop.models import VersionStatus
from tests.factories import UserFactory, grant
from workflow import services
from workflow.models import TransitionLog
from workflow.transitions import Action

TODAY = timezone.localdate


def _comparable(content) -> dict:
    """A version's content without what a revision is expected to change (numbering, row ids)."""
    data = sop_content.to_json(content)
    return data | {
        "revision": 0,
        "status": "",
        "actors": [a["name"] for a in data["actors"]],
        "steps": [{**s, "actor": content.actor_name(s["actor"])} for s in data["steps"]],
    }


def _user(agency, *roles, **fields):
    user = UserFactory(**fields)
    for role in roles:
        grant(user, agency.unit, role)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), [("in_review", "pass"), ("in_review", "return"), ("awaiting", "return")])
def test_drafter_with_judging_role_may_not_judge_own_version(agency, author, make_version, state, action):
    grant(author, agency.unit, Role.REVIEWER)
    grant(author, agency.unit, Role.HEAD)
    version = make_version(state)
    with pytest.raises(PermissionDenied) as error:
        services.version_transition(version=version, action=action, actor=author, comment="x")
    assert "menyusun atau terakhir mengubah" in str(error.value)
    version.refresh_from_db()
    assert version.status == state


@pytest.mark.django_db
def test_last_editor_may_not_establish(agency, make_version):
    head = _user(agency, Role.HEAD, Role.DRAFTER)
    version = make_version("awaiting")
    version.updated_by = head
    version.save()
    with pytest.raises(PermissionDenied):
        services.version_establish(version=version, actor=head, effective_date=TODAY(), reauthenticated=True)


@pytest.mark.django_db
def test_reviewer_who_passed_may_not_also_establish(agency, make_version):
    both = _user(agency, Role.REVIEWER, Role.HEAD)
    version = make_version("in_review")
    services.version_pass(version=version, actor=both)
    with pytest.raises(PermissionDenied) as error:
        services.version_establish(version=version, actor=both, effective_date=TODAY(), reauthenticated=True)
    assert "meneruskan pemeriksaan" in str(error.value)
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT


@pytest.mark.django_db
def test_establish_without_password_confirmation_refused(agency, make_version):
    head = _user(agency, Role.HEAD)
    version = make_version("awaiting")
    with pytest.raises(PermissionDenied):
        services.version_establish(version=version, actor=head, effective_date=TODAY(), reauthenticated=False)
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT


@pytest.mark.django_db
def test_establish_effective_date_in_past_refused(agency, make_version):
    head = _user(agency, Role.HEAD)
    version = make_version("awaiting")
    with pytest.raises(ValidationError) as error:
        services.version_establish(
            version=version, actor=head, effective_date=TODAY() - datetime.timedelta(days=1), reauthenticated=True
        )
    assert "effective_date" in error.value.message_dict
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT and version.content_hash == ""


@pytest.mark.django_db
def test_establish_today_enters_into_force_and_records_signer_and_hash(agency, make_version):
    head = _user(
        agency, Role.HEAD, full_name="Drs. Kepala Uji", nip="197203141998031004", position_title="Kepala Dinas Uji"
    )
    version = make_version("awaiting")
    services.version_establish(version=version, actor=head, effective_date=TODAY(), reauthenticated=True)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    assert (version.signer_name, version.signer_nip, version.signer_position) == (
        "Drs. Kepala Uji",
        "197203141998031004",
        "Kepala Dinas Uji",
    )
    assert version.date_effective == TODAY() and version.date_revised is None
    assert version.date_created == TODAY()  # left empty by the drafter: the day it was finished
    content = sop_content.content_of(version)
    assert version.content_hash == sop_content.content_hash(content) and len(version.content_hash) == 64
    assert [(log.action, log.actor, log.reauthenticated) for log in TransitionLog.objects.filter(version=version)] == [
        (Action.ESTABLISH, head, True),
        (Action.ENTER_INTO_FORCE, None, False),
    ]


@pytest.mark.django_db
def test_establish_future_date_waits_as_established(agency, make_version):
    head = _user(agency, Role.HEAD)
    version = make_version("awaiting")
    services.version_establish(
        version=version, actor=head, effective_date=TODAY() + datetime.timedelta(days=7), reauthenticated=True
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.ESTABLISHED


@pytest.mark.django_db
def test_new_revision_in_force_supersedes_previous(agency, author, make_version):
    head = _user(agency, Role.HEAD)
    reviewer = _user(agency, Role.REVIEWER)
    first = make_version("awaiting")
    services.version_establish(version=first, actor=head, effective_date=TODAY(), reauthenticated=True)
    second = sop_services.version_revise(
        sop=first.sop, actor=author, reason="lainnya", summary="Perbaikan untuk pengujian"
    )
    assert second.revision == 1 and second.steps.count() == 3
    services.version_submit(version=second, actor=author)
    services.version_pass(version=second, actor=reviewer)
    first.refresh_from_db()
    assert first.status == VersionStatus.IN_FORCE  # still in force while the revision is being checked
    services.version_establish(version=second, actor=head, effective_date=TODAY(), reauthenticated=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE)
    assert second.date_revised == TODAY()


@pytest.mark.django_db
def test_established_snapshot_survives_renaming_of_sop_and_unit(agency, make_version):
    head = _user(agency, Role.HEAD)
    version = make_version("awaiting")
    services.version_establish(version=version, actor=head, effective_date=TODAY(), reauthenticated=True)
    version.refresh_from_db()
    before = sop_content.content_of(version)
    agency.unit.name = "Dinas Berganti Nama"
    agency.unit.save()
    version.sop.title = "Judul Baru"
    version.sop.save()
    after = sop_content.content_of(selectors.load_version_content(version.pk))
    assert after == before
    assert sop_content.content_hash(after) == version.content_hash
    assert "Dinas Uji" in after.unit_lines


@pytest.mark.django_db
def test_revise_refused_while_a_draft_is_open(author, make_version):
    version = make_version("in_force")
    sop_services.version_revise(sop=version.sop, actor=author, reason="lainnya", summary="Perbaikan untuk pengujian")
    with pytest.raises(ValidationError):
        sop_services.version_revise(
            sop=version.sop, actor=author, reason="lainnya", summary="Perbaikan untuk pengujian"
        )
    assert version.sop.versions.count() == 2


@pytest.mark.django_db
def test_revise_copies_every_field_list_actor_and_step(author, make_version):
    version = make_version("draft")
    sop_services.version_replace_identity(
        version=version,
        actor=author,
        qualifications=["A", "B"],
        equipment=["Komputer"],
        records=["Buku"],
        warnings=["Awas"],
        related=[{"text": "SOP X"}],
        legal_bases=[{"kind": "Undang-Undang", "number": "25", "year": 2009, "subject": "Pelayanan Publik"}],
        purpose="Tujuan",
        scope="Lingkup",
    )
    from sop.models import SOPVersion

    SOPVersion.objects.filter(pk=version.pk).update(status="in_force")
    copy = sop_services.version_revise(
        sop=version.sop, actor=author, reason="lainnya", summary="Perbaikan untuk pengujian"
    )
    old = sop_content.build_content(selectors.load_version_content(version.pk))
    new = sop_content.build_content(selectors.load_version_content(copy.pk))
    assert _comparable(new) == _comparable(old)
    assert [new.actor_name(s.actor) for s in new.steps] == [old.actor_name(s.actor) for s in old.steps]
    assert copy.status == VersionStatus.DRAFT and copy.revision == 1


@pytest.mark.django_db
def test_register_signed_brings_draft_in_force_with_hash_and_no_review(agency, author, make_version):
    head = _user(agency, Role.HEAD)
    version = make_version("draft")
    signature = services.Signature("Ir. Kepala", "197203141998031004", "Kepala Dinas", datetime.date(2025, 6, 2))
    services.version_register_signed(version=version, actor=head, signature=signature)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    assert (version.signer_name, version.date_effective) == ("Ir. Kepala", datetime.date(2025, 6, 2))
    assert version.content_hash == sop_content.content_hash(sop_content.content_of(version))
    assert TransitionLog.objects.get(version=version).action == Action.REGISTER


@pytest.mark.django_db
def test_register_signed_by_drafter_denied(author, make_version):
    version = make_version("draft")
    signature = services.Signature("X", "", "Kepala", datetime.date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        services.version_register_signed(version=version, actor=author, signature=signature)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
