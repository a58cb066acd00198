"""Correctness under load (`make bench`): 16 clients for 60 s against gunicorn, mixing reads, step
edits (two editors on each draft, so they collide) and workflow moves (submit, return). Afterwards:
no 5xx answer, every save that answered 200 is in the database (and the last one is what the step
says now), and every version's log of moves is one unbroken chain ending in its status.

Runs on the database bench/run.py filled; prints a short report and exits 1 when a check fails.
"""

from __future__ import annotations

import collections
import http.client
import itertools
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esop.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402

django.setup()

from bench.run import PORT, served, session_cookie  # noqa: E402
from org import permissions  # noqa: E402
from sop.models import SOPVersion, Step, VersionStatus  # noqa: E402
from workflow.models import TransitionLog  # noqa: E402

SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
CSRF = "benchcsrfbenchcsrfbenchcsrfbench"  # 32 characters: Django accepts the secret itself as the token


class Session:
    """One client: a keep-alive connection, a signed-in user, and a tally of answers."""

    def __init__(self, username: str | None, tally: collections.Counter):
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        cookie = f"csrftoken={CSRF}" + (f"; sessionid={session_cookie(username)}" if username else "")
        self.headers = {"Cookie": cookie, "X-CSRFToken": CSRF, "Host": "127.0.0.1"}
        self.tally = tally

    def request(self, method: str, path: str, form: dict | None = None, accept: str = "text/html") -> tuple[int, str]:
        headers = {**self.headers, "Accept": accept}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.tally["connection error"] += 1
            return 0, ""
        self.tally[f"{method} {response.status}"] += 1
        return response.status, text


def editable_drafts(count: int) -> list[SOPVersion]:
    drafts = []
    for version in SOPVersion.objects.filter(status=VersionStatus.DRAFT).select_related("sop__unit").order_by("pk"):
        if version.steps.count() >= 5:
            drafts.append(version)
        if len(drafts) == count:
            return drafts
    raise SystemExit("not enough drafts: run bench/run.py first")


def drafter_of(version: SOPVersion) -> str:
    return permissions.users_with_perm(version.sop.unit, permissions.DRAFT).order_by("pk").first().username


def reviewer_of(version: SOPVersion) -> str:
    people = permissions.users_with_perm(version.sop.unit, permissions.REVIEW).exclude(
        pk__in=[version.created_by_id, version.updated_by_id]
    )
    return people.order_by("pk").first().username


def editor(version: SOPVersion, name: str, stop: float, saves: list, tally) -> None:
    session = Session(drafter_of(version), tally)
    base = f"/sop/{version.sop_id}/versi/{version.pk}/"
    steps = list(Step.objects.filter(version=version).order_by("number").values("pk", "kind", "actor_id"))
    rng, i = random.Random(name), 0
    while time.time() < stop:
        status, page = session.request("GET", base + "langkah/")
        match = re.search(r'name="lock" value="(\d+)"', page)
        if status != 200 or not match:
            continue
        step = rng.choice([s for s in steps if s["kind"] == "activity"])
        i += 1
        text = f"beban {name} {i}"
        data = {
            "kind": "activity",
            "text": text,
            "actor": step["actor_id"],
            "requirements": "",
            "waktu": "",
            "output": "",
            "notes": "",
            "next": "",
            "yes": "",
            "no": "",
        }
        form = {"lock": match.group(1), **{f"step-{step['pk']}-{k}": v for k, v in data.items()}}
        status, _ = session.request("POST", base + f"langkah/{step['pk']}/simpan/", form)
        if status == 200:
            saves.append((time.monotonic(), step["pk"], text))


def mover(version: SOPVersion, stop: float, tally) -> None:
    drafter, reviewer = Session(drafter_of(version), tally), Session(reviewer_of(version), tally)
    base = f"/sop/{version.sop_id}/versi/{version.pk}/tindakan/"
    while time.time() < stop:
        drafter.request("POST", base + "submit/", {}, accept="application/json")
        reviewer.request(
            "POST", base + "return/", {"comment": "Uji beban: mohon diperbaiki."}, accept="application/json"
        )


def reader(sop_id: int, username: str, stop: float, tally) -> None:
    session = Session(username, tally)
    pages = ["/", "/?q=cuti", f"/sop/{sop_id}/", "/publik/", "/tugas/"]
    rng = random.Random(username)
    while time.time() < stop:
        session.request("GET", rng.choice(pages))


def chain_breaks(version_ids: list[int]) -> list[str]:
    """Versions whose moves do not form one chain ending in their status."""
    broken = []
    for version in SOPVersion.objects.filter(pk__in=version_ids):
        logs = list(TransitionLog.objects.filter(version=version).order_by("created_at", "pk"))
        for before, after in itertools.pairwise(logs):
            if before.to_status != after.from_status:
                broken.append(f"version {version.pk}: {before.to_status} then a move from {after.from_status}")
        if logs and logs[-1].to_status != version.status:
            broken.append(f"version {version.pk}: log ends in {logs[-1].to_status}, version is {version.status}")
    return broken


def main() -> int:
    drafts = editable_drafts(6)
    edited, moved = drafts[:4], drafts[4:]
    sop_in_force = SOPVersion.objects.filter(status=VersionStatus.IN_FORCE).values_list("sop_id", flat=True).first()
    tally: collections.Counter = collections.Counter()
    saves: list = []
    with tempfile.TemporaryDirectory() as static_root, served(static_root):
        stop = time.time() + SECONDS
        threads = [
            threading.Thread(target=editor, args=(v, f"{v.pk}-{k}", stop, saves, tally)) for v in edited for k in (1, 2)
        ]
        threads += [threading.Thread(target=mover, args=(v, stop, tally)) for v in moved]
        threads += [
            threading.Thread(target=reader, args=(sop_in_force, who, stop, tally))
            for who in ("inspektur", "admin", "inspektur", "admin", "inspektur", "admin")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    problems = [
        f"{n} answers {key}" for key, n in tally.items() if key.split()[-1].startswith("5") or key == "connection error"
    ]
    texts = collections.defaultdict(set)
    for record in Step.history.filter(id__in={pk for _t, pk, _x in saves}).values("id", "text"):
        texts[record["id"]].add(record["text"])
    lost = [text for _t, pk, text in saves if text not in texts[pk]]
    problems += [f"save answered 200 but is not in the database: {text}" for text in lost[:10]]
    last = {}
    for _when, pk, text in sorted(saves):
        last[pk] = text
    current = dict(Step.objects.filter(pk__in=last).values_list("pk", "text"))
    problems += [
        f"step {pk} says {current[pk]!r}, the last save was {text!r}"
        for pk, text in last.items()
        if current[pk] != text
    ]
    problems += chain_breaks([v.pk for v in moved])
    moves = TransitionLog.objects.filter(version__in=moved).count()
    print(
        json.dumps(
            {"seconds": SECONDS, "clients": len(threads), "answers": dict(tally), "saves": len(saves), "moves": moves},
            indent=1,
        )
    )
    print("problems: " + ("; ".join(problems) if problems else "none"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
