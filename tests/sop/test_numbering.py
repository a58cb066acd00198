import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sop import numbering, services
from sop.models import SOP, SOPVersion, VersionStatus
from tests.factories import SOPFactory


def test_next_number_first_of_the_year():
    assert numbering.next_number(numbering.DEFAULT_PATTERN, unit_code="UMUM", year=2026, existing=[]) == (
        "SOP-001/UMUM/2026"
    )


def test_next_number_follows_highest_sequence_of_unit_and_year():
    existing = ["SOP-001/UMUM/2026", "SOP-007/UMUM/2026", "SOP-050/UMUM/2025", "SOP-090/BKAD/2026", "lain-lain"]
    assert numbering.next_number(numbering.DEFAULT_PATTERN, unit_code="UMUM", year=2026, existing=existing) == (
        "SOP-008/UMUM/2026"
    )


def test_next_number_other_pattern():
    pattern = "T/{seq:03d}/UN16.15.3/OT.01.00/{year}"
    existing = ["T/004/UN16.15.3/OT.01.00/2024"]
    assert (
        numbering.next_number(pattern, unit_code="X", year=2024, existing=existing) == "T/005/UN16.15.3/OT.01.00/2024"
    )


def test_pattern_regex_escapes_literal_characters():
    regex = numbering.pattern_regex("SOP.{seq}+{unit_code}", unit_code="A.B", year=2026)
    assert regex.match("SOP.12+A.B")["seq"] == "12"
    assert regex.match("SOPx12+AxB") is None


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("SOP/{unit_code}/{year}", "{seq}"),
        ("SOP-{seq}/{kode}", "kode"),
        ("SOP-{seq/{year}", "kurung kurawal"),
    ],
)
def test_validate_pattern_rejects_with_message(pattern, words):
    with pytest.raises(ValidationError) as error:
        numbering.validate_pattern(pattern)
    assert words in error.value.messages[0]


def test_validate_pattern_accepts_default():
    numbering.validate_pattern(numbering.DEFAULT_PATTERN)


@pytest.mark.django_db
def test_sop_propose_number_uses_nearest_ancestor_pattern(agency):
    agency.root.numbering_pattern = "{unit_code}-{seq:02d}/{year}"
    agency.root.save()
    SOPFactory(unit=agency.sub, number="BIDANG-04/2026")
    assert services.sop_propose_number(unit=agency.sub, year=2026) == "BIDANG-05/2026"


@pytest.mark.django_db
def test_sop_propose_number_own_pattern_wins(agency):
    agency.root.numbering_pattern = "{unit_code}-{seq:02d}/{year}"
    agency.root.save()
    agency.sub.numbering_pattern = "B{seq}"
    agency.sub.save()
    assert services.sop_propose_number(unit=agency.sub, year=2026) == "B1"


@pytest.mark.django_db
def test_sop_create_proposes_number_and_opens_first_draft(agency, drafter):
    sop = services.sop_create(unit=agency.unit, title="  Pengelolaan Surat Masuk ", actor=drafter)
    assert sop.number.startswith("SOP-001/DINAS/")
    assert sop.title == "Pengelolaan Surat Masuk"
    version = sop.versions.get()
    assert (version.revision, version.status, version.created_by) == (0, VersionStatus.DRAFT, drafter)


@pytest.mark.django_db
def test_sop_create_duplicate_number_refused_and_nothing_saved(agency, drafter):
    SOPFactory(unit=agency.unit, number="SOP-001/DINAS/2026")
    with pytest.raises(ValidationError) as error:
        services.sop_create(unit=agency.unit, title="Lain", number="SOP-001/DINAS/2026", actor=drafter)
    assert error.value.message_dict["number"] == ["Nomor SOP SOP-001/DINAS/2026 sudah dipakai."]
    assert SOP.objects.count() == 1 and SOPVersion.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reviewer", "head", "outsider"])
def test_sop_create_without_drafter_role_denied(agency, request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.sop_create(unit=agency.unit, title="X", actor=user)
    assert not SOP.objects.exists()


@pytest.mark.django_db
def test_sop_create_in_sub_unit_allowed_for_parent_drafter(agency, drafter):
    sop = services.sop_create(unit=agency.sub, title="Sub", actor=drafter)
    assert sop.unit == agency.sub
