"""Review where the text is: a step's comments stand under its row of the step table, and commenting,
answering and marking done happen there, in place (htmx), with every count on the page kept true."""

import re

import pytest
from django.urls import reverse

from workflow import services
from workflow.models import ReviewComment

HX = {"HTTP_HX_REQUEST": "true"}


def _thread(body: str, number: int) -> str:
    match = re.search(rf'<tr class="step-thread-row" id="utas-{number}"[^>]*>.*?</tr>', body, re.S)
    assert match, f"no thread row under step {number}"
    return match.group(0)


@pytest.fixture
def in_review(make_version):
    return make_version("in_review")


def _add(client, version, **data):
    return client.post(reverse("workflow:comment_add", args=[version.sop_id, version.pk]), data, **HX)


@pytest.mark.django_db
def test_a_reviewer_finds_a_comment_field_under_every_step_and_the_comments_beside_theirs(
    client, reviewer, author, in_review
):
    step = in_review.steps.get(number=2)
    services.comment_add(version=in_review, actor=reviewer, text="Siapa yang memeriksa?", step_id=step.pk)
    client.force_login(reviewer)
    body = client.get(in_review.get_absolute_url()).content.decode()
    thread = _thread(body, 2)
    assert "hidden" not in thread.split(">", 1)[0]  # a step with comments shows them
    assert "Siapa yang memeriksa?" in thread and 'for="utas-2-teks"' in thread
    assert 'id="utas-1" hidden' in body  # the others wait for a click
    assert 'aria-controls="utas-2" aria-expanded="true"' in body and "1 komentar terbuka" in body
    # The drafter may answer and mark done but not start a comment: no field under a step without one.
    client.force_login(author)
    body = client.get(in_review.get_absolute_url()).content.decode()
    assert 'id="utas-1"' not in body and "utas-2-teks" not in _thread(body, 2)
    assert 'name="parent"' in _thread(body, 2)


@pytest.mark.django_db
def test_a_comment_sent_in_place_answers_with_its_thread_and_the_counts_of_the_page(client, reviewer, in_review):
    step = in_review.steps.get(number=3)
    client.force_login(reviewer)
    response = _add(client, in_review, text="Output belum jelas.", step=step.pk)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div class="step-thread" id="utas-3-isi" data-thread-step="3" data-open="1"')
    assert "Output belum jelas." in body
    assert '<p id="utas-3-status" hx-swap-oob="innerHTML">Komentar tersimpan.</p>' in body
    assert re.search(r'id="utas-3-tombol"[^>]*hx-swap-oob="true"', body) and "1 komentar terbuka" in body
    assert 'id="komentar" aria-labelledby="komentar-judul" hx-swap-oob="true"' in body
    assert "Langkah 3</a>: 1 komentar, 1 terbuka" in body
    # The step's card of the phone list too, which showed no mark before.
    card = re.search(r'<span id="kartu-langkah-3-tanda" hx-swap-oob="outerHTML">(.*?)</span>', body)
    assert card and "1 komentar terbuka" in card.group(1)
    assert re.search(r'id="utas-3-teks"[^>]*autofocus', body)  # ready for the next remark
    comment = ReviewComment.objects.get()
    assert (comment.step_number, comment.text, comment.author) == (3, "Output belum jelas.", reviewer)


@pytest.mark.django_db
def test_a_refused_comment_keeps_what_was_typed_and_says_why(client, reviewer, author, in_review):
    step = in_review.steps.get(number=2)
    client.force_login(reviewer)
    response = _add(client, in_review, text="   ", step=step.pk)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Komentar tidak boleh kosong" in body and 'aria-invalid="true"' in body
    assert 'hx-swap-oob="innerHTML">Komentar tidak boleh kosong' in body  # said in the status line too
    assert not ReviewComment.objects.exists()
    # The drafter may not start one: refused in place, the text kept in the field.
    client.force_login(author)
    services.comment_add(version=in_review, actor=reviewer, text="Perbaiki", step_id=step.pk)
    response = _add(client, in_review, text="Saya mau berkomentar", step=step.pk)
    assert response.status_code == 422
    assert "tidak berwenang" in response.content.decode()
    assert ReviewComment.objects.count() == 1


@pytest.mark.django_db
def test_the_drafter_answers_and_marks_done_in_place(client, reviewer, author, make_version):
    version = make_version("in_review")
    step = version.steps.get(number=2)
    comment = services.comment_add(version=version, actor=reviewer, text="Waktu kosong.", step_id=step.pk)
    services.version_return(version=version, actor=reviewer, comment="Lengkapi waktu.")
    client.force_login(author)
    body = _add(client, version, text="Sudah diisi.", parent=comment.pk).content.decode()
    assert "Sudah diisi." in body and ">Jawaban tersimpan.</p>" in body
    assert comment.replies.get().text == "Sudah diisi."
    # The return banner is sent along: its list of open comments follows.
    assert re.search(r'id="dikembalikan"[^>]*hx-swap-oob="true"', body) and "1 komentar belum selesai" in body
    response = client.post(reverse("workflow:comment_resolve", args=[comment.pk]), **HX)
    body = response.content.decode()
    assert response.status_code == 200 and ">Komentar ditandai selesai.</p>" in body
    assert 'data-open="0"' in body and "Selesai" in body and "Semua komentar sudah ditandai selesai." in body
    comment.refresh_from_db()
    assert comment.is_resolved


@pytest.mark.django_db
def test_another_units_people_cannot_reach_a_thread(client, outsider, reviewer, in_review):
    step = in_review.steps.get(number=2)
    comment = services.comment_add(version=in_review, actor=reviewer, text="Rahasia unit", step_id=step.pk)
    client.force_login(outsider)
    assert _add(client, in_review, text="Halo", step=step.pk).status_code == 404
    assert client.post(reverse("workflow:comment_resolve", args=[comment.pk]), **HX).status_code == 404
    assert ReviewComment.objects.count() == 1 and not ReviewComment.objects.get().is_resolved
