"""A step carried out by several actors together: its own actor draws the symbol the flow enters and
leaves, each further actor a joined symbol in its lane. Editor, page, PDF, compare view, API, field
history, revisions and the rules of the procedure all know them."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from digitise.reader.reader import read_pdf
from sop import compare, pdf, procedure, selectors, services
from sop.content import ActorData, StepData, VersionContent, content_hash, content_of
from sop.models import SOPVersion, StepActor
from tests.factories import SOPVersionFactory, steps_in_order
from tests.sop.test_edit_views import HX, step_data
from workflow import services as workflow_services


def _save(client, version, step, **changes):
    url = reverse("sop:step_save", args=[version.sop_id, version.pk, step.pk])
    return client.post(url, step_data(step, version.lock_version, **changes), **HX)


@pytest.fixture
def joint(agency, drafter):
    """Loket, Kepala and Arsip; step 2 (Kepala's) carried out with Arsip."""
    version = SOPVersionFactory(sop__unit=agency.unit, created_by=drafter, updated_by=drafter)
    return services.version_replace_procedure(
        version=version,
        actor=drafter,
        actors=["Loket", "Kepala", "Arsip"],
        steps=steps_in_order(
            ("start", "Menerima", 0),
            ("activity", "Memeriksa dan mencatat", 1, {"co_actors": (2,)}),
            ("end", "Menyerahkan", 0),
        ),
    )


@pytest.mark.django_db
def test_ticking_a_further_actor_in_the_editor_saves_it_and_draws_the_row_again(client, drafter, draft):
    step, loket = draft.steps.get(number=2), draft.actors.get(name="Loket")
    client.force_login(drafter)
    response = _save(client, draft, step, **{"co_actors": [loket.pk]})
    assert response.status_code == 200
    assert "HX-Reswap" not in response  # a new symbol in another lane: the editor is drawn again
    assert list(StepActor.objects.filter(step=step).values_list("actor__name", flat=True)) == ["Loket"]
    body = response.content.decode()
    box = re.search(rf'<input[^>]*id="id_step-{step.pk}-co_actors-{loket.pk}"[^>]*>', body).group(0)
    assert "checked" in box
    assert "sym-joint" in body
    assert "Langkah 2 juga dilaksanakan oleh Loket" in body
    # Ticked again with the step's own actor too: that one is its actor, not a further one.
    kepala = draft.actors.get(name="Kepala")
    draft.refresh_from_db()
    assert _save(client, draft, step, co_actors=[loket.pk, kepala.pk]).status_code == 200
    assert list(StepActor.objects.filter(step=step).values_list("actor__name", flat=True)) == ["Loket"]
    # Unticked: gone.
    draft.refresh_from_db()
    assert _save(client, draft, step).status_code == 200
    assert not StepActor.objects.filter(step=step).exists()


@pytest.mark.django_db
def test_a_further_actor_of_another_version_is_refused_and_nothing_changes(client, drafter, draft, joint):
    step, stranger = draft.steps.get(number=2), joint.actors.get(name="Arsip")
    client.force_login(drafter)
    lock = draft.lock_version
    response = _save(client, draft, step, co_actors=[stranger.pk])
    assert response.status_code == 422
    assert "Pelaksana bersama itu tidak ada lagi pada versi ini" in response.content.decode()
    assert not StepActor.objects.filter(step=step).exists()
    assert SOPVersion.objects.get(pk=draft.pk).lock_version == lock
    with pytest.raises(ValidationError):
        services.step_update(
            version=draft,
            actor=drafter,
            lock=lock,
            step_id=step.pk,
            fields=StepData(2, "activity", "Memeriksa", actor=step.actor_id, next=3, co_actors=(stranger.pk,)),
        )
    assert not StepActor.objects.filter(step=step).exists()


@pytest.mark.django_db
def test_the_page_the_phone_list_and_the_flowchart_show_every_actor_of_the_step(client, drafter, joint):
    client.force_login(drafter)
    body = client.get(joint.get_absolute_url()).content.decode()
    assert "bersama: Arsip" in body  # the table's joined symbol, named for a screen reader
    assert "Kepala, Arsip" in body  # the phone list
    svg = pdf.flowchart_svgs(content_of(selectors.load_version_content(joint.pk)))[0]
    assert len(re.findall(r'data-step="2"', svg)) == 2
    assert len(re.findall(r'data-step="2" data-joint="1"', svg)) == 1
    assert 'class="join"' in svg


@pytest.mark.django_db
def test_the_pdf_draws_the_joined_symbol_and_the_importer_reads_both_actors_back(joint):
    content = content_of(selectors.load_version_content(joint.pk))
    step = read_pdf(pdf.render_pdf(content)).steps[1]
    assert (step.actor, step.co_actors, step.kind) == ("Kepala", ["Arsip"], "activity")


@pytest.mark.django_db
def test_the_compare_view_and_the_api_name_the_further_actors(client, drafter, joint):
    content = content_of(selectors.load_version_content(joint.pk))
    arsip = joint.actors.get(name="Arsip")
    alone = VersionContent(
        **{
            **content.__dict__,
            "steps": tuple(StepData(**{**s.__dict__, "co_actors": ()}) for s in content.steps),
        }
    )
    changes = compare.compare(alone, content).steps
    changed = next(c for c in changes if c.status == compare.CHANGED)
    assert [(f.label, f.old, f.new) for f in changed.fields] == [("Pelaksana", "Kepala", "Kepala, Arsip")]
    client.force_login(drafter)
    data = client.get(reverse("api:version-detail", args=[joint.pk])).json()
    assert data["content"]["steps"][1]["co_actors"] == [arsip.pk]


@pytest.mark.django_db
def test_the_field_history_records_a_further_actor_added_and_taken_away(client, drafter, joint):
    step = joint.steps.get(number=2)
    records = [r.what for r in selectors.field_history(joint)]
    assert "Langkah 2: pelaksana bersama Arsip" in records
    services.step_update(
        version=joint,
        actor=drafter,
        lock=joint.lock_version,
        step_id=step.pk,
        fields=StepData(2, "activity", "Memeriksa dan mencatat", actor=step.actor_id, next=3),
    )
    kinds = [r.kind for r in selectors.field_history(joint) if r.what == "Langkah 2: pelaksana bersama Arsip"]
    assert sorted(kinds) == ["+", "-"]


@pytest.mark.django_db
def test_an_actor_carrying_out_a_step_with_another_cannot_be_deleted(drafter, joint):
    arsip = joint.actors.get(name="Arsip")
    with pytest.raises(ValidationError, match="masih melaksanakan langkah 2"):
        services.actor_delete(version=joint, actor=drafter, lock=joint.lock_version, actor_id=arsip.pk)
    assert joint.actors.filter(pk=arsip.pk).exists()


@pytest.mark.django_db
def test_established_the_further_actors_are_in_the_hash_and_a_revision_keeps_them(joint, head, drafter):
    SOPVersion.objects.filter(pk=joint.pk).update(status="awaiting")
    joint.refresh_from_db()
    workflow_services.version_establish(
        version=joint, actor=head, effective_date=timezone.localdate(), reauthenticated=True
    )
    joint.refresh_from_db()
    arsip = joint.actors.get(name="Arsip")
    assert joint.content_snapshot["steps"][1]["co_actors"] == [arsip.pk]
    assert content_hash(content_of(joint)) == joint.content_hash
    revision = services.version_revise(
        sop=joint.sop, actor=drafter, reason="evaluasi", summary="Pelaksana langkah ditinjau."
    )
    copied = content_of(selectors.load_version_content(revision.pk))
    assert copied.actors_of(copied.steps[1]) == "Kepala, Arsip"
    assert copied.steps[1].co_actors != (arsip.pk,)  # the revision's own actor rows


def _content(*steps, actors=("Loket", "Kepala", "Arsip")):
    return VersionContent(
        number="1", title="T", actors=tuple(ActorData(i, n) for i, n in enumerate(actors, 1)), steps=tuple(steps)
    )


def test_rules_a_further_actor_counts_as_using_its_column_and_must_be_one_of_them():
    steps = (
        StepData(1, "start", "Mulai", 1, next=2),
        StepData(2, "activity", "Bersama", 2, next=3, co_actors=(3,)),
        StepData(3, "end", "Selesai", 1),
    )
    assert procedure.validate(_content(*steps)) == []
    stranger = StepData(2, "activity", "Bersama", 2, next=3, co_actors=(9,))
    codes = [p.code for p in procedure.validate(_content(steps[0], stranger, steps[2]))]
    assert codes == ["unknown_actor", "unused_actor"]


def test_rules_a_terminator_has_one_actor():
    steps = (StepData(1, "start", "Mulai", 1, next=2, co_actors=(2,)), StepData(2, "end", "Selesai", 2))
    problems = procedure.validate(_content(*steps, actors=("Loket", "Kepala")))
    assert [(p.code, p.step) for p in problems] == [("joint_terminator", 1)]


def test_rules_a_decision_done_together_keeps_one_side_free_for_its_branches():
    steps = (
        StepData(1, "start", "Mulai", 1, next=2),
        StepData(2, "decision", "Lengkap?", 2, yes=3, no=1, co_actors=(1, 3)),
        StepData(3, "end", "Selesai", 3),
    )
    problems = procedure.validate(_content(*steps))
    assert [(p.code, p.step) for p in problems] == [("joint_decision_sides", 2)]
    assert "paling kiri atau paling kanan" in problems[0].message
    one_side = StepData(2, "decision", "Lengkap?", 2, yes=3, no=1, co_actors=(1,))
    assert procedure.validate(_content(steps[0], one_side, steps[2])) == []


@pytest.mark.django_db
def test_the_sop_page_runs_as_many_queries_for_40_joint_steps_as_for_3(client, agency, drafter):
    from tests.queries import queries_of

    def version_of(n: int):
        version = SOPVersionFactory(sop__unit=agency.unit, created_by=drafter, updated_by=drafter)
        rows = [("start", "Mulai", 0)]
        rows += [("activity", f"Langkah {i}", i % 3, {"co_actors": ((i + 1) % 3,)}) for i in range(2, n)]
        rows += [("end", "Selesai", 0)]
        return services.version_replace_procedure(
            version=version, actor=drafter, actors=["Loket", "Kepala", "Arsip"], steps=steps_in_order(*rows)
        )

    client.force_login(drafter)
    small, large = version_of(3), version_of(40)
    assert queries_of(client, small.get_absolute_url()) == queries_of(client, large.get_absolute_url())
