"""Hostile input: script, template and SQL-shaped text, right-to-left overrides, control characters
and very long words, typed where people type (identity sheet, steps, comments, feedback, names),
come out inert everywhere they are shown: escaped in HTML, literal in PDF text, Excel, API JSON and
e-mails. A NUL character is refused with a message and changes nothing."""

import datetime
import io
import json
import subprocess

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from monitoring import exports
from monitoring import services as monitoring_services
from org.models import Role
from sop.models import SOPVersion
from tests.factories import UserFactory, grant
from tests.sop.test_edit_views import identity_data, step_data
from workflow import services as workflow_services

SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "{{ request.user.password }} {% debug %}"
SQL = "'; DROP TABLE sop_sop; --"
RTL = "\u202egnp.exe"
CONTROL = "bel\x07di\x1btengah"
LONG = "Panjang" * 60  # one 420-letter word
CORPUS = f"{SCRIPT} {IMG} {TEMPLATE} {SQL} {RTL} {CONTROL} {LONG}"


def assert_inert_html(body: str, *shown: str) -> None:
    """The hostile strings never raw in the page; those of ``shown`` there, escaped (and the
    template-shaped text literal: shown, not run)."""
    for raw in (SCRIPT, IMG):
        assert raw not in body
    for text in shown:
        assert escape(text) in body, text


@pytest.mark.django_db
def test_hostile_text_is_kept_literally_and_shown_inert_everywhere(
    client, agency, author, reviewer, head, make_version, django_capture_on_commit_callbacks
):
    version = make_version("draft")
    client.force_login(author)
    step = version.steps.order_by("number").first()
    url = reverse("sop:step_save", args=[version.sop_id, version.pk, step.pk])
    lock = SOPVersion.objects.get(pk=version.pk).lock_version
    typed = {"text": CORPUS[:1000], "output": SCRIPT, "requirements": f"{IMG} {SQL}", "notes": f"{TEMPLATE} {RTL}"}
    response = client.post(url, step_data(step, lock, next=step.next_step_id or "", **typed))
    assert response.status_code == 200
    step.refresh_from_db()
    assert {k: getattr(step, k) for k in typed} == typed  # kept exactly as typed
    actor = version.actors.order_by("position").first()
    lock = SOPVersion.objects.get(pk=version.pk).lock_version
    response = client.post(
        reverse("sop:actor_update", args=[version.sop_id, version.pk, actor.pk]),
        {"lock": lock, "name": f"Loket {SCRIPT}"[:150]},
    )
    assert response.status_code == 200
    actor.refresh_from_db()
    assert actor.name == f"Loket {SCRIPT}"

    # A NUL character: refused with a message, nothing changed.
    lock = SOPVersion.objects.get(pk=version.pk).lock_version
    response = client.post(url, step_data(step, lock, text="nol\x00karakter", next=step.next_step_id or ""))
    assert response.status_code == 422 and "karakter" in response.content.decode()
    step.refresh_from_db()
    assert step.text == CORPUS[:1000]

    version.refresh_from_db()
    data = identity_data(
        version,
        title=f"Pelayanan {IMG} {TEMPLATE}"[:255],
        purpose=f"Tujuan {SCRIPT}",
        scope=f"Ruang lingkup {SQL} {RTL}",
        definitions=f"Definisi {TEMPLATE} {LONG}",
    )
    for kind, text in [("equipment", f"Komputer {IMG}"), ("warnings", f"Peringatan {SCRIPT}"), ("records", CONTROL)]:
        data |= {f"{kind}-TOTAL_FORMS": 1, f"{kind}-0-text": text, f"{kind}-0-ORDER": 1}
    data["legal-0-subject"] = f"Pelayanan {SCRIPT} {SQL}"
    data["qualifications-0-text"] = f"{SCRIPT} {RTL} {LONG}"
    response = client.post(reverse("sop:edit_identity", args=[version.sop_id, version.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    # A name of a person, shown beside their work.
    namer = UserFactory(full_name=f"{SCRIPT} Nama")
    grant(namer, agency.unit, Role.REVIEWER)

    with django_capture_on_commit_callbacks(execute=True):  # the e-mails go out on commit
        workflow_services.version_transition(version=version, action="submit", actor=author)
    workflow_services.comment_add(
        version=SOPVersion.objects.get(pk=version.pk), actor=namer, text=f"Komentar {SCRIPT} {TEMPLATE}"
    )

    title = f"Pelayanan {IMG} {TEMPLATE}"
    for page, shown in [
        (
            version.sop.get_absolute_url(),
            [
                *(title, SCRIPT, RTL, "{% debug %}", f"Komentar {SCRIPT}", f"{SCRIPT} Nama", f"Loket {SCRIPT}"),
                *(f"Komputer {IMG}", f"Peringatan {SCRIPT}", f"Pelayanan {SCRIPT} {SQL}", f"{IMG} {SQL}"),
            ],
        ),
        (reverse("sop:version", args=[version.sop_id, version.pk]), [title, SCRIPT]),
        (reverse("workflow:history", args=[version.sop_id]), [IMG]),
        (reverse("sop:list") + "?q=Pelayanan", [IMG, TEMPLATE]),
    ]:
        client.force_login(head)
        response = client.get(page)
        assert response.status_code == 200, page
        try:
            assert_inert_html(response.content.decode(), *shown)
        except AssertionError as error:
            raise AssertionError(f"{page}: {error}") from None

    client.force_login(reviewer)  # the version waits for the reviewers
    assert_inert_html(client.get(reverse("workflow:inbox")).content.decode(), IMG)

    # PDF: the typed text, literal (pdftotext reads it back).
    pdf = client.get(reverse("sop:pdf", args=[version.sop_id, version.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert 'alert("x")' in flat and "DROP TABLE" in flat and "{% debug %}" in flat
    assert "Komputer <img src=x onerror=alert(1)>" in flat and "Peringatan <script>" in flat

    # API JSON: exactly the stored text.
    client.force_login(head)
    answer = client.get(reverse("api:version-detail", args=[version.pk]))
    content = json.loads(answer.content)["content"]
    assert step.text in [s["text"] for s in content["steps"]]
    assert content["title"].startswith("Pelayanan <img src=x onerror=alert(1)>")

    # E-mails of the move: literal in the text, escaped in any HTML alternative.
    sent = [m for m in mail.outbox if "Pelayanan" in m.subject + m.body]
    assert sent
    for message in sent:
        assert IMG in message.subject + message.body
        for content, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                assert IMG not in content and escape(IMG) in content


@pytest.mark.django_db
def test_hostile_feedback_and_evaluation_notes_are_inert_and_a_nul_is_refused(
    client, agency, reviewer, head, make_version
):
    version = make_version("draft")
    SOPVersion.objects.filter(pk=version.pk).update(content_hash="d" * 64)
    SOPVersion.objects.filter(pk=version.pk).update(status="in_force")
    staff = UserFactory()
    grant(staff, agency.unit, Role.DRAFTER)
    client.force_login(staff)
    url = reverse("monitoring:feedback_send", args=[version.sop_id])
    response = client.post(url, {"kind": "masalah", "text": "nol\x00karakter"}, follow=True)
    assert response.status_code == 200 and "Karakter null tidak diizinkan" in response.content.decode()
    assert not version.sop.feedback.exists()
    response = client.post(url, {"kind": "masalah", "text": CORPUS[:4000]})
    assert response.status_code == 302
    assert version.sop.feedback.get().text == CORPUS[:4000]
    client.force_login(head)
    for page in [version.sop.get_absolute_url(), reverse("monitoring:feedback_inbox")]:
        assert_inert_html(client.get(page).content.decode(), SCRIPT, IMG, RTL)

    # An evaluation note with control characters, exported to Excel: literal, never a formula.
    monitoring_services.evaluation_record(
        sop=version.sop,
        actor=reviewer,
        date=datetime.date.today(),
        answers=[True] * 6 + [False],
        notes=[""] * 6 + [f'=HYPERLINK("http://x") {SCRIPT} {CONTROL}'],
    )
    report = exports.evaluation_report(agency.unit, datetime.date(2026, 1, 1), datetime.date.today(), head)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exports.to_xlsx(report))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    note = next(v for v in values if "HYPERLINK" in v)
    # Text, never a formula; the control characters a worksheet cannot hold left out, the rest kept.
    assert '=HYPERLINK("http://x")' in note and SCRIPT in note and "belditengah" in note
    assert sheet.cell(row=1, column=1).data_type != "f" and all(
        c.data_type != "f" for r in sheet.iter_rows() for c in r
    )
    assert connection.introspection.table_names().count("sop_sop") == 1  # the SQL-shaped text was only text
