"""Every drafting endpoint: who may use it, bad input, conflicts, and escaping."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sop import services
from sop.content import StepData
from sop.models import SOP, ListItem, SOPVersion
from tests.factories import UserFactory

HX = {"HTTP_HX_REQUEST": "true"}


def step_data(step, lock, **changes):
    data = {
        "kind": step.kind,
        "text": step.text,
        "actor": step.actor_id,
        "requirements": "",
        "waktu": "",
        "output": "",
        "notes": "",
        "next": "",
        "yes": "",
        "no": "",
    }
    data.update(changes)
    return {"lock": lock, **{f"step-{step.pk}-{k}": v for k, v in data.items()}}


def endpoints(version):
    step, actor = version.steps.get(number=2), version.actors.get(name="Kepala")
    args = [version.sop_id, version.pk]
    lock = version.lock_version
    return {
        "step_add": (reverse("sop:step_add", args=args), {"lock": lock}),
        "step_save": (reverse("sop:step_save", args=[*args, step.pk]), step_data(step, lock, text="Diubah")),
        "step_move": (reverse("sop:step_move", args=[*args, step.pk]), {"lock": lock, "direction": "up"}),
        "step_delete": (reverse("sop:step_delete", args=[*args, step.pk]), {"lock": lock}),
        "actor_add": (reverse("sop:actor_add", args=args), {"lock": lock, "name": "Baru"}),
        "actor_update": (reverse("sop:actor_update", args=[*args, actor.pk]), {"lock": lock, "name": "Kepala Seksi"}),
        "actor_move": (reverse("sop:actor_move", args=[*args, actor.pk]), {"lock": lock, "direction": "left"}),
        "actor_delete": (reverse("sop:actor_delete", args=[*args, actor.pk]), {"lock": lock}),
    }


EDITS = ["step_add", "step_save", "step_move", "step_delete", "actor_add", "actor_update", "actor_move", "actor_delete"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDITS)
def test_edit_endpoint_drafter_changes_the_draft(client, drafter, draft, name):
    url, data = endpoints(draft)[name]
    client.force_login(drafter)
    response = client.post(url, data, **HX)
    assert response.status_code in (200, 422)  # deleting a used actor is refused with its reason
    version = SOPVersion.objects.get(pk=draft.pk)
    assert (version.lock_version > draft.lock_version) == (response.status_code == 200)


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDITS)
@pytest.mark.parametrize("who", ["reviewer", "head", "unit_admin"])
def test_edit_endpoint_readers_of_the_unit_forbidden(client, request, draft, name, who):
    url, data = endpoints(draft)[name]
    client.force_login(request.getfixturevalue(who))
    assert client.post(url, data, **HX).status_code == 403
    assert SOPVersion.objects.get(pk=draft.pk).lock_version == draft.lock_version


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDITS)
def test_edit_endpoint_other_unit_gets_404(client, outsider, draft, name):
    url, data = endpoints(draft)[name]
    client.force_login(outsider)
    assert client.post(url, data, **HX).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDITS)
def test_edit_endpoint_anonymous_gets_404(client, draft, name):
    url, data = endpoints(draft)[name]
    response = client.post(url, data)
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["sop:edit_identity", "sop:edit_steps"])
def test_edit_pages_drafter_200_readers_redirected_others_404(client, draft, drafter, reviewer, outsider, page):
    url = reverse(page, args=[draft.sop_id, draft.pk])
    client.force_login(drafter)
    assert client.get(url).status_code == 200
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["in_review", "in_force"])
def test_edit_endpoints_refuse_non_drafts(client, drafter, draft, status):
    SOPVersion.objects.filter(pk=draft.pk).update(status=status)
    url, data = endpoints(draft)["step_add"]
    client.force_login(drafter)
    response = client.post(url, data, **HX)
    assert response.status_code == 422 and "Hanya versi draf yang dapat diubah." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"waktu": "-2 jam"}, "Waktu harus angka lebih dari 0."),
        ({"waktu": "0 jam"}, "Waktu harus angka lebih dari 0."),
        ({"waktu": "3-1 hari"}, "Rentang waktu ditulis dari yang kecil ke yang besar, mis. 1–3 hari."),
        ({"waktu": "x" * 101}, "Waktu paling panjang 100 karakter."),
        ({"waktu": "123456 menit"}, "Waktu terlalu besar; tuliskan dengan satuan yang lebih besar."),
        ({"text": "x" * 1001}, "paling banyak 1000 karakter"),
        ({"actor": ""}, "Pilih satu pelaksana."),
    ],
)
def test_step_save_invalid_input_message_and_nothing_changed(client, drafter, draft, changes, message):
    step, response = _save_second_step(client, drafter, draft, changes)
    body = response.content.decode()
    assert response.status_code == 422 and message in body
    assert _status_line(body) == "Belum tersimpan: periksa isian yang ditandai merah."
    step.refresh_from_db()
    assert (step.kind, step.text) == ("activity", "Memeriksa")
    if "text" in changes and changes["text"].strip():
        assert changes["text"][:50] in body  # the typed text stays on screen


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "hint"),
    [
        ({"text": "   "}, "Langkah 2 belum berisi uraian kegiatan."),
        ({"kind": "decision"}, "Keputusan pada langkah 2 belum memiliki tujuan jika &quot;Ya&quot;."),
        ({"waktu": "2"}, "Waktu langkah 2 belum memiliki satuan."),
    ],
)
def test_while_drafting_an_unfinished_step_is_saved_with_a_hint_and_refused_only_at_submission(
    client, drafter, draft, changes, hint
):
    """A decision just switched to Keputusan, a Kegiatan cleared to be rewritten, a number before its
    unit: kept as typed, with a hint beside the row; submitting for review lists the problem."""
    from workflow import services as workflow_services

    step, response = _save_second_step(client, drafter, draft, changes)
    body = response.content.decode()
    assert response.status_code == 200 and hint in body
    assert _status_line(body) == "Langkah 2 tersimpan."
    assert "table-danger" not in body
    if "kind" in changes:  # the row changes shape: the editor is drawn again, the row marked
        assert 'class="table-warning"' in body
    else:  # saved alone: the row's hints come out of band (the page colours the row by them)
        assert response["HX-Reswap"] == "none"
        assert re.search(
            rf'<div class="row-hints" id="row-{step.pk}-hints"[^>]*hx-swap-oob="true"><div class="small', body
        )
    step.refresh_from_db()
    field, value = next(iter(changes.items()))
    kept = step.duration_display if field == "waktu" else getattr(step, field)
    assert kept == value.strip()
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        workflow_services.version_submit(version=draft, actor=drafter)
    assert hint.replace("&quot;", '"') in str(refused.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "kept", "shown", "minutes", "workdays"),
    [
        ("1 Hari Kerja", (1, None, "hari kerja", ""), "1 hari kerja", 450, "1"),
        ("1-3 Hari", (1, 3, "hari", ""), "1–3 hari", 1350, "3"),
        ("2,5 jam", (2.5, None, "jam", ""), "2,5 jam", 150, "0.3333"),
        ("15 mnt", (15, None, "menit", ""), "15 menit", 15, "0.0333"),
        ("Semesteran", (None, None, "", "Semesteran"), "Semesteran", None, None),
        ("Sesuai   kebutuhan", (None, None, "", "Sesuai kebutuhan"), "Sesuai kebutuhan", None, None),
    ],
)
def test_waktu_is_kept_as_people_write_it_and_measured_where_it_can_be(
    client, drafter, draft, written, kept, shown, minutes, workdays
):
    step, response = _save_second_step(client, drafter, draft, {"waktu": written})
    assert response.status_code == 200
    step.refresh_from_db()
    value, value_max, unit, text = kept
    assert (step.duration_value, step.duration_value_max, step.duration_unit, step.duration_text) == (
        value if value is None else pytest.approx(value),
        value_max,
        unit,
        text,
    )
    assert step.duration_display == shown and step.duration_minutes == minutes
    assert (f"{step.duration_workdays.normalize():f}" if workdays else None) == workdays
    # The row shows it back as the SOP prints it: the page puts it in the field unless the person is in
    # it or has changed it since (static/js/esop.js).
    assert f'id="row-{step.pk}-hints" data-waktu="{shown}" hx-swap-oob="true">' in response.content.decode()


def _save_second_step(client, drafter, draft, changes):
    step = draft.steps.get(number=2)
    client.force_login(drafter)
    url = reverse("sop:step_save", args=[draft.sop_id, draft.pk, step.pk])
    return step, client.post(url, step_data(step, draft.lock_version, **changes), **HX)


def _status_line(body: str) -> str:
    import re

    return re.search(r'id="save-state-text"[^>]*>([^<]*)<', body).group(1).strip()


@pytest.mark.django_db
def test_step_save_stale_lock_409_keeps_typed_text_and_shows_what_changed(client, drafter, draft):
    colleague = UserFactory(username="rekan", full_name="Rekan Kerja")
    from tests.factories import grant

    grant(colleague, draft.sop.unit, "penyusun")
    stale = draft.lock_version
    first = draft.steps.get(number=1)
    services.step_update(
        version=draft,
        actor=colleague,
        lock=stale,
        step_id=first.pk,
        fields=StepData(1, kind="start", text="Menerima berkas lengkap", actor=first.actor_id),
    )
    step = draft.steps.get(number=2)
    client.force_login(drafter)
    response = client.post(
        reverse("sop:step_save", args=[draft.sop_id, draft.pk, step.pk]), step_data(step, stale, text="Teks saya"), **HX
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Rekan Kerja" in body and "Teks saya" in body and "Langkah 1" in body and "Menerima berkas lengkap" in body
    # The status line tells the truth, and the fields are named as people read them.
    assert _status_line(body) == "Perubahan Anda belum disimpan: orang lain menyimpan draf ini lebih dahulu."
    assert "Kegiatan <del>" in body and "<code>text</code>" not in body
    step.refresh_from_db()
    assert step.text == "Memeriksa"


@pytest.mark.django_db
def test_step_text_stored_as_typed_and_shown_escaped(client, drafter, draft):
    step = draft.steps.get(number=2)
    evil = '<script>alert("x")</script> & <b>tebal</b>'
    client.force_login(drafter)
    client.post(
        reverse("sop:step_save", args=[draft.sop_id, draft.pk, step.pk]),
        step_data(step, draft.lock_version, text=evil),
        **HX,
    )
    step.refresh_from_db()
    assert step.text == evil
    for url in (draft.get_absolute_url(), reverse("sop:edit_steps", args=[draft.sop_id, draft.pk])):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def identity_data(version, **overrides):
    data = {
        "lock": version.lock_version,
        "title": version.sop.title,
        "review_period_months": 12,
        "date_created": "2026-01-05",
        "purpose": "",
        "scope": "",
        "definitions": "",
        "legal-TOTAL_FORMS": 1,
        "legal-INITIAL_FORMS": 0,
        "legal-0-kind": "Undang-Undang",
        "legal-0-number": "25",
        "legal-0-year": 2009,
        "legal-0-subject": "Pelayanan Publik",
        "legal-0-ORDER": 1,
        "related-TOTAL_FORMS": 0,
        "related-INITIAL_FORMS": 0,
        "qualifications-TOTAL_FORMS": 3,
        "qualifications-INITIAL_FORMS": 0,
        "qualifications-0-text": "Pertama",
        "qualifications-0-ORDER": 2,
        "qualifications-1-text": "Kedua",
        "qualifications-1-ORDER": 1,
        "qualifications-2-text": "Dihapus",
        "qualifications-2-ORDER": 3,
        "qualifications-2-DELETE": "on",
    }
    for name in ("equipment", "warnings", "records"):
        data |= {f"{name}-TOTAL_FORMS": 0, f"{name}-INITIAL_FORMS": 0}
    return data | overrides


@pytest.mark.django_db
def test_identity_save_keeps_order_and_deletions(client, drafter, draft):
    client.force_login(drafter)
    response = client.post(reverse("sop:edit_identity", args=[draft.sop_id, draft.pk]), identity_data(draft))
    assert response.status_code == 302
    assert list(ListItem.objects.filter(version=draft).order_by("position").values_list("text", flat=True)) == [
        "Kedua",
        "Pertama",
    ]
    assert str(draft.legal_bases.get()) == "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"


@pytest.mark.django_db
def test_identity_invalid_year_keeps_input_and_saves_nothing(client, drafter, draft):
    client.force_login(drafter)
    response = client.post(
        reverse("sop:edit_identity", args=[draft.sop_id, draft.pk]), identity_data(draft, **{"legal-0-year": 1800})
    )
    body = response.content.decode()
    assert response.status_code == 422 and "belum ada yang disimpan" in body and 'value="Pertama"' in body
    assert not draft.legal_bases.exists()


@pytest.mark.django_db
def test_identity_conflict_409_keeps_typed_values(client, drafter, draft):
    data = identity_data(draft)
    services.step_add(version=draft, actor=drafter, lock=draft.lock_version)  # someone saved meanwhile
    client.force_login(drafter)
    response = client.post(reverse("sop:edit_identity", args=[draft.sop_id, draft.pk]), data)
    body = response.content.decode()
    assert response.status_code == 409 and "Perubahan Anda belum disimpan" in body and 'value="Kedua"' in body
    assert not ListItem.objects.filter(version=draft).exists()


@pytest.mark.django_db
def test_create_proposes_number_and_refuses_duplicates(client, drafter, agency):
    client.force_login(drafter)
    page = client.get(reverse("sop:create"))
    assert "SOP-001/DINAS/" in page.content.decode()
    response = client.post(
        reverse("sop:create"), {"unit": agency.unit.pk, "title": "Surat Masuk", "review_period_months": 12}
    )
    sop = SOP.objects.get()
    assert response.status_code == 302 and sop.number.startswith("SOP-001/DINAS/")
    again = client.post(
        reverse("sop:create"),
        {"unit": agency.unit.pk, "title": "Lagi", "number": sop.number, "review_period_months": 12},
    )
    assert again.status_code == 200 and f"Nomor SOP {sop.number} sudah dipakai." in again.content.decode()
    assert SOP.objects.count() == 1


@pytest.mark.django_db
def test_create_in_unit_without_drafter_role_refused(client, drafter, agency):
    client.force_login(drafter)
    response = client.post(reverse("sop:create"), {"unit": agency.other.pk, "title": "X", "review_period_months": 12})
    assert response.status_code == 200 and not SOP.objects.exists()
    client.force_login(UserFactory())
    assert client.get(reverse("sop:create")).status_code == 302


@pytest.mark.django_db
def test_revise_from_page_opens_draft_and_refuses_second(client, drafter, draft):
    SOPVersion.objects.filter(pk=draft.pk).update(status="in_force")
    client.force_login(drafter)
    url = reverse("sop:revise", args=[draft.sop_id])
    change = {"reason": "regulasi", "summary": "Menyesuaikan dengan Perbup 12/2026: verifikasi menjadi 2 hari kerja."}
    response = client.post(url, change)
    revision = SOPVersion.objects.get(sop=draft.sop, revision=1)
    assert response["Location"] == reverse("sop:edit_steps", args=[draft.sop_id, revision.pk])
    assert (revision.change_reason, revision.change_summary) == (change["reason"], change["summary"])
    follow = client.post(url, change, follow=True)
    assert "sudah memiliki versi yang sedang disusun" in follow.content.decode()
    assert draft.sop.versions.count() == 2


@pytest.mark.django_db
def test_revise_asks_why_and_keeps_what_was_typed(client, drafter, draft):
    SOPVersion.objects.filter(pk=draft.pk).update(status="in_force")
    client.force_login(drafter)
    url = reverse("sop:revise", args=[draft.sop_id])
    page = client.get(url).content.decode()
    assert "Alasan perubahan" in page and "Perubahan regulasi" in page and "Temuan audit" in page
    no_reason = client.post(url, {"reason": "", "summary": "Ringkasan yang sudah diketik"})
    body = no_reason.content.decode()
    assert no_reason.status_code == 400 and "Ringkasan yang sudah diketik" in body and 'aria-invalid="true"' in body
    no_summary = client.post(url, {"reason": "audit", "summary": "   "})
    assert no_summary.status_code == 400 and "Tuliskan ringkasan perubahan" in no_summary.content.decode()
    assert draft.sop.versions.count() == 1


@pytest.mark.django_db
def test_editor_page_query_count_constant(client, drafter, draft):
    from tests.queries import queries_of

    client.force_login(drafter)
    url = reverse("sop:edit_steps", args=[draft.sop_id, draft.pk])

    def queries():
        return queries_of(client, url)

    few = queries()
    for _ in range(10):
        services.step_add(version=draft, actor=drafter, lock=SOPVersion.objects.get(pk=draft.pk).lock_version)
    assert queries() == few


@pytest.mark.django_db
def test_identity_untouched_extra_rows_are_ignored(client, drafter, draft):
    client.force_login(drafter)
    data = identity_data(draft) | {
        "related-TOTAL_FORMS": 1,
        "related-0-relation": "terkait",
        "related-0-target": "",
        "related-0-text": "",
        "equipment-TOTAL_FORMS": 1,
        "equipment-0-text": "",
    }
    response = client.post(reverse("sop:edit_identity", args=[draft.sop_id, draft.pk]), data)
    assert response.status_code == 302
    assert not draft.related_sops.exists()


@pytest.mark.django_db
def test_identity_conflict_then_deliberate_second_save_succeeds(client, drafter, draft):
    data = identity_data(draft)
    services.step_add(version=draft, actor=drafter, lock=draft.lock_version)
    client.force_login(drafter)
    first = client.post(reverse("sop:edit_identity", args=[draft.sop_id, draft.pk]), data)
    current = SOPVersion.objects.get(pk=draft.pk).lock_version
    body = first.content.decode()
    assert first.status_code == 409 and f'name="lock" value="{current}"' in body
    # The two ways on: send this form again ("Simpan versi saya"), or open the draft as it now is.
    assert re.search(r'<button type="submit" form="identity-form"[^>]*>Simpan versi saya</button>', body)
    assert '<form method="post" novalidate class="card card-body shadow-sm" id="identity-form">' in body
    url = reverse("sop:edit_identity", args=[draft.sop_id, draft.pk])
    assert re.search(rf'<a [^>]*id="conflict-theirs" href="{url}"[^>]*>Pakai versi mereka</a>', body)
    second = client.post(reverse("sop:edit_identity", args=[draft.sop_id, draft.pk]), data | {"lock": current})
    assert second.status_code == 302 and draft.list_items.count() == 2


@pytest.mark.django_db
def test_identity_post_by_reader_or_outsider_changes_nothing(client, draft, reviewer, head, outsider):
    url = reverse("sop:edit_identity", args=[draft.sop_id, draft.pk])
    for user in (reviewer, head):
        client.force_login(user)
        response = client.post(url, identity_data(draft))
        assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    client.force_login(outsider)
    assert client.post(url, identity_data(draft)).status_code == 404
    assert not ListItem.objects.filter(version=draft).exists() and not draft.legal_bases.exists()


@pytest.mark.django_db
def test_propose_number_only_for_units_the_user_drafts_in(client, drafter, agency):
    client.force_login(drafter)
    assert (
        client.get(reverse("sop:propose_number"), {"unit": agency.unit.pk})
        .content.decode()
        .startswith("SOP-001/DINAS/")
    )
    assert client.get(reverse("sop:propose_number"), {"unit": agency.other.pk}).content == b""


@pytest.mark.django_db
def test_a_row_taller_than_a_page_is_warned_of_while_drafting_and_not_refused(client, drafter, draft):
    notes = " ".join(f"kata{i:03d}" for i in range(250))[:2000]  # the most Keterangan may hold
    step, response = _save_second_step(client, drafter, draft, {"notes": notes})
    body = response.content.decode()
    assert response.status_code == 200 and _status_line(body) == "Langkah 2 tersimpan."
    assert "Langkah 2 lebih panjang dari satu halaman; di PDF barisnya dilanjutkan di halaman berikutnya" in body
    step.refresh_from_db()
    assert step.notes == notes
