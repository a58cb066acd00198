import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case, CaseStatus
from org.models import Role
from tests.cases.conftest import MONDAY, moment
from tests.factories import UserFactory, grant


@pytest.fixture
def case(counter):
    return services.case_start(sop=counter.version.sop, actor=counter.loket, reference="REG-7", tracking=True)


def test_case_page_shows_the_current_step_and_the_form_to_its_person(client, counter, case):
    client.force_login(counter.loket)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Langkah sekarang: 1" in page and "Menerima berkas permohonan" in page
    assert 'id="step-form"' in page
    assert 'data-step="1" data-state="current"' in page  # the flowchart marks the step


def test_case_page_tells_others_whose_turn_it_is(client, counter, case):
    client.force_login(counter.kasi)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="step-form"' not in page and "Menunggu Loket." in page


def test_case_page_of_another_unit_is_404(client, counter, case, agency):
    stranger = UserFactory()
    grant(stranger, agency.other, Role.DRAFTER)
    client.force_login(stranger)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.post(reverse("cases:step", args=[case.pk]), {"step_number": 1}).status_code == 404
    client.logout()
    assert client.get(case.get_absolute_url()).status_code == 404


def test_start_page_starts_a_case_and_a_missing_reference_keeps_the_form(client, counter):
    client.force_login(counter.loket)
    url = reverse("cases:start", args=[counter.version.sop.pk])
    response = client.post(url, {"reference": "", "tracking": "on"})
    assert response.status_code == 400 and not Case.objects.exists()
    response = client.post(url, {"reference": "REG-9", "tracking": "on"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.tracking_code


def test_step_post_moves_the_case_on(client, counter, case):
    client.force_login(counter.loket)
    url = reverse("cases:step", args=[case.pk])
    response = client.post(url, {"step_number": 1, "seen_steps": 0, "output": "Berkas lengkap diterima"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.current_step == 2 and case.steps.get().output == "Berkas lengkap diterima"


def test_refused_step_keeps_what_was_typed(client, counter, case):
    client.force_login(counter.operator)
    url = reverse("cases:step", args=[case.pk])
    response = client.post(url, {"step_number": 4, "seen_steps": 0, "output": "Catatan panjang saya", "form": "other"})
    assert response.status_code == 403
    assert "Catatan panjang saya" in response.content.decode()
    client.force_login(counter.kasi)
    response = client.post(url, {"step_number": 4, "seen_steps": 0, "output": "Disetujui dulu", "form": "other"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "hanya boleh dengan alasan" in page and "Disetujui dulu" in page
    assert "<details" in page and 'id="other-step" open' in page
    case.refresh_from_db()
    assert case.steps_done == 0


def test_stale_page_is_refused_with_a_message(client, counter, case):
    services.case_step_done(case=case, actor=counter.loket, step_number=1)
    client.force_login(counter.loket)
    response = client.post(
        reverse("cases:step", args=[case.pk]), {"step_number": 1, "seen_steps": 0, "output": "Berkas asli diterima"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "sudah bergerak" in page
    assert 'id="case-unsaved"' in page and "Berkas asli diterima" in page


def test_list_keeps_its_queries_whatever_the_number_of_cases(client, counter):
    client.force_login(counter.loket)
    url = reverse("cases:list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for n in range(2):
        services.case_start(sop=counter.version.sop, actor=counter.loket, reference=f"A{n}")
    count()  # the first page after the login also saves the session
    few = count()
    for n in range(30):
        services.case_start(sop=counter.version.sop, actor=counter.loket, reference=f"B{n}")
    assert count() == few


def test_list_filters_late_cases(client, counter):
    early = services.case_start(sop=counter.version.sop, actor=counter.loket, reference="LAMA", now=moment(MONDAY, 8))
    services.case_start(sop=counter.version.sop, actor=counter.loket, reference="BARU")
    client.force_login(counter.loket)
    page = client.get(reverse("cases:list") + "?terlambat=1").content.decode()
    assert early.reference in page and "BARU" not in page


def test_inbox_lists_the_steps_waiting_for_the_person_and_counts_them(
    client, counter, case, django_capture_on_commit_callbacks
):
    client.force_login(counter.loket)
    response = client.get(reverse("workflow:inbox"))
    assert response.context["inbox_counts"]["case_steps"] == 1 and response.context["inbox_counts"]["total"] == 1
    assert "REG-7" in response.content.decode()
    client.force_login(counter.operator)
    assert client.get(reverse("workflow:inbox")).context["inbox_counts"]["case_steps"] == 0
    with django_capture_on_commit_callbacks(execute=True):  # the move forgets the cached counts
        services.case_step_done(case=case, actor=counter.loket, step_number=1)
    assert client.get(reverse("workflow:inbox")).context["inbox_counts"]["case_steps"] == 1


def test_tracking_page_shows_the_stage_and_nothing_personal(client, counter, case):
    counter.loket.full_name = "Petugas Rahasia"
    counter.loket.save()
    response = client.get(reverse("cases:track"), {"kode": case.tracking_code.lower()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Langkah 1: Menerima berkas permohonan" in page and "Perkiraan selesai" in page
    assert "REG-7" not in page and "Petugas Rahasia" not in page


def test_tracking_page_of_an_unknown_code_is_404(client, counter):
    response = client.get(reverse("cases:track"), {"kode": "LYN-AAAA-BBBB"})
    assert response.status_code == 404 and "tidak ditemukan" in response.content.decode()


def test_tracking_lookups_are_limited_per_address(client, counter, case, settings):
    settings.RATELIMIT_ENABLE, settings.ESOP_TRACK_RATE_ADDRESS = True, "2/h"
    address = f"203.0.113.{case.pk % 250 + 1}"
    for _ in range(2):
        assert client.get(reverse("cases:track"), {"kode": "LYN-AAAA-BBBB"}, REMOTE_ADDR=address).status_code == 404
    assert client.get(reverse("cases:track"), {"kode": case.tracking_code}, REMOTE_ADDR=address).status_code == 429


def test_version_page_offers_the_case_and_shows_its_figures(client, counter, case, head):
    services.case_step_done(case=case, actor=counter.loket, step_number=1)
    client.force_login(counter.loket)
    page = client.get(counter.version.get_absolute_url()).content.decode()
    assert reverse("cases:start", args=[counter.version.sop.pk]) in page
    assert reverse("cases:mapping", args=[counter.version.sop.pk]) not in page
    assert 'id="pelaksanaan"' in page and "Kasus dimulai" in page
    client.force_login(head)
    assert (
        reverse("cases:mapping", args=[counter.version.sop.pk])
        in client.get(counter.version.get_absolute_url()).content.decode()
    )


def test_revision_draft_hears_which_steps_ran_over_their_time(client, counter, author):
    from sop import services as sop_services

    case = services.case_start(sop=counter.version.sop, actor=counter.loket, reference="L", now=moment(MONDAY, 8))
    services.case_step_done(case=case, actor=counter.loket, step_number=1, now=moment(MONDAY, 9))  # 60 of 10
    revision = sop_services.version_revise(sop=counter.version.sop, actor=author, reason="evaluasi", summary="Uji")
    client.force_login(author)
    page = client.get(revision.get_absolute_url()).content.decode()
    assert 'id="case-revision-hint"' in page and "langkah 1 rata-rata 1 jam, baku 10 menit" in page


def test_mapping_page_saves_for_the_head_and_is_refused_to_a_drafter(client, counter, head, drafter):
    url = reverse("cases:mapping", args=[counter.version.sop.pk])
    client.force_login(drafter)
    assert client.get(url).status_code == 403
    client.force_login(head)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {key: [counter.kasi.pk] if name == "Loket" else [] for key, name in form.actor_fields}
    assert client.post(url, data).status_code == 302
    assert list(counter.version.sop.actor_assignments.values_list("actor_name", "user")) == [("Loket", counter.kasi.pk)]


def test_cancel_by_the_starter_with_a_reason(client, counter, case):
    client.force_login(counter.loket)
    url = reverse("cases:cancel", args=[case.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Salah input"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED


def test_the_expected_completion_follows_the_steps_ahead(client, counter):
    case = services.case_start(sop=counter.version.sop, actor=counter.loket, reference="E", now=moment(MONDAY, 8))
    services.case_step_done(case=case, actor=counter.loket, step_number=1, now=moment(MONDAY, 8, 5))
    client.force_login(counter.loket)
    response = client.get(case.get_absolute_url())
    # From 08:05 Monday: 30 + 5 + 450 + 15 = 500 working minutes ahead: 415 until 15:00, then 85 on
    # Tuesday from 07:30.
    assert response.context["expected"] == moment(MONDAY + datetime.timedelta(days=1), 8, 55)


def test_sop_page_figures_are_counted_again_after_a_case_of_the_sop_moves(
    client, counter, django_capture_on_commit_callbacks
):
    client.force_login(counter.loket)
    url = counter.version.get_absolute_url()
    assert "SOP ini belum pernah dijalankan" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_start(sop=counter.version.sop, actor=counter.loket, reference="BARU")
    page = client.get(url).content.decode()
    assert "SOP ini belum pernah dijalankan" not in page and "1 / 0 / 1" in page


def test_monitoring_round_offers_the_cases_figures_to_cite(client, counter, head):
    from monitoring.models import Monitoring

    case = services.case_start(sop=counter.version.sop, actor=counter.loket, reference="M", now=moment(MONDAY, 8))
    services.case_step_done(case=case, actor=counter.loket, step_number=1, now=moment(MONDAY, 8, 5))
    client.force_login(head)
    sop = counter.version.sop
    page = client.get(reverse("monitoring:round")).content.decode()
    cited = "Data pelaksanaan di portal: 1 kasus, 0 selesai; 100% langkah tepat waktu; 0 penyimpangan per 100 kasus."
    assert cited in page
    response = client.post(
        reverse("monitoring:round"),
        {
            "date": MONDAY.isoformat(),
            f"s{sop.pk}-method": "observasi",
            f"s{sop.pk}-assessment": "baik",
            f"s{sop.pk}-assessment_note": "Berjalan baik",
            f"s{sop.pk}-cite_cases": "on",
        },
    )
    assert response.status_code == 302
    assert Monitoring.objects.get(sop=sop).assessment_note == f"Berjalan baik\n{cited}"


def test_public_page_of_a_public_service_sop_leads_to_the_tracking_page(client, counter):
    page = client.get(reverse("sop:public_detail", args=[counter.version.sop_id])).content.decode()
    assert 'id="lacak-layanan"' in page and reverse("cases:track") in page
