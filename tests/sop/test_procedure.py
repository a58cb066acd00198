"""Every rule of a well-formed procedure, on plain data (no database)."""

from dataclasses import replace

from sop.content import ActorData, StepData, VersionContent
from sop.procedure import validate

ACTORS = (ActorData(1, "Pemohon"), ActorData(2, "Petugas"))


def valid_steps() -> list[StepData]:
    return [
        StepData(1, "start", "Mengajukan permohonan", actor=1, next=2),
        StepData(2, "activity", "Memeriksa berkas", actor=2, next=3),
        StepData(3, "decision", "Berkas lengkap?", actor=2, yes=4, no=1),
        StepData(4, "end", "Menerima hasil", actor=1),
    ]


def content(steps, actors=ACTORS) -> VersionContent:
    return VersionContent(number="SOP-1", title="Uji", actors=tuple(actors), steps=tuple(steps))


def codes(steps, actors=ACTORS) -> list[tuple[str, int | None]]:
    return [(p.code, p.step) for p in validate(content(steps, actors))]


def with_step(n: int, **changes) -> list[StepData]:
    return [replace(s, **changes) if s.number == n else s for s in valid_steps()]


def test_validate_well_formed_procedure_has_no_problems():
    assert validate(content(valid_steps())) == []


def test_validate_no_steps():
    problems = validate(content([]))
    assert [p.code for p in problems] == ["no_steps"]
    assert problems[0].message == "Prosedur belum memiliki langkah."


def test_validate_missing_start():
    assert ("no_start", None) in codes(with_step(1, kind="activity"))


def test_validate_second_start_named():
    steps = with_step(2, kind="start")
    problems = validate(content(steps))
    many = [p for p in problems if p.code == "many_starts"]
    assert len(many) == 1 and many[0].step == 2
    assert "Langkah 2 adalah langkah mulai kedua" in many[0].message


def test_validate_missing_end():
    steps = with_step(4, kind="activity", next=None)
    found = codes(steps)
    assert ("no_end", None) in found
    assert ("no_next", 4) in found


def test_a_branch_may_end_in_mid_flow_in_a_terminator_of_its_own():
    # As signed SOPs draw it: the Ya branch of the decision ends before the last row.
    steps = [
        StepData(1, "start", "Mengajukan permohonan", actor=1, next=2),
        StepData(2, "decision", "Permohonan ditarik?", actor=2, yes=3, no=4),
        StepData(3, "end", "Permohonan ditutup", actor=2),
        StepData(4, "activity", "Memeriksa berkas", actor=2, next=5),
        StepData(5, "end", "Menerima hasil", actor=1),
    ]
    assert validate(content(steps)) == []


def test_a_step_that_reaches_no_end_is_named_though_there_are_several_ends():
    steps = [
        StepData(1, "start", "A", actor=1, next=2),
        StepData(2, "decision", "B?", actor=2, yes=3, no=4),
        StepData(3, "end", "C", actor=2),
        StepData(4, "activity", "D", actor=2, next=5),
        StepData(5, "activity", "E", actor=1, next=4),
        StepData(6, "end", "F", actor=1),
    ]
    found = codes(steps)
    assert ("dead_end", 4) in found and ("dead_end", 5) in found and ("dead_end", 2) not in found


def test_validate_start_not_first():
    steps = [
        StepData(1, "activity", "A", actor=1, next=2),
        StepData(2, "start", "B", actor=2, next=3),
        StepData(3, "end", "C", actor=1),
    ]
    assert ("start_not_first", 2) in codes(steps)


def test_validate_last_row_not_an_end():
    steps = [
        StepData(1, "start", "A", actor=1, next=3),
        StepData(2, "end", "B", actor=2),
        StepData(3, "activity", "C", actor=2, next=2),
    ]
    problems = [p for p in validate(content(steps)) if p.code == "last_not_end"]
    assert [(p.step, p.message) for p in problems] == [
        (3, "Langkah terakhir (3) harus langkah selesai (terminator akhir).")
    ]


def test_validate_empty_kegiatan_named():
    problems = validate(content(with_step(2, text="   ")))
    assert [(p.code, p.step, p.message) for p in problems] == [
        ("empty_text", 2, "Langkah 2 belum berisi uraian kegiatan.")
    ]


def test_validate_step_without_actor():
    problems = validate(content(with_step(2, actor=None)))
    assert ("no_actor", 2) in [(p.code, p.step) for p in problems]
    assert "Langkah 2 belum memiliki pelaksana." in [p.message for p in problems]


def test_validate_actor_not_in_columns():
    assert ("unknown_actor", 2) in codes(with_step(2, actor=99))


def test_validate_decision_without_yes_target():
    problems = validate(content(with_step(3, yes=None)))
    assert ("no_yes", 3) in [(p.code, p.step) for p in problems]
    assert 'Keputusan pada langkah 3 belum memiliki tujuan jika "Ya".' in [p.message for p in problems]


def test_validate_decision_without_no_target():
    problems = validate(content(with_step(3, no=None)))
    assert 'Keputusan pada langkah 3 belum memiliki tujuan jika "Tidak".' in [p.message for p in problems]


def test_validate_decision_same_target_both_ways():
    assert ("same_branches", 3) in codes(with_step(3, yes=4, no=4))


def test_validate_end_with_next_step():
    assert ("end_has_next", 4) in codes(with_step(4, next=1))


def test_validate_activity_without_next():
    problems = validate(content(with_step(2, next=None)))
    assert ("no_next", 2) in [(p.code, p.step) for p in problems]
    assert "Langkah 2 belum memiliki langkah berikutnya." in [p.message for p in problems]


def test_validate_step_pointing_to_itself():
    assert ("self_loop", 2) in codes(with_step(2, next=2))


def test_validate_target_that_does_not_exist():
    problems = validate(content(with_step(2, next=9)))
    assert "Langkah 2 menuju langkah 9 yang tidak ada." in [p.message for p in problems]


def test_validate_unreachable_step_named():
    steps = [
        StepData(1, "start", "A", actor=1, next=3),
        StepData(2, "activity", "B", actor=2, next=3),
        StepData(3, "end", "C", actor=1),
    ]
    problems = validate(content(steps))
    assert [(p.code, p.step) for p in problems] == [("unreachable", 2)]
    assert problems[0].message == "Langkah 2 tidak dapat dicapai dari langkah mulai."


def test_validate_loop_that_never_reaches_end_named():
    steps = [
        StepData(1, "start", "A", actor=1, next=2),
        StepData(2, "decision", "B?", actor=2, yes=3, no=4),
        StepData(3, "activity", "C", actor=2, next=2),
        StepData(4, "activity", "D", actor=1, next=5),
        StepData(5, "activity", "E", actor=1, next=4),
        StepData(6, "end", "F", actor=1),
    ]
    found = codes(steps)
    assert ("dead_end", 4) in found and ("dead_end", 5) in found
    assert ("unreachable", 6) in found


def test_validate_unused_actor_named():
    actors = (*ACTORS, ActorData(3, "Kepala Dinas"))
    problems = validate(content(valid_steps(), actors))
    assert [p.message for p in problems] == ['Pelaksana "Kepala Dinas" tidak melaksanakan langkah apa pun.']


def test_validate_problems_sorted_by_step_then_general():
    steps = with_step(3, no=None)
    steps = [replace(s, text="") if s.number == 2 else s for s in steps]
    problems = validate(content(steps, (*ACTORS, ActorData(3, "X"))))
    assert [p.step for p in problems] == [2, 3, None]
