"""The step editor's save (`make bench`): one cell of a 40-step, 6-actor draft saved again and again as
a person types, timed in this process through Django's test client, so the number is the server's
whole answer (the save, the hints of every row and the check of the procedure; the editor itself is not
redrawn), without the network; and the flowchart preview that the editor fetches a moment after.
Median and p95 in milliseconds, and the queries of one save. Nothing here is asserted.

Alone, on a database ``bench/generate.py`` filled: ``DATABASE_URL=... python -m bench.editor``.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
import time

if __name__ == "__main__":
    from bench import alone

    alone.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.procedures import procedure
from org import permissions
from org.models import Unit
from sop import services


def _draft():
    """A fresh draft of 40 steps and 6 actors in a unit that has a drafter, and that drafter."""
    for unit in Unit.objects.filter(is_active=True).order_by("pk"):
        user = permissions.users_with_perm(unit, permissions.DRAFT).order_by("pk").first()
        if user is not None:
            break
    else:
        raise SystemExit("no unit with a drafter: fill the database first")
    sop = services.sop_create(
        unit=unit, title="Uji kecepatan penyunting", number=f"BENCH-EDIT/{time.time_ns()}", actor=user
    )
    version = sop.versions.get()
    content = procedure(40, actors=6, seed=40)
    services.version_replace_procedure(
        version=version,
        actor=user,
        actors=[a.name for a in content.actors],
        steps=[dataclasses.replace(s, actor=s.actor - 1) for s in content.steps],  # keys 1.. -> places 0..
    )
    return user, version


def measure(saves: int = 40) -> list[tuple[str, float, float, int]]:
    """(what, median ms, p95 ms, queries) of one cell saved in the step editor."""
    user, version = _draft()
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    base = reverse("sop:edit_steps", args=[version.sop_id, version.pk])
    step = version.steps.get(number=11)
    url = reverse("sop:step_save", args=[version.sop_id, version.pk, step.pk])
    lock = re.search(r'name="lock" value="(\d+)"', client.get(base).content.decode()).group(1)
    samples, queries = [], 0
    for i in range(saves):
        data = {
            "kind": step.kind,
            "text": step.text,
            "actor": step.actor_id,
            "requirements": f"Formulir {i}",  # one cell, as typed
            "waktu": "2 jam",
            "output": step.output,
            "notes": step.notes,
            "next": "",
            "yes": "",
            "no": "",
        }
        form = {"lock": lock, **{f"step-{step.pk}-{k}": v for k, v in data.items()}}
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(url, form, HTTP_HX_REQUEST="true")  # as the editor sends it
            samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"editor save answered {response.status_code}")
        lock = re.search(r'name="lock" value="(\d+)"', response.content.decode()).group(1)
        queries = len(captured.captured_queries)
    preview_url = reverse("sop:edit_preview", args=[version.sop_id, version.pk])
    previews, preview_queries = [], 0
    for _ in range(max(5, saves // 4)):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(preview_url, HTTP_HX_REQUEST="true")
            previews.append((time.perf_counter() - start) * 1000)
        preview_queries = len(captured.captured_queries)
    return [
        ("step editor: one cell saved, 40 steps, 6 actors", *_median_p95(samples), queries),
        ("step editor: its flowchart preview drawn again after a save", *_median_p95(previews), preview_queries),
    ]


def _median_p95(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


if __name__ == "__main__":
    rows = measure()
    alone.write(
        "editor.md",
        [
            "# Step editor (bench/editor.py alone)",
            "",
            "A fresh draft of 40 steps and 6 actors on a database bench/generate.py filled; in process",
            "through Django's test client, DEBUG on (as in make bench), 40 saves of one cell.",
            "",
            "| what | median ms | p95 ms | queries |",
            "|---|---:|---:|---:|",
            *[f"| {name} | {median:.1f} | {p95:.1f} | {queries} |" for name, median, p95, queries in rows],
        ],
    )
