import datetime

import pytest
import time_machine

from workflow import services as workflow_services

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """A moment of ``day`` in Jakarta time."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)


@pytest.fixture
def in_force(make_version, head):
    """An SOP version put in force through the real workflow on ``day`` (the head establishes it)."""

    def make(day: datetime.date, unit=None):
        version = make_version("awaiting", unit=unit)
        with time_machine.travel(at(day), tick=False):
            workflow_services.version_establish(version=version, actor=head, effective_date=day, reauthenticated=True)
        version.refresh_from_db()
        version.sop.refresh_from_db()
        return version

    return make
