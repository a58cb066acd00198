"""The service time of a procedure along its main path and in its worst case, on plain data; every
figure below is worked out by hand from the steps' times (a working day of 7.5 hours = 450 minutes
unless a test says otherwise)."""

from sop import durations, service_time
from sop.content import ActorData, StepData, VersionContent

ACTORS = (ActorData(1, "Pemohon"), ActorData(2, "Petugas"), ActorData(3, "Kepala"))


def step(number, kind, waktu="", actor=1, **flow) -> StepData:
    return StepData(number, kind, f"Langkah {number}", actor, **durations.read(waktu).fields(), **flow)


def content(*steps) -> VersionContent:
    return VersionContent(number="SOP-1", title="Uji", actors=ACTORS, steps=steps)


# 1 start → 2 check (30 menit) → 3 complete? Tidak → 2 (back), Ya → 4 (2 jam) → 5 (1 hari kerja) → 6 end
LOOPING = content(
    step(1, "start", next=2),
    step(2, "activity", "30 menit", 2, next=3),
    step(3, "decision", "15 menit", 2, yes=4, no=2),
    step(4, "activity", "2 jam", 2, next=5),
    step(5, "activity", "1 hari kerja", 3, next=6),
    step(6, "end"),
)


def test_the_main_path_follows_next_and_ya_and_counts_every_step_once():
    result = service_time.compute(LOOPING)
    assert result.path == (1, 2, 3, 4, 5, 6)
    # 30 + 15 + 120 minutes and one working day: 165 + 450 = 615 minutes
    assert result.minutes(450) == 615
    assert result.unmeasured == () and not result.partial


def test_the_worst_case_does_every_loop_back_once_more():
    result = service_time.compute(LOOPING)
    assert result.loops == ((3, 2),)
    # the loop 2 → 3 again: 615 + 30 + 15
    assert result.worst_minutes(450) == 660


def test_a_working_day_is_as_long_as_the_agency_sets_it():
    result = service_time.compute(LOOPING)
    assert result.minutes(480) == 165 + 480  # 8-hour days
    summary = service_time.summary(result, 480)
    assert summary.main == "1 hari kerja 2 jam 45 menit"


def test_in_words_the_time_is_working_days_hours_and_minutes():
    summary = service_time.summary(service_time.compute(LOOPING))
    assert (summary.main, summary.worst) == ("1 hari kerja 2 jam 45 menit", "1 hari kerja 3 jam 30 menit")
    assert summary.line == (
        "Waktu layanan (alur utama): 1 hari kerja 2 jam 45 menit; paling lama 1 hari kerja 3 jam 30 menit"
        " bila setiap pengulangan terjadi sekali."
    )


def test_a_loop_back_on_ya_makes_tidak_the_main_path():
    # 3: still incomplete? Ya → 2 (back to the check), Tidak → 4
    steps = content(
        step(1, "start", next=2),
        step(2, "activity", "1 jam", next=3),
        step(3, "decision", "1 jam", yes=2, no=4),
        step(4, "activity", "2 hari", next=5),
        step(5, "end"),
    )
    result = service_time.compute(steps)
    assert result.path == (1, 2, 3, 4, 5) and result.loops == ((3, 2),)
    assert (result.minutes(450), result.worst_minutes(450)) == (120 + 900, 120 + 900 + 120)


def test_a_branch_that_ends_early_is_not_on_the_main_path():
    # Ya goes on; Tidak ends the procedure at 5 (a refusal), which the main path never passes.
    steps = content(
        step(1, "start", next=2),
        step(2, "decision", "10 menit", yes=3, no=5),
        step(3, "activity", "1–3 hari kerja", next=4),
        step(4, "end"),
        step(5, "activity", "5 hari", next=4),
    )
    result = service_time.compute(steps)
    assert result.path == (1, 2, 3, 4)
    assert result.minutes(450) == 10 + 3 * 450  # a range counts by its upper bound
    assert result.worst_minutes(450) == result.minutes(450)
    assert service_time.summary(result).worst == ""


def test_weeks_months_and_years_are_working_days():
    steps = content(
        step(1, "start", next=2),
        step(2, "activity", "1 minggu", next=3),
        step(3, "activity", "1 bulan", next=4),
        step(4, "end"),
    )
    assert service_time.compute(steps).main.days == 5 + 21


def test_steps_whose_time_is_free_text_or_empty_are_named_and_the_total_is_partial():
    steps = content(
        step(1, "start", next=2),
        step(2, "activity", "Sesuai kebutuhan", next=3),
        step(3, "activity", "", next=4),
        step(4, "activity", "2 jam", next=5),
        step(5, "end"),
    )
    result = service_time.compute(steps)
    assert result.unmeasured == (2, 3) and result.partial
    summary = service_time.summary(result)
    assert summary.main == "2 jam"
    assert "sebagian" in summary.line and "langkah 2, 3" in summary.line


def test_a_draft_whose_flow_stops_short_is_partial():
    steps = content(step(1, "start", next=2), step(2, "activity", "1 jam"), step(3, "end"))
    result = service_time.compute(steps)
    assert result.path == (1, 2) and not result.reaches_end and result.partial
    assert "belum sampai ke langkah selesai" in service_time.summary(result).note


def test_a_procedure_without_any_time_says_nothing_of_its_service_time():
    steps = content(step(1, "start", next=2), step(2, "activity", "Sesuai kebutuhan", next=3), step(3, "end"))
    assert service_time.compute(steps).unmeasured == (2,)
    assert service_time.summary(service_time.compute(steps)) is None


def test_a_procedure_without_a_start_has_no_service_time():
    assert service_time.compute(content(step(1, "activity", "1 jam"), step(2, "end"))) is None
    assert service_time.summary(None) is None


def test_a_service_time_survives_being_stored():
    result = service_time.compute(LOOPING)
    assert service_time.ServiceTime.from_json(result.to_json()) == result


def test_the_change_between_two_times_is_in_whole_percent():
    assert service_time.change(1000, 620) == -38
    assert service_time.change_words(-38, "revisi 2") == "−38% dari revisi 2"
    assert service_time.change_words(10, "revisi 0") == "+10% dari revisi 0"
    assert service_time.change_words(0, "revisi 1") == "sama dengan revisi 1"
    assert service_time.change(None, 5) is None and service_time.change(0, 5) is None


def test_zero_minutes_in_words():
    assert durations.describe(0) == "0 menit"
    assert durations.describe(450 * 2 + 90) == "2 hari kerja 1 jam 30 menit"
