"""The service time where people read it: the SOP page, the public page, the editor as the drafter
types, the compare view, the API; the baseline entered with the identity sheet; the working day of
the agency settings. Figures worked by hand: the procedure below takes 30 + 90 minutes and one
working day along its main path (1 hari kerja 2 jam), its loop once more 2 hours (1 hari kerja 4 jam)."""

import dataclasses

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from org.models import AgencySettings
from sop import durations, services
from sop.models import SOP, SOPVersion
from tests.factories import steps_in_order
from tests.sop.test_edit_views import HX, identity_data, step_data
from workflow import services as workflow


def timed(waktu: str, **flow) -> dict:
    return {**durations.read(waktu).fields(), **flow}


STEPS = steps_in_order(
    ("start", "Menerima berkas", 0, {"next": 2}),
    ("activity", "Memeriksa berkas", 1, timed("30 menit", next=3)),
    ("decision", "Berkas lengkap?", 1, timed("1,5 jam", yes=4, no=2)),
    ("activity", "Menerbitkan surat", 1, timed("1 hari kerja", next=5)),
    ("end", "Menyerahkan surat", 0),
)


@pytest.fixture
def timed_version(make_version, author):
    def make(status="draft", steps=STEPS):
        version = make_version("draft")
        services.version_replace_procedure(version=version, actor=author, actors=["Loket", "Kepala Seksi"], steps=steps)
        SOPVersion.objects.filter(pk=version.pk).update(status=status)
        version.refresh_from_db()
        return version

    return make


@pytest.fixture
def established(timed_version, head):
    version = timed_version("awaiting")
    workflow.version_establish(version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True)
    version.refresh_from_db()
    return version


@pytest.mark.django_db
def test_penetapan_adds_up_the_service_time_and_keeps_it_with_the_version(established):
    stored = established.service_time
    assert stored["path"] == [1, 2, 3, 4, 5] and stored["loops"] == [[3, 2]]
    assert stored["main"] == ["120", "1"] and stored["worst"] == ["240", "1"]  # clock minutes, working days


@pytest.mark.django_db
def test_the_sop_page_shows_the_service_time_with_the_agencys_working_day(client, established, superuser, drafter):
    client.force_login(drafter)
    page = client.get(reverse("sop:detail", args=[established.sop_id])).content.decode()
    assert "<strong>1 hari kerja 2 jam</strong>" in page and "<strong>1 hari kerja 4 jam</strong>" in page
    client.force_login(superuser)
    client.post(reverse("org:settings"), {"paper_size": "", "review_period_months": "12", "workday_hours": "2"})
    assert AgencySettings.current().workday_minutes == 120
    client.force_login(drafter)
    page = client.get(reverse("sop:detail", args=[established.sop_id])).content.decode()
    assert "<strong>2 hari kerja</strong>" in page  # 2 hours + one 2-hour day


@pytest.mark.django_db
def test_steps_without_a_time_are_named_and_the_total_is_partial(client, timed_version, drafter):
    steps = [*STEPS]
    steps[3] = dataclasses.replace(steps[3], duration_value=None, duration_unit="")
    version = timed_version(steps=steps)
    client.force_login(drafter)
    page = client.get(version.get_absolute_url()).content.decode()
    assert "<strong>2 jam</strong>" in page
    assert "Jumlah sebagian" in page and "waktu langkah 4 berupa teks atau kosong" in page


@pytest.mark.django_db
def test_the_public_page_shows_the_service_time(client, established):
    SOP.objects.filter(pk=established.sop_id).update(is_public_service=True)
    page = client.get(reverse("sop:public_detail", args=[established.sop_id])).content.decode()
    assert "Waktu layanan" in page and "<strong>1 hari kerja 2 jam</strong>" in page


@pytest.mark.django_db
def test_the_editor_answers_each_save_with_the_service_time_as_it_now_is(client, timed_version, drafter):
    version = timed_version()
    client.force_login(drafter)
    step = version.steps.get(number=4)
    data = step_data(step, version.lock_version, waktu="3 hari kerja", next=version.steps.get(number=5).pk)
    response = client.post(reverse("sop:step_save", args=[version.sop_id, version.pk, step.pk]), data, **HX)
    assert response.status_code == 200
    assert "<strong>3 hari kerja 2 jam</strong>" in response.content.decode()


@pytest.mark.django_db
def test_a_baseline_is_entered_with_its_source_and_the_page_reports_the_change(client, timed_version, drafter):
    version = timed_version()
    client.force_login(drafter)
    url = reverse("sop:edit_identity", args=[version.sop_id, version.pk])
    response = client.post(url, identity_data(version, baseline_time="4 Hari Kerja", baseline_source="SOP manual 2023"))
    assert response.status_code == 302
    sop = SOP.objects.get(pk=version.sop_id)
    assert (sop.baseline_time, sop.baseline_source) == ("4 hari kerja", "SOP manual 2023")
    page = client.get(version.get_absolute_url()).content.decode()
    # 570 minutes against 4 × 450 = 1800: −68%
    assert "−68% dari waktu sebelum digitalisasi/perbaikan (4 hari kerja; sumber: SOP manual 2023)" in page


@pytest.mark.parametrize(
    ("baseline", "source", "message"),
    [
        ("Sesuai kebutuhan", "", "Tuliskan waktu dengan angka dan satuannya"),
        ("14", "", "Tuliskan waktu dengan angka dan satuannya"),
        ("0 hari", "", "Waktu harus angka lebih dari 0."),
        ("", "Laporan 2023", "Isi waktunya juga"),
    ],
)
@pytest.mark.django_db
def test_a_baseline_that_cannot_be_measured_is_refused_and_nothing_changes(
    client, timed_version, drafter, baseline, source, message
):
    version = timed_version()
    client.force_login(drafter)
    url = reverse("sop:edit_identity", args=[version.sop_id, version.pk])
    response = client.post(url, identity_data(version, baseline_time=baseline, baseline_source=source, title="Baru"))
    assert response.status_code == 422
    assert message in response.content.decode()
    sop = SOP.objects.get(pk=version.sop_id)
    assert (sop.baseline_time, sop.title) == ("", version.sop.title)


@pytest.mark.django_db
def test_the_compare_view_shows_the_change_of_service_time_between_two_versions(client, established, drafter):
    revision = services.version_revise(
        sop=established.sop, actor=drafter, reason="lainnya", summary="Perbaikan untuk pengujian"
    )
    step = revision.steps.get(number=4)
    client.force_login(drafter)
    data = step_data(step, SOPVersion.objects.get(pk=revision.pk).lock_version, waktu="2 jam")
    data[f"step-{step.pk}-next"] = revision.steps.get(number=5).pk
    client.post(reverse("sop:step_save", args=[revision.sop_id, revision.pk, step.pk]), data, **HX)
    page = client.get(
        reverse("sop:compare", args=[established.sop_id]), {"a": established.pk, "b": revision.pk}
    ).content.decode()
    # 570 minutes → 240 minutes: −58%
    assert "<del>1 hari kerja 2 jam</del> → <ins>4 jam</ins> <strong>(−58% dari revisi 0)</strong>" in page
    assert "−58% dari revisi 0" in client.get(revision.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_api_gives_the_service_time_of_a_version(client, established, drafter):
    client.force_login(drafter)
    data = client.get(f"/api/v1/versions/{established.pk}/").json()
    assert data["service_time"] == {
        "minutes": 570,
        "worst_minutes": 690,
        "workday_minutes": 450,
        "text": "1 hari kerja 2 jam",
        "partial": False,
        "unmeasured_steps": [],
    }


def test_the_service_time_of_an_established_version_cannot_be_changed_in_the_database(flushable_db, established):
    with pytest.raises(DatabaseError, match="tidak dapat diubah"):
        SOPVersion.objects.filter(pk=established.pk).update(service_time=None)
