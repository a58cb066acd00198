"""A reviewer who returned a draft sees, when it comes back, what the drafter changed since: the content
kept with the return against the content now, changes only."""

import re

import pytest
from django.urls import reverse

from sop import content as sop_content
from sop.models import SOPVersion, Step
from workflow import services
from workflow.models import TransitionLog
from workflow.transitions import Action


@pytest.fixture
def returned(make_version, author, reviewer):
    version = make_version("draft")
    services.version_submit(version=version, actor=author)
    services.version_return(version=version, actor=reviewer, comment="Kelengkapan langkah 2 kurang.")
    version.refresh_from_db()
    return version


def _panel(body: str) -> str:
    match = re.search(r'<details class="card shadow-sm mb-3 since-return".*?</details>', body, re.S)
    assert match, "no panel of the changes since the return"
    return match.group(0)


@pytest.mark.django_db
def test_the_return_keeps_the_whole_content_the_reviewer_saw(returned):
    log = TransitionLog.objects.get(version=returned, action=Action.RETURN)
    kept = sop_content.from_json(log.content)
    now = sop_content.build_content(returned)
    assert kept.steps == now.steps and kept.title == now.title and kept.purpose == now.purpose
    submit = TransitionLog.objects.get(version=returned, action=Action.SUBMIT)
    assert submit.content is None  # only a return needs it


@pytest.mark.django_db
def test_the_reviewer_sees_only_what_changed_since_their_return(client, author, reviewer, returned):
    Step.objects.filter(version=returned, number=2).update(requirements="KTP asli dan fotokopi")
    SOPVersion.objects.filter(pk=returned.pk).update(purpose="Tujuan yang diperbaiki")
    returned.refresh_from_db()
    services.version_submit(version=returned, actor=author)
    client.force_login(reviewer)
    body = client.get(reverse("sop:version", args=[returned.sop_id, returned.pk])).content.decode()
    panel = _panel(body)
    assert panel.startswith('<details class="card shadow-sm mb-3 since-return" id="sejak-dikembalikan" open>')
    assert "Perubahan sejak Anda mengembalikannya" in panel
    assert "<ins>KTP asli dan fotokopi</ins>" in panel
    assert "<ins>Tujuan yang diperbaiki</ins>" in panel
    assert "Kelengkapan" in panel and "diubah" in panel
    # Changes only: the steps that stayed as they were are not listed, nor the unchanged identity fields.
    step1 = returned.steps.get(number=1).text
    assert step1 not in panel and "Nama SOP" not in panel
    # Before anything else of the page's content.
    assert body.index("since-return") < body.index('class="identity-sheet"')


@pytest.mark.django_db
def test_the_drafter_sees_it_folded_and_says_so_when_nothing_changed(client, author, returned):
    client.force_login(author)
    body = client.get(reverse("sop:version", args=[returned.sop_id, returned.pk])).content.decode()
    panel = _panel(body)
    assert "Isi versi ini belum berubah sejak dikembalikan." in panel
    assert panel.startswith('<details class="card shadow-sm mb-3 since-return" id="sejak-dikembalikan">')


@pytest.mark.django_db
def test_no_panel_before_any_return_nor_once_established(client, author, make_version):
    version = make_version("draft")
    client.force_login(author)
    assert "since-return" not in client.get(reverse("sop:version", args=[version.sop_id, version.pk])).content.decode()
    frozen = make_version("in_force")
    TransitionLog.objects.create(
        version=frozen, action=Action.RETURN, from_status="in_review", to_status="draft", content={}
    )
    assert "since-return" not in client.get(reverse("sop:version", args=[frozen.sop_id, frozen.pk])).content.decode()
