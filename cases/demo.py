"""Cases for the demo: three months of KTP-el applications carried out along SOP-001/PDP/2025.

For the demo only (``make run`` runs ``seed_demo_cases`` after ``seed_demo``). The counter staff
(joko, maya, rudi) are mapped to the SOP's actor columns, and some sixty applications are carried
out through the services, each step at a made-up moment of the past: most steps near their mutu
baku time, the biometric matching (1 hari) often slower, now and then an incomplete file sent back
or a biometric recording redone (the loops), and a few approvals done out of order with a reason
(deviations). The last few are still running today: one is past its time, one carries a public
tracking code. The e-mails these moves would send count as sent.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from org.models import AgencySettings, User
from sop.content import content_of
from sop.enums import StepKind
from sop.models import SOP, VersionStatus
from sop.worktime import DAY_START, add_working_minutes

from . import services
from .models import Case, CaseNotice, Choice

SOP_NUMBER = "SOP-001/PDP/2025"
MAPPING = {
    "Pemohon": ["joko"],  # the counter records what the applicant does, on their behalf
    "Petugas Loket": ["joko"],
    "Operator Perekaman": ["maya"],
    "Kepala Bidang Pelayanan Pendaftaran Penduduk": ["rudi"],
}
FINISHED = 56
RUNNING = 6
TRACKED_REFERENCE = "KTP-2026-0412"
DEVIATION = "Kepala bidang dinas luar; persetujuan cetak menyusul melalui telepon."


def _work_start(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, DAY_START, tzinfo=timezone.get_current_timezone())
    return moment + datetime.timedelta(minutes=rng.randint(10, 300))


def _weekday_back(today: datetime.date, days: int) -> datetime.date:
    day = today - datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


@transaction.atomic
def seed(today: datetime.date | None = None) -> int:
    """Make the demo cases once; returns how many (0 when there are cases already or no such SOP)."""
    if Case.objects.exists():
        return 0
    sop = SOP.objects.filter(number=SOP_NUMBER, versions__status=VersionStatus.IN_FORCE).first()
    if sop is None:
        return 0
    today = today or timezone.localdate()
    people = {u.username: u for u in User.objects.filter(username__in={n for names in MAPPING.values() for n in names})}
    head = User.objects.get(username="yusuf")
    services.assignments_set(
        sop=sop, actor=head, mapping={actor: [people[n] for n in names] for actor, names in MAPPING.items()}
    )
    content = content_of(sop.versions.get(status=VersionStatus.IN_FORCE))
    steps = {s.number: s for s in content.steps}
    workday = AgencySettings.current().workday_minutes
    rng = random.Random(27)
    by_actor = {actor: people[names[0]] for actor, names in MAPPING.items()}
    made = 0
    total = FINISHED + RUNNING
    for index in range(total):
        running = index >= FINISHED
        if index == FINISHED:  # begun a week ago, stuck at the biometric matching: past twice its time
            start = _work_start(_weekday_back(today, 6), rng)
        elif running:  # the others came in on the last working day's afternoon, still on their way
            day = _weekday_back(today, 1)
            start = datetime.datetime.combine(day, datetime.time(13), tzinfo=timezone.get_current_timezone())
            start += datetime.timedelta(minutes=rng.randint(0, 90))
        else:
            start = _work_start(_weekday_back(today, 88 - index * 85 // FINISHED), rng)
        case = services.case_start(
            sop=sop,
            actor=people["joko"],
            reference=TRACKED_REFERENCE if index == total - 2 else f"KTP-2026-{index + 301:04d}",
            tracking=index == total - 2 or rng.random() < 0.3,
            now=start,
        )
        moment = start
        stop_at = [6, 6, 4, 6, 9, 6][index - FINISHED] if running else None
        while case.is_running and case.current_step != stop_at:
            step = steps[case.current_step]
            standard = services.step_standard(step, workday) or 10
            slow = 1.4 if step.kind == StepKind.DECISION and step.number == 6 else 1.0
            moment = add_working_minutes(moment, max(1, round(standard * slow * rng.uniform(0.3, 1.25))), workday)
            if moment > timezone.now():
                break
            choice, reason, number = "", "", step.number
            if step.kind == StepKind.DECISION:
                back = rng.random() < (0.12 if step.number == 3 else 0.15)
                choice = Choice.NO if back else Choice.YES
            if step.number == 7 and index % 11 == 5:  # the approval skipped, the card printed anyway
                number, reason = 8, DEVIATION
            actor = by_actor[content.actor_name(steps[number].actor)]
            case = services.case_step_done(
                case=case,
                actor=actor,
                step_number=number,
                choice=choice,
                reason=reason,
                output=step.output,
                now=moment,
            )
        made += 1
    services.lateness_check()
    CaseNotice.objects.filter(sent_at=None).update(sent_at=timezone.now())
    return made
