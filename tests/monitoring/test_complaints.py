"""Public complaints (pengaduan): sent without an account, followed with a tracking code, answered by
the unit within its service level, counted on the dashboard, taken up into a revision."""

import datetime
import random
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.indicators import unit_figures
from monitoring.models import Feedback
from org.models import Unit
from sop.models import SOP
from tests.conftest import at

SENT = datetime.date(2026, 11, 27)  # a Friday


@pytest.fixture
def public_sop(in_force):
    version = in_force(datetime.date(2026, 3, 2))
    SOP.objects.filter(pk=version.sop_id).update(is_public_service=True)
    return SOP.objects.get(pk=version.sop_id)


def _send(client, sop, text="Petugas loket meminta biaya tambahan di luar tarif.", **extra):
    return client.post(reverse("monitoring:complaint_form", args=[sop.pk]), {"text": text, "situs": "", **extra})


@pytest.mark.django_db
def test_a_visitor_complains_and_gets_a_tracking_code_and_the_unit_is_told(
    client, public_sop, author, head, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(SENT), tick=False), django_capture_on_commit_callbacks(execute=True):
        response = _send(client, public_sop)
    assert response.status_code == 302
    complaint = Feedback.objects.get()
    assert re.fullmatch(r"ADU-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", complaint.tracking_code)
    assert (complaint.author, complaint.kind, complaint.version.status) == (None, "pengaduan", "in_force")
    assert complaint.due_on == datetime.date(2026, 12, 4)  # five working days after a Friday
    page = client.get(response["Location"]).content.decode()
    assert complaint.tracking_code in page and "Simpan kode pelacakan ini" in page
    assert "Diterima, menunggu jawaban" in page and "4 Desember 2026" in page
    told = [m for m in mail.outbox if "Pengaduan masyarakat" in m.subject]
    assert sorted(m.to[0] for m in told) == sorted([author.email, head.email])  # one e-mail each
    assert all("Dijawab paling lambat 4 Desember 2026." in m.body for m in told)


@pytest.mark.django_db
def test_the_unit_answers_in_its_inbox_and_the_complainant_reads_it_by_the_code(
    client, public_sop, drafter, django_capture_on_commit_callbacks
):
    complaint = services.complaint_submit(sop=public_sop, text="Antrean tidak tertib.")
    client.force_login(drafter)
    inbox = client.get(reverse("monitoring:feedback_inbox")).content.decode()
    assert "Masyarakat (tanpa nama)" in inbox and complaint.tracking_code in inbox and "jawab paling lambat" in inbox
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(
            reverse("monitoring:feedback_answer", args=[complaint.pk]),
            {"answer": "Nomor antrean kini dicetak."},
            follow=True,
        )
    assert "pengadu membacanya dengan kode pelacakannya" in answered.content.decode()
    assert mail.outbox == []  # nobody to write to: the complainant has no account
    client.logout()
    track = client.get(reverse("monitoring:complaint_track"), {"kode": complaint.tracking_code.lower()})
    page = track.content.decode()
    assert "Dijawab" in page and "Nomor antrean kini dicetak." in page
    client.force_login(drafter)
    client.post(reverse("monitoring:feedback_revision", args=[complaint.pk]))
    client.logout()
    page = client.get(reverse("monitoring:complaint_track"), {"kode": complaint.tracking_code}).content.decode()
    assert "ditindaklanjuti dalam revisi SOP" in page


@pytest.mark.django_db
def test_an_empty_complaint_keeps_nothing_and_says_why(client, public_sop):
    response = _send(client, public_sop, text="   ")
    assert response.status_code == 422 and "Tuliskan pengaduan Anda." in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_a_robot_filling_the_trap_is_answered_like_a_person_and_nothing_kept(client, public_sop):
    response = _send(client, public_sop, situs="http://spam.example")
    assert response.status_code == 200 and "Pengaduan terkirim" in response.content.decode()
    assert not Feedback.objects.exists()


def _address() -> str:
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


@pytest.mark.django_db
def test_an_address_sending_too_many_complaints_is_refused(client, public_sop, settings):
    settings.RATELIMIT_ENABLE, settings.ESOP_COMPLAINT_RATE_ADDRESS = True, "2/h"
    address = _address()
    for _ in range(2):
        assert _send(client, public_sop, REMOTE_ADDR=address).status_code == 302
    refused = _send(client, public_sop, REMOTE_ADDR=address)
    assert refused.status_code == 429 and "Terlalu banyak pengaduan dari alamat ini" in refused.content.decode()
    assert Feedback.objects.count() == 2


@pytest.mark.django_db
def test_tracking_codes_cannot_be_guessed_one_after_another(client, public_sop, settings):
    settings.RATELIMIT_ENABLE, settings.ESOP_TRACK_RATE_ADDRESS = True, "3/h"
    address = _address()
    url = reverse("monitoring:complaint_track")
    for _ in range(3):
        missing = client.get(url, {"kode": "ADU-AAAA-AAAA"}, REMOTE_ADDR=address)
        assert missing.status_code == 404 and "Kode pelacakan tidak ditemukan" in missing.content.decode()
    assert client.get(url, {"kode": "ADU-AAAA-AAAB"}, REMOTE_ADDR=address).status_code == 429


@pytest.mark.django_db
def test_an_sop_that_is_not_a_public_service_takes_no_complaint(client, in_force):
    version = in_force(datetime.date(2026, 3, 2))
    assert client.get(reverse("monitoring:complaint_form", args=[version.sop_id])).status_code == 404
    assert _send(client, version.sop).status_code == 404
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_the_public_page_says_where_to_complain_and_how_long_an_answer_takes(client, public_sop, agency):
    Unit.objects.filter(pk=agency.unit.pk).update(complaint_answer_days=3)
    page = client.get(reverse("sop:public_detail", args=[public_sop.pk])).content.decode()
    assert "Sampaikan pengaduan" in page and "paling lambat 3 hari kerja" in page


@pytest.mark.django_db
def test_the_dashboard_counts_complaints_the_overdue_ones_and_the_days_to_answer(
    client, public_sop, drafter, head, agency
):
    with time_machine.travel(at(datetime.date(2026, 11, 2)), tick=False):
        late = services.complaint_submit(sop=public_sop, text="Berkas hilang.")
        quick = services.complaint_submit(sop=public_sop, text="Loket tutup lebih awal.")
    with time_machine.travel(at(datetime.date(2026, 11, 4)), tick=False):
        services.feedback_answer(feedback=quick, actor=drafter, answer="Jam layanan diumumkan ulang.")
    with time_machine.travel(at(datetime.date(2026, 11, 20)), tick=False):
        figures = unit_figures(today=timezone.localdate())[agency.unit.pk]
        assert (figures.complaints_90d, figures.complaints_overdue) == (2, 1)
        assert figures.median_days_to_answer_complaint == 2.0
        client.force_login(head)
        page = client.get(reverse("monitoring:dashboard"), {"unit": agency.unit.pk}).content.decode()
    card = page[page.index('id="complaints-figure"') :][:900]
    assert "1 lewat batas jawaban" in card and "median dijawab dalam 2,0 hari" in card
    assert late.due_on == datetime.date(2026, 11, 9)
