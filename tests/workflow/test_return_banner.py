"""A returned draft says why at the top of its page and of its editor: who returned it, when, the
reason, and the comments still open, each also beside its step in the editor."""

import re

import pytest
from django.urls import reverse

from workflow import services


@pytest.fixture
def returned(make_version, author, reviewer):
    version = make_version("draft")
    services.version_submit(version=version, actor=author)
    step = version.steps.get(number=2)
    services.comment_add(version=version, actor=reviewer, text="Siapa yang memeriksa kelengkapan?", step_id=step.pk)
    services.comment_add(version=version, actor=reviewer, text="Dasar hukum kurang lengkap.")
    services.version_return(version=version, actor=reviewer, comment="Pelaksana langkah 2 belum tepat.")
    version.refresh_from_db()
    return version


def _banner(body: str) -> str:
    match = re.search(r'<section class="alert alert-warning return-banner".*?</section>', body, re.S)
    assert match, "no return banner"
    return match.group(0)


@pytest.mark.django_db
def test_the_version_page_and_the_editor_open_with_why_the_draft_came_back(client, author, reviewer, returned):
    client.force_login(author)
    pages = {
        "version": reverse("sop:version", args=[returned.sop_id, returned.pk]),
        "steps": reverse("sop:edit_steps", args=[returned.sop_id, returned.pk]),
        "identity": reverse("sop:edit_identity", args=[returned.sop_id, returned.pk]),
    }
    for name, url in pages.items():
        body = client.get(url).content.decode()
        banner = _banner(body)
        assert f"Dikembalikan ke penyusun oleh {reviewer.get_full_name()}" in banner, name
        assert "Pelaksana langkah 2 belum tepat." in banner
        assert "2 komentar belum selesai" in banner
        assert "Langkah 2</a>" in banner and "Siapa yang memeriksa kelengkapan?" in banner
        assert "Seluruh versi</a>" in banner and "Dasar hukum kurang lengkap." in banner
        # First: above the identity sheet, the form and the editor.
        markers = ('class="identity-sheet"', 'id="editor"', 'id="identity-form"')
        first_content = min(body.find(m) for m in markers if m in body)
        assert body.index("return-banner") < first_content, name
    # In the editor the open comment also stands beside its step.
    editor = client.get(pages["steps"]).content.decode()

    def row(number):
        pk = returned.steps.get(number=number).pk
        return re.search(rf'<tr id="row-{pk}".*?</tr>', editor, re.S).group(0)

    assert "1 komentar terbuka" in row(2)
    assert "komentar terbuka" not in row(1)


@pytest.mark.django_db
def test_the_banner_follows_the_comments_and_goes_once_the_draft_is_submitted_again(client, author, returned):
    client.force_login(author)
    url = reverse("sop:version", args=[returned.sop_id, returned.pk])
    for comment in returned.review_comments.all():
        services.comment_resolve(comment=comment, actor=author)
    assert "Semua komentar sudah ditandai selesai." in _banner(client.get(url).content.decode())
    services.version_submit(version=returned, actor=author)
    assert "return-banner" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_draft_never_returned_has_no_banner(client, author, make_version):
    version = make_version("draft")
    client.force_login(author)
    for name in ("sop:version", "sop:edit_steps", "sop:edit_identity"):
        assert "return-banner" not in client.get(reverse(name, args=[version.sop_id, version.pk])).content.decode()
