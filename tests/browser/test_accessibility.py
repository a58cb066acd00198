"""WCAG 2.1 AA, checked by axe-core (tests/browser/vendor/axe.min.js, 4.14, from the npm registry)
over the portal's pages as each role sees them, on a laptop and on a phone, with the demo agency's
data: no serious or critical violation."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from org.models import Membership
from sop.demo import DEMO_PASSWORD
from sop.models import SOPVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [1400, 390]


def _violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: tags})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))",
        TAGS,
    )
    return found


def _pages(flushable_db) -> dict[str, list[str]]:
    call_command("seed_demo", stdout=StringIO())
    draft = SOPVersion.objects.filter(status="draft", sop__unit__code="UMUM").select_related("sop").first()
    in_force = SOPVersion.objects.filter(status="in_force", sop__is_public_service=True).select_related("sop").first()
    in_review = SOPVersion.objects.filter(status="in_review").select_related("sop").first()
    head_unit = Membership.objects.filter(user__username="hendra", role="pengesah").values_list("unit_id", flat=True)[0]
    pages = {
        "": [
            "/publik/",
            f"/publik/sop/{in_force.sop_id}/",
            f"/verifikasi/{in_force.content_hash}/",
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
            "/impor/",
        ],
        "dedi": ["/pemantauan/", "/masukan/"],
        "hendra": ["/dasbor/", "/kelola/", f"/kelola/unit/{head_unit}/anggota/", f"/sop/{in_force.sop_id}/"],
        "admin": ["/kelola/pengguna/", "/kelola/unit/", "/kelola/log/", "/kelola/pengaturan/", "/kelola/impor/"],
    }
    if draft is not None:
        pages["rina"] += [
            f"/sop/{draft.sop_id}/",
            f"/sop/{draft.sop_id}/versi/{draft.pk}/langkah/",
            f"/sop/{draft.sop_id}/versi/{draft.pk}/identitas/",
        ]
    if in_review is not None:
        pages["dedi"].append(f"/sop/{in_review.sop_id}/")
    return pages


def test_every_page_meets_wcag_aa_for_every_role_on_laptop_and_phone(browser, live_server, flushable_db):
    pages = _pages(flushable_db)
    failures = []
    for user, paths in pages.items():
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID", bypass_csp=True)
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
                failures += [f"{user or 'pengunjung'} {width}px {path}: {v}" for v in _violations(page)]
            context.close()
    assert failures == []
