"""Cases at the size of a province (`make bench`): 100 and then 100,000 cases carried out along SOPs in
force, the case list, a case's page, the step action and the figures timed in this process through
Django's test client (the server's whole answer, without the network), with their queries at both
sizes. Nothing here is asserted.

The SOPs are put in force through the real workflow (so their content is frozen as in production);
the cases are written in bulk: finished ones with each step of the main path recorded, running ones
at a step of the path, a few deviations, times spread around the mutu baku.

Alone, on a database ``bench/generate.py`` filled: ``DATABASE_URL=... python -m bench.cases``.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import statistics
import time

if __name__ == "__main__":
    from bench import alone

    alone.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.procedures import procedure
from cases import services as case_services
from cases.figures import sop_case_figures, unit_case_figures
from cases.models import Case, CaseStatus, CaseStep
from esop.celery import app
from org import permissions
from org.models import AgencySettings, Unit, User
from sop import services as sop_services
from sop.content import content_of
from sop.service_time import compute
from sop.worktime import add_working_minutes
from workflow import services as workflow_services

SOPS = 20
SAMPLES = 30


def _sops() -> list:
    """SOPs in force of 12 steps and 4 actors in as many units, each actor mapped to the unit's head."""
    made = []
    for unit in Unit.objects.filter(is_active=True).order_by("pk"):
        drafter = permissions.users_with_perm(unit, permissions.DRAFT).order_by("pk").first()
        head = permissions.users_with_perm(unit, permissions.ESTABLISH).filter(memberships__unit=unit).first()
        if drafter is None or head is None:
            continue
        sop = sop_services.sop_create(
            unit=unit, title="Pelayanan uji kecepatan", number=f"BENCH-CASE/{time.time_ns()}", actor=drafter
        )
        version = sop.versions.get()
        content = procedure(12, actors=4, seed=len(made))
        steps = [
            dataclasses.replace(s, actor=s.actor - 1, duration_value=15, duration_unit="menit") for s in content.steps
        ]
        sop_services.version_replace_procedure(
            version=version, actor=drafter, actors=[a.name for a in content.actors], steps=steps
        )
        type(version).objects.filter(pk=version.pk).update(status="awaiting")
        version.refresh_from_db()
        workflow_services.version_establish(
            version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True
        )
        version.refresh_from_db()
        case_services.assignments_set(sop=sop, actor=head, mapping={a.name: [head] for a in content.actors})
        made.append((sop, version, head))
        if len(made) == SOPS:
            return made
    raise SystemExit("not enough units with a drafter and a head: fill the database first")


def _fill(sops, count: int, rng: random.Random) -> None:
    """``count`` more cases over ``sops``, in bulk, started over the last 120 days."""
    workday = AgencySettings.current().workday_minutes
    now = timezone.now()
    plans = []
    for sop, version, head in sops:
        content = content_of(version)
        time_ = compute(content)
        by_number = {s.number: s for s in content.steps}
        plans.append((sop, version, head, content, time_, by_number))
    cases, steps_of = [], []
    for i in range(count):
        sop, version, head, content, time_, by_number = plans[i % len(plans)]
        started = now - datetime.timedelta(minutes=rng.randint(60, 120 * 24 * 60))
        running = rng.random() < 0.15
        path = list(time_.path)
        upto = rng.randrange(1, len(path)) if running else len(path)
        at, rows, on_time, deviations = started, [], 0, 0
        for number in path[:upto]:
            standard = case_services.step_standard(by_number[number], workday)
            actual = max(1, round((standard or 10) * rng.lognormvariate(0, 0.5)))
            done = add_working_minutes(at, actual, workday)
            deviation = "Bench: langkah dilompati" if rng.random() < 0.01 else ""
            rows.append(
                CaseStep(
                    step_number=number,
                    actor_name=content.actor_name(by_number[number].actor),
                    done_by=head,
                    started_at=at,
                    done_at=done,
                    choice="yes" if by_number[number].kind == "decision" else "",
                    deviation_reason=deviation,
                    standard_minutes=standard,
                    actual_minutes=actual,
                )
            )
            on_time += standard is not None and actual <= standard
            deviations += bool(deviation)
            at = done
        current = by_number[path[upto]] if running else None
        case = Case(
            sop=sop,
            version=version,
            reference=f"BENCH-{i}",
            started_by=head,
            started_at=started,
            status=CaseStatus.RUNNING if running else CaseStatus.FINISHED,
            finished_at=None if running else at,
            current_step=current.number if current else None,
            current_actor=content.actor_name(current.actor) if current else "",
            current_since=at if running else None,
            current_standard=15 if running else None,
            current_due_at=add_working_minutes(at, 15, workday) if running else None,
            current_escalate_at=add_working_minutes(at, 30, workday) if running else None,
            standard_minutes=time_.minutes(workday),
            actual_minutes=None if running else sum(r.actual_minutes for r in rows),
            steps_done=len(rows),
            steps_timed=len(rows),
            steps_on_time=on_time,
            deviations=deviations,
        )
        cases.append(case)
        steps_of.append(rows)
    Case.objects.bulk_create(cases, batch_size=2000)
    for case, rows in zip(cases, steps_of, strict=True):
        for row in rows:
            row.case = case
    CaseStep.objects.bulk_create([row for rows in steps_of for row in rows], batch_size=5000)


def _timed(call, samples: int = SAMPLES) -> tuple[float, float, int]:
    times, queries = [], 0
    for _ in range(samples):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))], queries


def _pages(sops) -> dict[str, tuple[float, float, int]]:
    inspector = User.objects.get(username="inspektur")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(inspector)
    client.get("/")  # the session saved once, not in the samples
    sample = Case.objects.filter(sop=sops[0][0]).order_by("pk").first()
    results = {
        "case list (25 a page)": _timed(lambda: _ok(client.get(reverse("cases:list")))),
        "case list, late only": _timed(lambda: _ok(client.get(reverse("cases:list") + "?terlambat=1"))),
        "case page (flowchart, steps, record)": _timed(lambda: _ok(client.get(sample.get_absolute_url()))),
    }
    # The step action: a running case at an activity, moved on by its mapped person.
    sop, version, head = sops[0]
    doer = Client(SERVER_NAME="127.0.0.1")
    doer.force_login(head)
    doer.get("/")
    kinds = {s.number: s.kind for s in content_of(version).steps}
    running = [
        row
        for row in Case.objects.filter(sop=sop, status=CaseStatus.RUNNING)
        .exclude(current_step=None)
        .order_by("pk")
        .values_list("pk", "current_step", "steps_done")[: SAMPLES * 3]
        if kinds[row[1]] != "decision"
    ]
    queue = iter(running)

    def act():
        pk, step, done = next(queue)
        data = {"step_number": step, "seen_steps": done, "output": "Berkas", "note": ""}
        response = doer.post(reverse("cases:step", args=[pk]), data)
        if response.status_code != 302:
            raise SystemExit(f"step action answered {response.status_code}")

    if running:
        # As in production the e-mail to the next actor is handed to the worker (here an in-memory
        # broker nobody reads), not sent in the request as the embedded mode does.
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            results["step action (mark done, next actor told)"] = _timed(act, samples=min(SAMPLES, len(running)))
        finally:
            app.conf.task_always_eager = eager
    since = timezone.now() - datetime.timedelta(days=90)
    results["figures of every unit (90 days)"] = _timed(lambda: unit_case_figures(since=since), samples=10)
    workday = AgencySettings.current().workday_minutes
    results["figures of one SOP (its page)"] = _timed(lambda: sop_case_figures(sop, version, workday), samples=10)
    # What the pages pay: the dashboard's figures counted at most every few minutes, an SOP's again
    # only after one of its cases moved.
    results["figures of every unit, as the dashboard reads them"] = _timed(
        lambda: unit_case_figures(since=since, cached=True), samples=10
    )
    results["figures of one SOP, as its page reads them"] = _timed(
        lambda: sop_case_figures(sop, version, workday, cached=True), samples=10
    )
    return results


def _ok(response):
    if response.status_code != 200:
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")


def measure() -> list[tuple[str, float, float, int, int, int]]:
    """(what, median ms, p95 ms at 100,000 cases, queries at 100 and at 100,000 cases, cases)."""
    rng = random.Random(27)
    started = time.perf_counter()
    sops = _sops()
    _fill(sops, 100, rng)
    small = _pages(sops)
    _fill(sops, 100_000 - Case.objects.count(), rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    filled = time.perf_counter() - started
    large = _pages(sops)
    count = Case.objects.count()
    print(f"cases: {count} in {filled:.0f} s")
    return [
        (name, median, p95, small[name][2] if name in small else "–", queries, count)
        for name, (median, p95, queries) in large.items()
    ]


def table(rows) -> list[str]:
    count = rows[0][5] if rows else 0
    return [
        f"| what ({count:,} cases) | median ms | p95 ms | queries at 100 cases | queries at {count:,} |",
        "|---|---:|---:|---:|---:|",
        *[
            f"| {name} | {median:.1f} | {p95:.1f} | {q_small} | {q_large} |"
            for name, median, p95, q_small, q_large, _n in rows
        ],
    ]


if __name__ == "__main__":
    rows = measure()
    alone.write(
        "cases.md",
        [
            "# Cases (bench/cases.py alone)",
            "",
            f"{SOPS} SOPs in force of 12 steps, the database otherwise as bench/generate.py filled it; in",
            "process through Django's test client, DEBUG on (as the rest of this process).",
            "",
            *table(rows),
        ],
    )
