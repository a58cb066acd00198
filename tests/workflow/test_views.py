"""The workflow pages: actions, penetapan with password, comments, inbox, history, compare."""

import pytest
from django.urls import reverse
from django.utils import timezone

from org.models import Role
from sop.models import VersionStatus
from tests.factories import UserFactory, grant
from workflow import services
from workflow.models import ReviewComment, TransitionLog

HTML = {"HTTP_ACCEPT": "text/html"}
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def reviewer(agency):
    user = UserFactory(username="periksa")
    grant(user, agency.unit, Role.REVIEWER)
    return user


@pytest.fixture
def head(agency):
    user = UserFactory(username="kepala", full_name="Kepala Uji", position_title="Kepala Dinas Uji")
    grant(user, agency.unit, Role.HEAD)
    return user


def act(version, action):
    return reverse("workflow:transition", args=[version.sop_id, version.pk, action])


@pytest.mark.django_db
def test_submit_from_page_moves_and_says_so(client, author, make_version):
    version = make_version("draft")
    client.force_login(author)
    response = client.post(act(version, "submit"), follow=True, **HTML)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW
    assert "Status sekarang «Dalam pemeriksaan»" in response.content.decode()


@pytest.mark.django_db
def test_wrong_state_json_client_gets_409(client, reviewer, make_version):
    version = make_version("draft")
    client.force_login(reviewer)
    response = client.post(act(version, "pass"), **JSON)
    assert response.status_code == 409
    assert response.json()["status"] == "draft"


@pytest.mark.django_db
def test_wrong_role_gets_403(client, author, make_version):
    version = make_version("in_review")
    client.force_login(author)
    assert client.post(act(version, "pass"), **JSON).status_code == 403
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


@pytest.mark.django_db
def test_other_unit_gets_404(client, outsider, make_version):
    version = make_version("in_review")
    client.force_login(outsider)
    assert client.post(act(version, "pass"), **JSON).status_code == 404


@pytest.mark.django_db
def test_return_without_comment_keeps_state_with_message(client, reviewer, make_version):
    version = make_version("in_review")
    client.force_login(reviewer)
    response = client.post(act(version, "return"), {"comment": ""}, follow=True, **HTML)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW
    assert "Tuliskan alasan atau catatan" in response.content.decode()


@pytest.mark.django_db
def test_page_shows_only_allowed_actions(client, reviewer, author, make_version):
    version = make_version("in_review")
    client.force_login(reviewer)
    body = client.get(version.get_absolute_url()).content.decode()
    assert "Teruskan ke pengesah" in body and "Kembalikan ke penyusun" in body
    client.force_login(author)
    body = client.get(version.get_absolute_url()).content.decode()
    assert "Teruskan ke pengesah" not in body and "Tarik kembali ke draf" in body


@pytest.mark.django_db
def test_establish_page_wrong_password_changes_nothing(client, head, make_version):
    version = make_version("awaiting")
    client.force_login(head)
    url = reverse("workflow:establish", args=[version.sop_id, version.pk])
    response = client.post(url, {"effective_date": timezone.localdate().isoformat(), "password": "salah"})
    assert response.status_code == 200
    assert "Kata sandi salah." in response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT


@pytest.mark.django_db
def test_establish_page_with_password_establishes_and_logs_reauthentication(client, head, make_version):
    version = make_version("awaiting")
    client.force_login(head)
    url = reverse("workflow:establish", args=[version.sop_id, version.pk])
    response = client.post(
        url, {"effective_date": timezone.localdate().isoformat(), "password": "sandi-uji-123"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE and version.signer_position == "Kepala Dinas Uji"
    log = TransitionLog.objects.get(version=version, action="establish")
    assert log.reauthenticated and log.ip_address == "10.1.2.3"


@pytest.mark.django_db
def test_establish_page_twice_second_gets_already_established(client, head, make_version):
    version = make_version("awaiting")
    client.force_login(head)
    url = reverse("workflow:establish", args=[version.sop_id, version.pk])
    data = {"effective_date": timezone.localdate().isoformat(), "password": "sandi-uji-123"}
    client.post(url, data)
    response = client.post(url, data, follow=True, **HTML)
    assert "sudah berstatus «Berlaku»" in response.content.decode()
    assert TransitionLog.objects.filter(version=version, action="establish").count() == 1


@pytest.mark.django_db
def test_establish_page_refused_to_reviewer(client, reviewer, make_version):
    version = make_version("awaiting")
    client.force_login(reviewer)
    assert client.get(reverse("workflow:establish", args=[version.sop_id, version.pk])).status_code == 403


@pytest.mark.django_db
def test_step_comment_answer_and_resolve(client, reviewer, author, make_version):
    version = make_version("in_review")
    step = version.steps.get(number=2)
    client.force_login(reviewer)
    client.post(
        reverse("workflow:comment_add", args=[version.sop_id, version.pk]), {"text": "Cek <b>ini</b>", "step": step.pk}
    )
    comment = ReviewComment.objects.get()
    assert comment.step_number == 2
    client.force_login(author)
    body = client.get(version.get_absolute_url()).content.decode()
    assert "Cek &lt;b&gt;ini&lt;/b&gt;" in body and "1 komentar terbuka" in body
    client.post(
        reverse("workflow:comment_add", args=[version.sop_id, version.pk]), {"text": "Sudah", "parent": comment.pk}
    )
    client.post(reverse("workflow:comment_resolve", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.is_resolved and comment.replies.get().text == "Sudah"


@pytest.mark.django_db
def test_drafter_may_not_start_a_comment(client, author, make_version):
    version = make_version("in_review")
    client.force_login(author)
    client.post(reverse("workflow:comment_add", args=[version.sop_id, version.pk]), {"text": "x"})
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_inbox_lists_waiting_work_with_counts(
    client, reviewer, head, author, make_version, django_assert_max_num_queries
):
    to_review = make_version("in_review")
    make_version("awaiting")
    returned = make_version("in_review")
    services.version_return(version=returned, actor=reviewer, comment="Perbaiki")
    client.force_login(reviewer)
    body = client.get(reverse("workflow:inbox")).content.decode()
    assert to_review.sop.number in body and "Menunggu pemeriksaan Anda" in body
    assert "Menunggu penetapan Anda" not in body
    client.force_login(author)
    response = client.get(reverse("workflow:inbox"))
    assert returned.sop.number in response.content.decode()
    assert response.context["inbox_counts"] == {
        "returned": 1,
        "to_review": 0,
        "to_establish": 0,
        "case_steps": 0,
        "total": 1,
    }


@pytest.mark.django_db
def test_inbox_query_count_constant(client, reviewer, make_version):
    from tests.queries import queries_of

    client.force_login(reviewer)

    def queries():
        return queries_of(client, reverse("workflow:inbox"))

    make_version("in_review")
    few = queries()
    for _ in range(10):
        make_version("in_review")
    assert queries() == few


@pytest.mark.django_db
def test_history_and_compare_pages(client, author, head, make_version):
    from sop import services as sop_services

    version = make_version("awaiting")
    services.version_establish(version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True)
    revision = sop_services.version_revise(
        sop=version.sop, actor=author, reason="lainnya", summary="Perbaikan untuk pengujian"
    )
    revision.steps.filter(number=2).update(text="Berkas lengkap dan sah?")
    client.force_login(author)
    history = client.get(reverse("workflow:history", args=[version.sop_id])).content.decode()
    assert "Tetapkan" in history and "Revisi 1" in history
    compare = client.get(reverse("sop:compare", args=[version.sop_id]), {"a": version.pk, "b": revision.pk})
    body = compare.content.decode()
    assert compare.status_code == 200 and "Berkas lengkap dan sah?" in body and "diubah" in body


@pytest.mark.django_db
def test_field_history_for_heads_not_drafters(client, author, head, make_version):
    version = make_version("draft")
    url = reverse("sop:field_history", args=[version.sop_id, version.pk])
    client.force_login(author)
    assert client.get(url).status_code == 403
    client.force_login(head)
    response = client.get(url)
    assert response.status_code == 200 and "Langkah 2" in response.content.decode()
