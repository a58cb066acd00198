"""One SOP walks its whole life in the browser, through three people."""

import pytest
from playwright.sync_api import expect

from sop import services
from sop.models import SOPVersion, VersionStatus
from tests.browser.conftest import shot
from tests.browser.test_drafting import editor_post, row
from tests.factories import SOPVersionFactory, steps_in_order

pytestmark = pytest.mark.browser


def test_sop_from_draft_through_return_and_fix_to_in_force(login, agency, drafter, reviewer, head, live_server):
    head.full_name, head.position_title, head.nip = "Drs. Kepala Uji, M.Si.", "Kepala Dinas Uji", "197203141998031004"
    head.save()
    version = SOPVersionFactory(
        sop__unit=agency.unit, sop__title="Pelayanan Legalisir", created_by=drafter, updated_by=drafter
    )
    services.version_replace_procedure(
        version=version,
        actor=drafter,
        actors=["Loket", "Kepala Seksi"],
        steps=[
            *steps_in_order(
                ("start", "Menerima berkas legalisir", 0),
                ("activity", "Memeriksa dokumen asli", 1),
                ("end", "Menyerahkan dokumen terlegalisir", 0),
            ),
        ],
    )
    url = f"{live_server.url}{version.get_absolute_url()}"

    # The drafter submits.
    page = login("penyusun")
    page.goto(url)
    page.click("button:has-text('Ajukan untuk diperiksa')")
    expect(page.locator(".alert-success")).to_contain_text("Dalam pemeriksaan")

    # The reviewer finds it in the inbox, comments on step 2 and returns it.
    rev = login("pemeriksa")
    expect(rev.locator("nav")).to_contain_text("Tugas saya 1")
    rev.click("text=Tugas saya")
    rev.click(f"text={version.sop.number}")
    rev.locator(".flowchart-page [data-step='2']").first.click()  # the step's symbol opens its thread
    expect(rev.locator("#utas-2-teks")).to_be_focused()
    rev.keyboard.type("Waktu pemeriksaan belum diisi.", delay=30)
    rev.locator("#utas-2").get_by_role("button", name="Kirim komentar").click()
    expect(rev.locator("#utas-2")).to_contain_text("Waktu pemeriksaan belum diisi.")
    expect(rev.locator("#komentar")).to_contain_text("Langkah 2: 1 komentar, 1 terbuka")
    rev.click("button:has-text('Kembalikan ke penyusun')")
    rev.fill("#reason-return", "Lengkapi mutu baku langkah 2.")
    rev.click("#form-return button:has-text('Kembalikan ke penyusun')")
    expect(rev.locator(".alert-success")).to_contain_text("Draf")

    # The drafter sees the remark beside step 2, fixes the step, answers, resolves and resubmits.
    page.goto(url)
    expect(page.locator("#langkah-2")).to_contain_text("1 komentar terbuka")
    page.click("text=Ubah langkah")
    row(page, 2).locator("textarea[name$='-waktu']").fill("1 Hari Kerja")  # as the procurement SOPs write it
    editor_post(page, lambda: page.keyboard.press("Tab"), 200)
    page.goto(url)
    page.locator("#dikembalikan a[data-thread-link='2']").click()  # the banner leads to the step's thread
    comment = page.locator("#utas-2 .review-comment", has_text="Waktu pemeriksaan belum diisi.")
    comment.locator("input[name='text']").fill("Sudah diisi 1 hari kerja.")
    comment.locator("button:has-text('Jawab')").click()
    expect(page.locator("#utas-2")).to_contain_text("Sudah diisi 1 hari kerja.")
    page.locator("#utas-2 .review-comment", has_text="Waktu pemeriksaan belum diisi.").locator(
        "button:has-text('Tandai selesai')"
    ).click()
    expect(page.locator("#langkah-2")).not_to_contain_text("komentar terbuka")
    expect(page.locator("#dikembalikan")).to_contain_text(
        "Semua komentar sudah ditandai selesai."
    )  # the banner follows
    page.click("button:has-text('Ajukan untuk diperiksa')")
    expect(page.locator(".alert-success")).to_contain_text("Dalam pemeriksaan")

    # The reviewer passes it on.
    rev.goto(url)
    rev.click("button:has-text('Teruskan ke pengesah')")
    expect(rev.locator(".alert-success")).to_contain_text("Menunggu penetapan")

    # The head establishes it, first with a wrong password.
    boss = login("pengesah")
    boss.goto(url)
    boss.click("text=Tetapkan")
    boss.fill("#id_password", "bukan-sandi")
    boss.click("button:has-text('Tetapkan')")
    expect(boss.locator(".invalid-feedback")).to_contain_text("Kata sandi salah.")
    assert SOPVersion.objects.get(pk=version.pk).status == VersionStatus.AWAITING_ESTABLISHMENT
    boss.fill("#id_password", "sandi-uji-123")
    boss.click("button:has-text('Tetapkan')")
    expect(boss.locator(".alert-success")).to_contain_text("Berlaku")

    # In force, signed, with its content hash, and visible on the SOP page.
    boss.goto(f"{live_server.url}{version.sop.get_absolute_url()}")
    expect(boss.locator(".badge.status-in_force")).to_have_text("Berlaku")
    expect(boss.locator(".identity-sheet")).to_contain_text("Drs. Kepala Uji, M.Si.")
    expect(boss.locator(".identity-sheet")).to_contain_text("NIP 197203141998031004")
    version.refresh_from_db()
    expect(boss.locator("main")).to_contain_text(version.content_hash)
    assert version.steps.get(number=2).duration_display == "1 hari kerja"
    shot(boss, "workflow-in-force")
    assert [t.action for t in version.transitions.order_by("created_at", "pk")] == [
        "submit",
        "return",
        "submit",
        "pass",
        "establish",
        "enter_into_force",
    ]
