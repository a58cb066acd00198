"""The step editor's services: add, update, move, delete, actors, and the optimistic lock."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sop import selectors, services
from sop.content import StepData, build_content
from sop.procedure import validate
from tests.factories import SOPVersionFactory


def numbers(version):
    return list(version.steps.order_by("number").values_list("number", "text"))


def fresh(version):
    return type(version).objects.get(pk=version.pk)


@pytest.mark.django_db
def test_step_add_at_end_and_after_renumbers(draft, drafter):
    services.step_add(version=draft, actor=drafter, lock=draft.lock_version)
    draft = fresh(draft)
    inserted = services.step_add(version=draft, actor=drafter, lock=draft.lock_version, after=1)
    assert numbers(draft) == [(1, "Menerima"), (2, ""), (3, "Memeriksa"), (4, "Menyerahkan"), (5, "")]
    assert inserted.number == 2 and inserted.actor.name == "Loket"  # the actor of the step above


@pytest.mark.django_db
def test_first_step_of_empty_draft_is_start(agency, drafter):
    version = SOPVersionFactory(sop__unit=agency.unit)
    services.actor_add(version=version, actor=drafter, lock=0, name="Loket")
    step = services.step_add(version=version, actor=drafter, lock=1)
    assert step.kind == "start" and step.number == 1 and step.actor.name == "Loket"


@pytest.mark.django_db
def test_step_update_saves_every_field_and_decision_targets(draft, drafter):
    steps = {s.number: s for s in draft.steps.all()}
    kepala = draft.actors.get(name="Kepala")
    fields = StepData(
        2,
        kind="decision",
        text="Berkas lengkap?",
        actor=kepala.pk,
        requirements="Berkas",
        duration_value=Decimal("1.5"),
        duration_unit="jam",
        output="Hasil",
        notes="Tidak: kembali",
        yes=3,
        no=1,
        next=3,
    )
    services.step_update(version=draft, actor=drafter, lock=draft.lock_version, step_id=steps[2].pk, fields=fields)
    content = build_content(selectors.load_version_content(draft.pk))
    decision = content.steps[1]
    assert (decision.kind, decision.text, decision.yes, decision.no, decision.next) == (
        "decision",
        "Berkas lengkap?",
        3,
        1,
        None,
    )
    assert decision.duration == "1,5 jam" and content.actor_name(decision.actor) == "Kepala"
    assert validate(content) == []


@pytest.mark.django_db
def test_step_update_refuses_a_target_outside_the_version(draft, drafter):
    step = draft.steps.get(number=1)
    fields = StepData(1, kind="activity", text="A", actor=step.actor_id, next=99)
    with pytest.raises(ValidationError) as error:
        services.step_update(version=draft, actor=drafter, lock=draft.lock_version, step_id=step.pk, fields=fields)
    assert "next" in error.value.message_dict
    assert fresh(draft).lock_version == draft.lock_version


@pytest.mark.django_db
def test_step_move_keeps_links_to_the_same_steps(draft, drafter):
    steps = {s.number: s for s in draft.steps.all()}
    fields = StepData(2, kind="decision", text="Cek?", actor=steps[2].actor_id, yes=3, no=1)
    services.step_update(version=draft, actor=drafter, lock=draft.lock_version, step_id=steps[2].pk, fields=fields)
    services.step_move(version=draft, actor=drafter, lock=fresh(draft).lock_version, step_id=steps[3].pk, delta=-1)
    moved = draft.steps.get(pk=steps[2].pk)
    assert moved.number == 3 and moved.yes_step.text == "Menyerahkan" and moved.no_step.text == "Menerima"


@pytest.mark.django_db
def test_step_delete_renumbers_and_a_decision_losing_its_target_shows_a_problem(draft, drafter):
    steps = {s.number: s for s in draft.steps.all()}
    services.step_add(version=draft, actor=drafter, lock=draft.lock_version)  # 4: a new end after the old end
    fields = StepData(2, kind="decision", text="Cek?", actor=steps[2].actor_id, yes=3, no=1)
    services.step_update(
        version=draft, actor=drafter, lock=fresh(draft).lock_version, step_id=steps[2].pk, fields=fields
    )
    services.step_delete(version=draft, actor=drafter, lock=fresh(draft).lock_version, step_id=steps[3].pk)
    assert numbers(draft) == [(1, "Menerima"), (2, "Cek?"), (3, "")]
    problems = validate(build_content(selectors.load_version_content(draft.pk)))
    assert ("no_yes", 2) in [(p.code, p.step) for p in problems]


@pytest.mark.django_db
def test_step_delete_of_an_explicit_jump_target_falls_back_to_the_next_step(draft, drafter):
    steps = {s.number: s for s in draft.steps.all()}
    fields = StepData(1, kind="start", text="Menerima", actor=steps[1].actor_id, next=2)
    services.step_update(version=draft, actor=drafter, lock=draft.lock_version, step_id=steps[1].pk, fields=fields)
    services.step_delete(version=draft, actor=drafter, lock=fresh(draft).lock_version, step_id=steps[2].pk)
    content = build_content(selectors.load_version_content(draft.pk))
    assert [(s.number, s.next) for s in content.steps] == [(1, 2), (2, None)]
    assert [p.code for p in validate(content)] == ["unused_actor"]  # Kepala's only step is gone


@pytest.mark.django_db
def test_actor_add_duplicate_refused(draft, drafter):
    with pytest.raises(ValidationError) as error:
        services.actor_add(version=draft, actor=drafter, lock=draft.lock_version, name=" loket ")
    assert 'Pelaksana "loket" sudah ada.' in error.value.messages


@pytest.mark.django_db
def test_actor_delete_in_use_refused_naming_steps(draft, drafter):
    loket = draft.actors.get(name="Loket")
    with pytest.raises(ValidationError) as error:
        services.actor_delete(version=draft, actor=drafter, lock=draft.lock_version, actor_id=loket.pk)
    assert "langkah 1, 3" in error.value.messages[0]
    assert draft.actors.count() == 2


@pytest.mark.django_db
def test_actor_move_and_delete_unused(draft, drafter):
    extra = services.actor_add(version=draft, actor=drafter, lock=draft.lock_version, name="Arsip")
    services.actor_move(version=draft, actor=drafter, lock=fresh(draft).lock_version, actor_id=extra.pk, delta=-2)
    assert list(draft.actors.order_by("position").values_list("name", flat=True)) == ["Arsip", "Loket", "Kepala"]
    services.actor_delete(version=draft, actor=drafter, lock=fresh(draft).lock_version, actor_id=extra.pk)
    assert list(draft.actors.order_by("position").values_list("name", "position")) == [("Loket", 1), ("Kepala", 2)]


@pytest.mark.django_db
def test_stale_lock_refused_and_nothing_written(draft, drafter):
    stale = draft.lock_version
    services.step_add(version=draft, actor=drafter, lock=stale)
    before = numbers(draft)
    with pytest.raises(services.EditConflict) as error:
        services.step_delete(version=draft, actor=drafter, lock=stale, step_id=draft.steps.get(number=1).pk)
    assert numbers(draft) == before
    assert "baru saja disimpan oleh" in str(error.value)


@pytest.mark.django_db
def test_every_edit_moves_the_lock_and_records_the_editor(draft, drafter):
    lock = draft.lock_version
    services.actor_update(
        version=draft, actor=drafter, lock=lock, actor_id=draft.actors.first().pk, name="Petugas Loket"
    )
    version = fresh(draft)
    assert version.lock_version == lock + 1 and version.updated_by == drafter


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reviewer", "head", "outsider"])
def test_editing_services_refuse_non_drafters(request, draft, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.step_add(version=draft, actor=user, lock=draft.lock_version)
    with pytest.raises(PermissionDenied):
        services.actor_add(version=draft, actor=user, lock=draft.lock_version, name="X")
    assert fresh(draft).lock_version == draft.lock_version


@pytest.mark.django_db
def test_search_text_follows_edits(draft, drafter):
    step = draft.steps.get(number=2)
    fields = StepData(2, kind="activity", text="Memverifikasi berkas", actor=step.actor_id, output="Berita acara")
    services.step_update(version=draft, actor=drafter, lock=draft.lock_version, step_id=step.pk, fields=fields)
    assert "Memverifikasi berkas" in fresh(draft).search_text and "Berita acara" in fresh(draft).search_text


@pytest.mark.django_db
def test_changes_since_lists_what_others_saved(draft, drafter):
    read_lock = draft.lock_version
    step = draft.steps.get(number=2)
    fields = StepData(2, kind="activity", text="Memeriksa ulang", actor=step.actor_id)
    services.step_update(version=draft, actor=drafter, lock=read_lock, step_id=step.pk, fields=fields)
    changes = selectors.changes_since(fresh(draft), read_lock)
    step_changes = [r for r in changes if r.what == "Langkah 2"]
    assert step_changes and ("Kegiatan", "Memeriksa", "Memeriksa ulang") in step_changes[0].changes
