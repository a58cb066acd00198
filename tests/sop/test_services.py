import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sop import selectors, services
from sop.content import RelatedData, StepData, content_of
from sop.models import Step, VersionStatus
from sop.procedure import validate
from tests.factories import SOPVersionFactory

STEPS = [
    StepData(1, kind="start", text="Menerima berkas", actor=0, next=2),
    StepData(2, kind="decision", text="Berkas lengkap?", actor=1, yes=3, no=1),
    StepData(
        3,
        kind="end",
        text="Menerbitkan surat",
        actor=1,
        duration_value=Decimal("1.5"),
        duration_unit="jam",
        output="Surat",
    ),
]


@pytest.fixture
def draft(agency):
    return SOPVersionFactory(sop__unit=agency.unit)


@pytest.mark.django_db
def test_version_replace_procedure_links_steps_by_number(draft, drafter):
    services.version_replace_procedure(version=draft, actor=drafter, actors=["Loket", "Kepala"], steps=STEPS)
    content = content_of(selectors.version_with_content(drafter, draft.pk))
    assert [(s.number, s.kind, content.actor_name(s.actor), s.next, s.yes, s.no) for s in content.steps] == [
        (1, "start", "Loket", 2, None, None),
        (2, "decision", "Kepala", None, 3, 1),
        (3, "end", "Kepala", None, None, None),
    ]
    assert content.steps[2].duration == "1,5 jam"
    assert validate(content) == []


@pytest.mark.django_db
def test_version_replace_procedure_bumps_lock_and_keeps_history(draft, drafter):
    services.version_replace_procedure(version=draft, actor=drafter, actors=["A", "B"], steps=STEPS)
    services.version_replace_procedure(version=draft, actor=drafter, actors=["A", "B"], steps=STEPS[:1])
    draft.refresh_from_db()
    assert draft.lock_version == 2
    assert draft.history.count() == 3  # created, then two saves
    assert Step.history.filter(version_id=draft.pk, history_type="-").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in VersionStatus.values if s != VersionStatus.DRAFT])
def test_version_replace_procedure_refuses_non_draft(agency, drafter, status):
    version = SOPVersionFactory(sop__unit=agency.unit, status=status)
    with pytest.raises(ValidationError):
        services.version_replace_procedure(version=version, actor=drafter, actors=["A"], steps=STEPS[:1])
    assert not version.steps.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reviewer", "head", "outsider"])
def test_version_replace_identity_needs_drafter_of_unit(request, draft, who):
    with pytest.raises(PermissionDenied):
        services.version_replace_identity(version=draft, actor=request.getfixturevalue(who), qualifications=["X"])
    assert not draft.list_items.exists()


@pytest.mark.django_db
def test_version_replace_identity_keeps_list_order(draft, drafter):
    services.version_replace_identity(
        version=draft,
        actor=drafter,
        date_created=datetime.date(2026, 1, 5),
        legal_bases=[{"kind": "Undang-Undang", "number": "25", "year": 2009, "subject": "Pelayanan Publik"}],
        equipment=["Komputer", "Printer", "ATK"],
        related=[{"text": "SOP Pengarsipan"}],
    )
    content = content_of(selectors.version_with_content(drafter, draft.pk))
    assert content.equipment == ("Komputer", "Printer", "ATK")
    assert [str(b) for b in content.legal_bases] == ["Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"]
    assert content.related == (RelatedData("SOP Pengarsipan"),)
    assert content.date_created == datetime.date(2026, 1, 5)
