"""Comparing two versions: added, removed and changed steps, list items and identity fields."""

from dataclasses import replace

from sop.compare import ADDED, CHANGED, REMOVED, SAME, compare
from sop.content import ActorData, StepData, VersionContent

A1, A2, A3 = ActorData(1, "Loket"), ActorData(2, "Kepala"), ActorData(3, "Arsiparis")


def old():
    return VersionContent(
        number="SOP-1",
        title="Surat Masuk",
        equipment=("Komputer", "Printer"),
        actors=(A1, A2),
        steps=(
            StepData(1, "start", "Menerima surat", actor=1, next=2),
            StepData(2, "activity", "Mengagendakan surat", actor=1, next=3, duration_value=None),
            StepData(3, "activity", "Mendisposisikan surat", actor=2, next=4),
            StepData(4, "end", "Menindaklanjuti", actor=2),
        ),
    )


def statuses(cmp):
    return [(s.status, s.old_number, s.new_number) for s in cmp.steps]


def test_compare_same_content_has_no_changes():
    result = compare(old(), old())
    assert not result.has_changes
    assert {s.status for s in result.steps} == {SAME}


def test_compare_inserted_step_does_not_mark_later_steps_changed():
    a = old()
    b = replace(
        a,
        steps=(
            a.steps[0],
            StepData(2, "activity", "Memindai surat", actor=1, next=3),
            *[replace(s, number=s.number + 1) for s in a.steps[1:]],
        ),
    )
    assert statuses(compare(a, b)) == [(SAME, 1, 1), (ADDED, None, 2), (SAME, 2, 3), (SAME, 3, 4), (SAME, 4, 5)]


def test_compare_removed_step():
    a = old()
    b = replace(a, steps=(a.steps[0], replace(a.steps[2], number=2), replace(a.steps[3], number=3)))
    assert (REMOVED, 2, None) in statuses(compare(a, b))


def test_compare_changed_step_lists_only_the_changed_fields():
    a = old()
    b = replace(
        a, actors=(A1, A2, A3), steps=(a.steps[0], replace(a.steps[1], actor=3, output="Buku agenda"), *a.steps[2:])
    )
    change = compare(a, b).steps[1]
    assert change.status == CHANGED
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("Pelaksana", "Loket", "Arsiparis"),
        ("Output", "", "Buku agenda"),
    ]


def test_compare_lists_and_identity():
    a = old()
    b = replace(a, title="Pengelolaan Surat Masuk", equipment=("Komputer", "Pemindai"))
    result = compare(a, b)
    title = next(f for f in result.identity if f.label == "Nama SOP")
    assert (title.status, title.old, title.new) == (CHANGED, "Surat Masuk", "Pengelolaan Surat Masuk")
    equipment = dict(result.lists)["Peralatan/perlengkapan"]
    assert [(i.status, i.old, i.new) for i in equipment] == [
        (SAME, "Komputer", "Komputer"),
        (REMOVED, "Printer", ""),
        (ADDED, "", "Pemindai"),
    ]


def test_compare_versions_not_consecutive_decision_targets():
    a = old()
    b = replace(
        a, steps=(a.steps[0], StepData(2, "decision", "Mengagendakan surat", actor=1, yes=3, no=1), *a.steps[2:])
    )
    change = compare(a, b).steps[1]
    labels = [f.label for f in change.fields]
    assert labels == ["Jenis", "Alur berikutnya"]
