"""The competence quiz of a version: written as text by the drafters while a draft, taken by the staff
asked to read the version in force, counted as competence on the dashboard."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from monitoring import quiz, services
from monitoring.indicators import unit_figures
from monitoring.models import Quiz, ReadRequest
from sop.models import SOPVersion
from workflow import services as workflow

TEXT = """1. Berapa lama pemeriksaan berkas?
- 1 hari
* 10 menit
- 1 jam

Siapa yang menandatangani surat?
* Kepala Seksi
- Loket

Apa yang dilakukan bila berkas tidak lengkap?
- Diproses saja
* Dikembalikan kepada pemohon
- Disimpan"""


def test_a_quiz_is_read_from_plain_text_and_written_back():
    questions = quiz.parse(TEXT)
    assert questions[0].text == "Berapa lama pemeriksaan berkas?"  # the number is dropped
    assert [(len(q.options), q.answer) for q in questions] == [(3, 1), (2, 0), (3, 1)]
    assert quiz.parse(quiz.to_text(questions)) == questions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Satu?\n* a\n- b\n\nDua?\n* a\n- b", "Kuis berisi 3 sampai 10 pertanyaan; yang tertulis 2."),
        (TEXT.replace("* Kepala Seksi", "- Kepala Seksi"), "Pertanyaan 2: tandai tepat satu jawaban benar dengan *."),
        (TEXT.replace("- Loket", "* Loket"), "Pertanyaan 2: tandai tepat satu jawaban benar dengan *."),
        (TEXT.replace("- Loket", ""), "Pertanyaan 2: beri 2 sampai 5 pilihan jawaban"),
        (TEXT.replace("- Disimpan", "- "), "Pertanyaan 3: ada pilihan jawaban yang kosong."),
        (TEXT.replace("Siapa yang menandatangani surat?\n", ""), "Pertanyaan 2: tulis pertanyaannya di baris pertama"),
    ],
)
def test_a_quiz_that_cannot_be_read_names_the_question_at_fault(text, message):
    with pytest.raises(quiz.QuizError, match=message.replace("*", r"\*").replace("?", r"\?")):
        quiz.parse(text)


def test_the_score_is_the_share_of_right_answers_and_names_the_wrong_ones():
    questions = quiz.parse(TEXT)
    assert quiz.score(questions, {0: 1, 1: 0, 2: 1}) == (100, [])
    assert quiz.score(questions, {0: 1, 1: 1}) == (33, [2, 3])


@pytest.fixture
def quizzed(make_version, author, head, reviewer):
    """A version in force whose quiz was written while it was a draft, and its read requests."""
    version = make_version("draft")
    services.quiz_save(version=version, actor=author, text=TEXT, pass_mark=70)
    SOPVersion.objects.filter(pk=version.pk).update(status="awaiting")
    workflow.version_establish(version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True)
    version.refresh_from_db()
    services.read_requests_sync(sop_ids=[version.sop_id])
    return version


@pytest.mark.django_db
def test_the_drafter_writes_the_quiz_on_its_page_and_bad_text_keeps_the_text_and_saves_nothing(
    client, make_version, drafter
):
    version = make_version("draft")
    client.force_login(drafter)
    url = reverse("monitoring:quiz_edit", args=[version.sop_id, version.pk])
    bad = TEXT.replace("* Kepala Seksi", "- Kepala Seksi")
    response = client.post(url, {"text": bad, "pass_mark": 80})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Pertanyaan 2: tandai tepat satu jawaban benar dengan *." in page and "- Kepala Seksi" in page
    assert not Quiz.objects.exists()
    assert client.post(url, {"text": TEXT, "pass_mark": 80}).status_code == 302
    saved = Quiz.objects.get(version=version)
    assert (len(saved.questions), saved.pass_mark) == (3, 80)
    assert "Kuis kompetensi" in client.get(version.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_only_the_units_drafters_write_the_quiz_and_only_while_a_draft(client, make_version, reviewer, quizzed, author):
    draft = make_version("draft")
    with pytest.raises(PermissionDenied):
        services.quiz_save(version=draft, actor=reviewer, text=TEXT, pass_mark=70)
    with pytest.raises(ValidationError):
        services.quiz_save(version=quizzed, actor=author, text=TEXT, pass_mark=90)
    assert Quiz.objects.get(version=quizzed).pass_mark == 70
    client.force_login(reviewer)
    assert (
        client.post(reverse("monitoring:quiz_edit", args=[draft.sop_id, draft.pk]), {"text": TEXT}).status_code == 403
    )


@pytest.mark.django_db
def test_staff_take_the_quiz_in_bacaan_and_passing_counts_as_competent(client, quizzed, reviewer, agency):
    client.force_login(reviewer)
    assert "Kerjakan kuis" in client.get(reverse("monitoring:reading_list")).content.decode()
    url = reverse("monitoring:quiz_take", args=[quizzed.sop_id, quizzed.pk])
    failed = client.post(url, {"q0": "1", "q1": "1", "q2": "0"}).content.decode()
    assert "Nilai Anda 33: belum lulus." in failed and "Pelajari lagi pertanyaan 2, 3" in failed
    assert 'id="q0-1" value="1" checked' in failed  # the answers given stay chosen
    request = ReadRequest.objects.get(version=quizzed, user=reviewer)
    assert (request.quiz_score, request.quiz_passed_at, request.confirmed_at) == (33, None, None)
    figures = unit_figures()[agency.unit.pk]
    competent_before = figures.reads_competent
    passed = client.post(url, {"q0": "1", "q1": "0", "q2": "1"}).content.decode()
    assert "Nilai Anda 100: lulus." in passed
    request.refresh_from_db()
    assert request.quiz_score == 100 and request.quiz_passed_at and request.confirmed_at
    assert unit_figures()[agency.unit.pk].reads_competent == competent_before + 1


@pytest.mark.django_db
def test_confirming_reading_is_not_competence_when_the_version_has_a_quiz(quizzed, author, agency):
    services.read_confirm(version=quizzed, actor=author)
    figures = unit_figures()[agency.unit.pk]
    assert figures.reads_confirmed >= 1 and figures.reads_competent == 0


@pytest.mark.django_db
def test_without_a_quiz_confirming_reading_counts_as_competent(in_force, author, agency):
    version = in_force(timezone.localdate())
    services.read_requests_sync(sop_ids=[version.sop_id])
    services.read_confirm(version=version, actor=author)
    assert unit_figures()[agency.unit.pk].reads_competent == 1


@pytest.mark.django_db
def test_someone_not_asked_to_read_cannot_take_the_quiz(quizzed, outsider):
    with pytest.raises((PermissionDenied, ValidationError)):
        services.quiz_take(version=quizzed, actor=outsider, chosen={0: 1})


@pytest.mark.django_db
def test_the_head_sees_who_passed_the_quiz(client, quizzed, reviewer, head):
    services.quiz_take(version=quizzed, actor=reviewer, chosen={0: 1, 1: 0, 2: 1})
    client.force_login(head)
    page = client.get(reverse("monitoring:reading_sop", args=[quizzed.sop_id])).content.decode()
    assert '<th scope="col">Kuis</th>' in page and "Lulus" in page
