import datetime

from sop.worktime import add_working_minutes, working_minutes
from tests.cases.conftest import MONDAY, moment

FRIDAY = MONDAY + datetime.timedelta(days=4)


def test_working_minutes_within_one_day_counts_the_clock():
    assert working_minutes(moment(MONDAY, 9), moment(MONDAY, 10, 30)) == 90


def test_working_minutes_outside_office_hours_count_nothing():
    assert working_minutes(moment(MONDAY, 16), moment(MONDAY, 23)) == 0
    assert working_minutes(moment(MONDAY, 5), moment(MONDAY, 7, 30)) == 0


def test_working_minutes_over_a_weekend_skip_saturday_and_sunday():
    # Friday 14:00 to Monday 08:30: an hour on Friday (until 15:00), an hour on Monday (from 07:30).
    assert working_minutes(moment(FRIDAY, 14), moment(FRIDAY + datetime.timedelta(days=3), 8, 30)) == 120


def test_working_minutes_over_weeks_count_five_days_a_week():
    start = moment(MONDAY, 7, 30)
    assert working_minutes(start, start + datetime.timedelta(weeks=5)) == 25 * 450
    assert working_minutes(start, start + datetime.timedelta(weeks=5), 480) == 25 * 480


def test_working_minutes_backwards_is_zero():
    assert working_minutes(moment(MONDAY, 10), moment(MONDAY, 9)) == 0


def test_add_working_minutes_carries_over_the_night_and_the_weekend():
    assert add_working_minutes(moment(MONDAY, 9), 30) == moment(MONDAY, 9, 30)
    assert add_working_minutes(moment(MONDAY, 14), 120) == moment(MONDAY + datetime.timedelta(days=1), 8, 30)
    assert add_working_minutes(moment(FRIDAY, 14), 450) == moment(FRIDAY + datetime.timedelta(days=3), 14)
    assert add_working_minutes(moment(MONDAY, 20), 0) == moment(MONDAY + datetime.timedelta(days=1), 7, 30)


def test_add_working_minutes_is_the_inverse_of_working_minutes():
    start = moment(MONDAY, 11, 17)
    for n in (1, 59, 450, 451, 2000, 10_000):
        assert working_minutes(start, add_working_minutes(start, n)) == n
