"""The figures of cases, against cases worked out by hand (see conftest: 510 minutes standard)."""

import datetime
from collections import Counter

import pytest

from cases import services
from cases.figures import percentile, sop_case_figures
from monitoring.indicators import unit_figures
from monitoring.models import IndicatorSnapshot
from monitoring.services import snapshots_take
from sop.worktime import add_working_minutes
from tests.cases.conftest import MONDAY, moment

TUESDAY = MONDAY + datetime.timedelta(days=1)


def run(counter, reference, start, durations, *, loop=False, skip_approval=False):
    """Carry a case through, each step taking the given working minutes after the one before."""
    case = services.case_start(sop=counter.version.sop, actor=counter.loket, reference=reference, now=start)
    at = start
    plan = [(1, counter.loket, ""), (2, counter.operator, "")]
    plan += [(3, counter.operator, "no"), (2, counter.operator, "")] if loop else []
    plan += [(3, counter.operator, "yes")]
    plan += [] if skip_approval else [(4, counter.kasi, "")]
    plan += [(5, counter.loket, "")]
    for (number, person, choice), minutes in zip(plan, durations, strict=True):
        at = add_working_minutes(at, minutes)
        reason = "Disetujui lisan" if skip_approval and number == 5 else ""
        case = services.case_step_done(
            case=case, actor=person, step_number=number, choice=choice, reason=reason, now=at
        )
    return case


@pytest.fixture
def worked(counter):
    """Three finished cases and one still running, by hand:

    A: 10+30+5+400+15 = 460 min, every step on time            (5 of 5 on time)
    B: 10+40+5+500+15 = 570 min, 2 and 4 late                  (3 of 5)
    C: 1: 5, 2: 30, 3: 5 (Tidak), 2 again: 60, 3: 5 (Ya), 4: 300, 5: 10 = 415 min  (6 of 7: the second 2 late)
    D: running, step 1 done in 5 minutes.
    """
    a = run(counter, "A", moment(MONDAY, 8), [10, 30, 5, 400, 15])
    b = run(counter, "B", moment(MONDAY, 9), [10, 40, 5, 500, 15])
    c = run(counter, "C", moment(TUESDAY, 8), [5, 30, 5, 60, 5, 300, 10], loop=True)
    d = services.case_start(sop=counter.version.sop, actor=counter.loket, reference="D", now=moment(TUESDAY, 9))
    services.case_step_done(case=d, actor=counter.loket, step_number=1, now=moment(TUESDAY, 9, 5))
    return a, b, c


def test_worked_cases_have_their_hand_counted_times(worked):
    a, b, c = worked
    assert (a.actual_minutes, b.actual_minutes, c.actual_minutes) == (460, 570, 415)
    assert (a.steps_on_time, b.steps_on_time, c.steps_on_time) == (5, 3, 6)
    assert (a.steps_timed, b.steps_timed, c.steps_timed) == (5, 5, 7)


def test_sop_figures_median_p90_on_time_share_and_bottleneck(counter, worked):
    figures = sop_case_figures(counter.version.sop, counter.version, 450)
    c = figures.figures
    assert (c.started, c.finished, c.running) == (4, 3, 1)
    assert c.median_minutes == 460 and c.p90_minutes == 570
    assert c.standard_minutes == 510
    assert (c.with_standard, c.within_standard) == (3, 2)  # 460 and 415 within 510
    # steps: A 5 of 5, B 3 of 5, C 6 of 7, D's first step 1 of 1
    assert (c.steps_on_time, c.steps_timed) == (15, 18)
    assert c.on_time_share == round(15 / 18, 3)
    assert c.deviations_per_100 == 0
    assert c.change_against_standard == round((460 - 510) * 100 / 510)
    slowest = figures.bottleneck
    assert slowest.number == 4 and slowest.average == (400 + 500 + 300) / 3 and slowest.standard == 450
    assert slowest.words(450) == "langkah 4 rata-rata 6 jam 40 menit, baku 1 hari kerja"


def test_a_skipped_step_counts_as_a_deviation_per_100_cases(counter):
    run(counter, "A", moment(MONDAY, 8), [10, 30, 5, 15], skip_approval=True)
    run(counter, "B", moment(MONDAY, 9), [10, 30, 5, 400, 15])
    c = sop_case_figures(counter.version.sop, counter.version, 450).figures
    assert c.deviations == 1 and c.deviations_per_100 == 50.0


def test_baseline_compares_the_median_with_the_time_before_the_portal(counter, worked):
    sop = counter.version.sop
    sop.baseline_time = "2 hari kerja"  # 900 minutes
    sop.save()
    assert sop_case_figures(sop, counter.version, 450).change_against_baseline == round((460 - 900) * 100 / 900)


def test_unit_figures_roll_cases_up_the_tree_and_into_the_snapshot(counter, worked, agency):
    today = TUESDAY + datetime.timedelta(days=1)
    figures = unit_figures(today=today)
    for unit in (agency.unit, agency.root):
        c = figures[unit.pk].cases
        assert (c.started, c.finished, c.median_minutes, c.p90_minutes) == (4, 3, 460, 570)
    assert figures[agency.other.pk].cases.started == 0
    snapshots_take(today=today)
    snap = IndicatorSnapshot.objects.get(unit=agency.root, day=today)
    assert (snap.cases_started_90d, snap.cases_finished_90d) == (4, 3)
    assert (snap.case_median_minutes, snap.case_p90_minutes, snap.case_standard_minutes) == (460, 570, 510)
    assert snap.cases_within_share == round(2 / 3, 3)
    assert snap.case_steps_on_time_share == round(15 / 18, 3)
    assert snap.case_deviations_per_100 == 0


def test_unit_figures_count_only_cases_started_in_the_window(counter, worked, agency):
    later = MONDAY + datetime.timedelta(days=120)
    assert unit_figures(today=later)[agency.unit.pk].cases.started == 0


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([5], 5, 5),
        ([1, 2], 1.5, 2),
        ([3, 1, 2], 2, 3),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9),
        ([4, 4, 4, 10], 4, 10),
    ],
)
def test_percentile_is_the_nearest_rank_and_the_median_of_an_even_count_the_mean(values, median, p90):
    counts = Counter(values)
    assert percentile(counts, 0.5) == median
    assert percentile(counts, 0.9) == p90


def test_percentile_of_nothing_is_none():
    assert percentile(Counter(), 0.5) is None
