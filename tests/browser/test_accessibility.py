"""WCAG 2.1 AA, checked by axe-core (tests/browser/vendor/axe.min.js, 4.14, from the npm registry)
over the portal's pages as each role sees them, on a laptop and on a phone, with the demo agency's
data: no serious or critical violation."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cases.models import Case
from digitise.models import ImportBatch
from org.models import Membership
from sop.demo import DEMO_PASSWORD
from sop.models import SOPVersion

from .audit import violations
from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


WIDTHS = [1400, 390]


def _pages(flushable_db) -> dict[str, list[str]]:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_cases", stdout=StringIO())  # cases of the KTP-el SOP, some running
    call_command("seed_demo_history", stdout=StringIO())  # the survey's answers and the charts' past
    call_command("seed_demo_import", stdout=StringIO())  # an import batch: a draft read and a refusal
    batch = ImportBatch.objects.get()
    imported = batch.files.exclude(version=None).get()
    draft = SOPVersion.objects.filter(status="draft", sop__unit__code="UMUM").select_related("sop").first()
    in_force = SOPVersion.objects.filter(status="in_force", sop__is_public_service=True).select_related("sop").first()
    in_review = SOPVersion.objects.filter(status="in_review").select_related("sop").first()
    revised = SOPVersion.objects.filter(status="in_force", revision__gt=0).select_related("sop").first()
    late = Case.objects.filter(status="running", current_alerted=2).select_related("sop").first()
    tracked = Case.objects.exclude(tracking_code=None).filter(status="running").first()
    head_unit = Membership.objects.filter(user__username="hendra", role="pengesah").values_list("unit_id", flat=True)[0]
    pages = {
        "": [
            "/publik/",
            f"/publik/sop/{in_force.sop_id}/",
            f"/verifikasi/{in_force.content_hash}/",
            f"/publik/sop/{in_force.sop_id}/survei/",
            f"/publik/sop/{in_force.sop_id}/pengaduan/",
            "/publik/pengaduan/?kode=ADU-TIDAK-ADA",
            f"/publik/lacak/?kode={tracked.tracking_code}",
            "/publik/lacak/?kode=LYN-TIDAK-ADA",
            "/verifikasi/",
            "/masuk/",
            "/kata-sandi/lupa/",
            "/tidak-ada/",
        ],
        "rina": [
            "/",
            "/tugas/",
            "/bacaan/",
            "/akun/keamanan/",
            "/akun/token/",
            "/akun/sertifikat/",
            "/impor/",
        ],
        "dedi": ["/pemantauan/", "/masukan/"],
        "bagus": ["/impor/", f"/impor/{batch.pk}/", f"/impor/berkas/{imported.pk}/"],
        "wulan": ["/bacaan/", f"/bacaan/{in_force.sop_id}/{in_force.pk}/kuis/", "/masukan/"],
        # The counter's staff: their steps, the cases, a case late at its step.
        "maya": ["/tugas/", "/pelaksanaan/", "/pelaksanaan/?terlambat=1", f"/pelaksanaan/{late.pk}/"],
        "yusuf": [f"/sop/{late.sop_id}/", f"/sop/{late.sop_id}/jalankan/", f"/sop/{late.sop_id}/pelaksana/"],
        "hendra": [
            "/dasbor/",
            "/survei/",
            "/kelola/",
            f"/kelola/unit/{head_unit}/anggota/",
            f"/sop/{in_force.sop_id}/",
            # A revised SOP: its history, the compare view of its two revisions, a field history.
            f"/sop/{revised.sop_id}/riwayat/",
            f"/sop/{revised.sop_id}/bandingkan/",
            f"/sop/{revised.sop_id}/versi/{revised.pk}/riwayat-isian/",
        ],
        "admin": [
            "/kelola/pengguna/",
            "/kelola/unit/",
            "/kelola/log/",
            "/kelola/pengaturan/",
            "/kelola/impor/",
            "/kelola/tanda-tangan/",
        ],
    }
    if draft is not None:
        pages["rina"] += [
            f"/sop/{draft.sop_id}/",
            f"/sop/{draft.sop_id}/versi/{draft.pk}/langkah/",
            f"/sop/{draft.sop_id}/versi/{draft.pk}/identitas/",
            f"/sop/{draft.sop_id}/versi/{draft.pk}/kuis/",
        ]
    if in_review is not None:
        pages["dedi"].append(f"/sop/{in_review.sop_id}/")
    return pages


def test_every_page_meets_wcag_aa_for_every_role_on_laptop_and_phone(browser, live_server, flushable_db):
    pages = _pages(flushable_db)
    failures = []
    for user, paths in pages.items():
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
            page = context.new_page()
            if user:
                page.goto(f"{live_server.url}/masuk/")
                page.fill("#id_username", user)
                page.fill("#id_password", DEMO_PASSWORD)
                page.click("button:has-text('Masuk')")
                page.wait_for_load_state()
            for path in paths:
                page.goto(live_server.url + path)
                page.wait_for_load_state("networkidle")
                failures += [f"{user or 'pengunjung'} {width}px {path}: {v}" for v in violations(page)]
            context.close()
    assert failures == []


def test_on_a_phone_the_steps_are_a_list_to_read_above_the_drawing(login, author, make_version):
    version = make_version("draft")
    page = login(author.username, width=390)
    page.goto(page.url.rstrip("/") + f"/sop/{version.sop_id}/")
    cards = page.locator(".step-cards > li")
    expect(cards).to_have_count(version.steps.count())
    first = version.steps.select_related("actor").get(number=1)
    expect(cards.first).to_contain_text(first.text)
    expect(cards.first).to_contain_text(first.actor.name)
    list_box = page.locator("#step-list-title").bounding_box()
    drawing = page.locator(".flowchart-pages").first.bounding_box()
    assert list_box["y"] < drawing["y"]
    # The list reads without scrolling sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "sop-steps-phone")
    # On a laptop the matrix is enough: the list is not shown.
    wide = login(author.username)
    wide.goto(wide.url.rstrip("/") + f"/sop/{version.sop_id}/")
    expect(wide.locator(".step-cards")).to_be_hidden()
