"""An SOP in force to carry out as cases: five steps over three actors, a decision that loops back.

    1 start     Loket         Menerima berkas permohonan      10 menit
    2 activity  Operator      Memeriksa berkas                30 menit
    3 decision  Operator      Berkas lengkap?  Ya -> 4, Tidak -> 2 (loop back)   5 menit
    4 activity  Kepala Seksi  Menyetujui permohonan           1 hari kerja
    5 end       Loket         Menyerahkan hasil               15 menit

Service time on the main path: 10 + 30 + 5 + 450 + 15 = 510 working minutes (7.5-hour day).
Every moment below is Jakarta time on working days; 2026-03-02 is a Monday.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from cases import services
from org.models import Role, User
from sop import services as sop_services
from sop.content import StepData
from sop.models import SOPVersion
from tests.conftest import JAKARTA
from tests.factories import SOPVersionFactory, UserFactory, grant
from workflow import services as workflow_services

MONDAY = datetime.date(2026, 3, 2)
ACTORS = ["Loket", "Operator", "Kepala Seksi"]


def minutes(n: int, unit: str = "menit") -> dict:
    return {"duration_value": Decimal(n), "duration_unit": unit}


CASE_STEPS = [
    StepData(1, kind="start", text="Menerima berkas permohonan", actor=0, next=2, output="Berkas", **minutes(10)),
    StepData(2, kind="activity", text="Memeriksa berkas", actor=1, next=3, **minutes(30)),
    StepData(3, kind="decision", text="Berkas lengkap?", actor=1, yes=4, no=2, **minutes(5)),
    StepData(4, kind="activity", text="Menyetujui permohonan", actor=2, next=5, **minutes(1, "hari kerja")),
    StepData(5, kind="end", text="Menyerahkan hasil", actor=0, **minutes(15)),
]


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=JAKARTA)


@dataclass
class Counter:
    version: SOPVersion
    loket: User
    operator: User
    kasi: User


@pytest.fixture
def counter(agency, author, head) -> Counter:
    """The SOP in force (public service) with a person mapped to each actor column by the head."""
    version = SOPVersionFactory(
        sop__unit=agency.unit, sop__is_public_service=True, created_by=author, updated_by=author
    )
    sop_services.version_replace_procedure(version=version, actor=author, actors=ACTORS, steps=CASE_STEPS)
    SOPVersion.objects.filter(pk=version.pk).update(status="awaiting")
    version.refresh_from_db()
    day = MONDAY - datetime.timedelta(days=7)
    with time_machine.travel(moment(day, 9), tick=False):
        workflow_services.version_establish(version=version, actor=head, effective_date=day, reauthenticated=True)
    version.refresh_from_db()
    people = {}
    for username in ("loket", "operator", "kasi"):
        people[username] = UserFactory(username=username, email=f"{username}@example.go.id")
        grant(people[username], agency.unit, Role.STAFF)
    services.assignments_set(
        sop=version.sop,
        actor=head,
        mapping={"Loket": [people["loket"]], "Operator": [people["operator"]], "Kepala Seksi": [people["kasi"]]},
    )
    return Counter(version=version, **people)
