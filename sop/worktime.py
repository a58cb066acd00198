"""Office time between two moments, for the actual time of a step carried out (``cases``).

A step's mutu baku is counted in working time (``durations``: a working day of 7.5 hours by default,
five a week); what a case measures must be counted the same way, or a step received on Friday
afternoon and done on Monday morning would look three days late. The office day starts at 07:30
local time and lasts the agency's working day (07:30-15:00 for 7.5 hours), Monday to Friday; public
holidays are not known to the portal and count as working days. Pure: no models, no queries.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .durations import WORKDAY_MINUTES

DAY_START = datetime.time(7, 30)


def _window(day: datetime.date, workday_minutes: int, tz) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, DAY_START, tzinfo=tz)
    return start, start + datetime.timedelta(minutes=workday_minutes)


def working_minutes(start: datetime.datetime, end: datetime.datetime, workday_minutes: int = WORKDAY_MINUTES) -> int:
    """Whole minutes of office time from ``start`` to ``end`` (0 when ``end`` is not after it)."""
    if end <= start:
        return 0
    tz = timezone.get_current_timezone()
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    day, last = start.date(), end.date()
    seconds = 0.0
    first = day
    while day <= last:
        if day != first and (last - day).days > 7:  # a whole week in between: five whole days
            seconds += 5 * workday_minutes * 60
            day += datetime.timedelta(days=7)
            continue
        if day.weekday() < 5:
            opens, closes = _window(day, workday_minutes, tz)
            overlap = (min(end, closes) - max(start, opens)).total_seconds()
            seconds += max(overlap, 0)
        day += datetime.timedelta(days=1)
    return int(seconds // 60)


def add_working_minutes(
    start: datetime.datetime, minutes: int, workday_minutes: int = WORKDAY_MINUTES
) -> datetime.datetime:
    """The moment ``minutes`` of office time after ``start`` (an expected completion)."""
    tz = timezone.get_current_timezone()
    moment = timezone.localtime(start, tz)
    left = datetime.timedelta(minutes=max(int(minutes), 0))
    day = moment.date()
    while True:
        opens, closes = _window(day, workday_minutes, tz)
        if day.weekday() < 5 and moment < closes:
            moment = max(moment, opens)
            if moment + left <= closes:
                return moment + left
            left -= closes - moment
        day += datetime.timedelta(days=1)
        moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
