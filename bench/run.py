"""`make bench`: the portal at the size of a province, measured in one run on this machine.

Fills a fresh PostgreSQL database (200 units; 100 SOPs, then 10,000), counts the queries of each
page at both sizes, times the indicator snapshot job, serves the portal with gunicorn on 127.0.0.1
and drives each page with wrk at 1 and 16 clients, times the flowchart and PDF renderers, the step
editor's save (bench/editor.py) and cases at 100,000 (bench/cases.py), and writes one table to
bench/results/latest.md. Nothing here is asserted: timings belong to this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esop.settings")
os.environ.setdefault("DEBUG", "1")  # this process fills and counts; the served portal runs with DEBUG off
# One key for both: the sessions this process makes for wrk must be valid in gunicorn's workers.
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import cases, editor, generate, render  # noqa: E402
from org.models import User  # noqa: E402
from sop.models import SOP, VersionStatus  # noqa: E402

PORT = 8100
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
# (name, path, user): the agency-wide reviewer reads every SOP; the administrator sees the agency's dashboard.
PAGES = [
    ("bare view (ok)", "/sehat/", None),
    ("SOP list", "/", "inspektur"),
    ("search (the sample SOP's topic)", "/?q={topic}", "inspektur"),
    ("SOP page with flowchart", "/sop/{sop}/", "inspektur"),
    ("dashboard", "/dasbor/", "admin"),
    ("public list", "/publik/", None),
]


def sample_sop() -> int:
    """An SOP in force with a mid-sized procedure (the same one at both sizes: the first generated)."""
    return SOP.objects.filter(versions__status=VersionStatus.IN_FORCE).order_by("pk").values_list("pk", flat=True)[0]


def page_path(path: str) -> str:
    """The path with the sample SOP and its topic (the words of its title but the first and the number),
    so that the search finds something at both sizes."""
    sop = SOP.objects.get(pk=sample_sop())
    return path.format(sop=sop.pk, topic="+".join(sop.title.split()[1:-1]))


def query_counts() -> dict[str, int]:
    counts = {}
    for name, path, username in PAGES:
        client = Client(SERVER_NAME="127.0.0.1")  # the pages must answer 200, not a redirect to the login
        if username:
            client.force_login(User.objects.get(username=username))
        url = page_path(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(queries)
    return counts


def snapshot_job() -> tuple[float, float, int]:
    from monitoring.services import snapshots_take

    times = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            snapshots_take()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), len(queries)


def session_cookie(username: str) -> str:
    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


# The served portal is set up as in production: Redis for the cache (the navigation's inbox counts)
# and as the broker of a Celery worker (the e-mails of the load test's moves). Its own database.
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")


@contextlib.contextmanager
def served(static_root: str):
    """gunicorn on 127.0.0.1:PORT and a Celery worker, until the block ends."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
        "REDIS_URL": BENCH_REDIS,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",  # the load test's moves send mail
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(["redis-cli", "-u", BENCH_REDIS, "flushdb"], check=True, capture_output=True)
    workers = str(2 * (os.cpu_count() or 1))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "esop.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            workers,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "esop", "worker", "--pool=solo", "--loglevel=WARNING"], cwd=ROOT, env=env
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/sehat/", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield server
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(20)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_answers(path: str, cookie: str | None) -> None:
    """wrk counts a redirect to the login page as a success: make sure the page itself answers."""
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
    if cookie:
        request.add_header("Cookie", f"sessionid={cookie}")
    try:
        status = urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{path} answers {status}, not 200: the benchmark would measure the wrong page")


def wrk(path: str, cookie: str | None, clients: int) -> dict:
    url = f"http://127.0.0.1:{PORT}{path}"
    header = ["-H", f"Cookie: sessionid={cookie}"] if cookie else []
    threads = str(min(clients, 2))
    # A slow page is measured, not dropped: wrk's default timeout (2 s) would count it as an error.
    base = [
        "wrk",
        "-t",
        threads,
        "-c",
        str(clients),
        "--timeout",
        "20s",
        "-s",
        str(ROOT / "bench" / "wrk.lua"),
        *header,
        url,
    ]
    subprocess.run([*base[:1], "-d", "2s", *base[1:]], capture_output=True, check=True)  # warm up
    out = subprocess.run([*base[:1], "-d", f"{DURATION}s", *base[1:]], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def load() -> list[tuple]:
    cookies = {u: session_cookie(u) for u in {u for _n, _p, u in PAGES if u}}
    with tempfile.TemporaryDirectory() as static_root, served(static_root):
        results = []
        for name, path, username in PAGES:
            check_answers(page_path(path), cookies.get(username))
            for clients in (1, 16):
                results.append((name, clients, wrk(page_path(path), cookies.get(username), clients)))
    return results


def versions() -> str:
    import celery
    import weasyprint

    pg = connection.cursor()
    pg.execute("SHOW server_version")
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {pg.fetchone()[0]}, WeasyPrint {weasyprint.__version__}, Celery {celery.__version__}, {wrk_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is (already filled)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("make bench measures on PostgreSQL: set DATABASE_URL")
    started = time.perf_counter()
    if args.reuse:
        small = {}
    else:
        generate.generate(units=200, sops=100, seed=1)
        small = query_counts()
        generate.generate(units=200, sops=9900, seed=1, more=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them in production
    large = query_counts()
    sops = SOP.objects.count()
    snap_median, snap_max, snap_queries = snapshot_job()
    pages = load()
    renderer = render.measure()
    editing = editor.measure()
    casework = cases.measure()

    bare = {c: r["rps"] for n, c, r in pages if n == PAGES[0][0]}
    lines = [
        "# Benchmark",
        "",
        f"Machine: {versions()}.",
        f"Data: 200 units, {sops} SOPs (generated by bench/generate.py, seed 1). gunicorn with "
        f"{2 * (os.cpu_count() or 1)} sync workers on 127.0.0.1 with Redis and a Celery worker, wrk for {DURATION} s per row after a 2 s warm-up.",
        "",
        "## Pages",
        "",
        "| page | clients | req/s | p50 ms | p95 ms | share of bare view | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {name} | {clients} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['rps'] / bare[clients]:.2f} | {r['errors']} |"
            for name, clients, r in pages
        ],
        "",
        "## Queries per page",
        "",
        "| page | 100 SOPs | 10,000 SOPs |",
        "|---|---:|---:|",
        *[f"| {name} | {small.get(name, '–')} | {large[name]} |" for name, _p, _u in PAGES],
        "",
        "## Jobs and renderers",
        "",
        "| what | median ms | p95 / max ms | queries |",
        "|---|---:|---:|---:|",
        f"| indicator snapshot job, 200 units, {sops} SOPs | {snap_median:.0f} | {snap_max:.0f} | {snap_queries} |",
        *[f"| {name} | {median:.1f} | {p95:.1f} | – |" for name, median, p95 in renderer],
        *[f"| {name} | {median:.1f} | {p95:.1f} | {queries} |" for name, median, p95, queries in editing],
        "",
        "## Cases",
        "",
        "In process (Django's test client), after the pages above; the 100,000 cases are written in bulk",
        "(bench/cases.py).",
        "",
        *cases.table(casework),
        "",
        f"Whole run: {time.perf_counter() - started:.0f} s.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / "latest.md"
    out.write_text(text)
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
