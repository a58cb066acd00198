"""The development server on PostgreSQL keeps no connection per thread (finding 5 of the outside
probe: CONN_MAX_AGE=60 with runserver's thread per request left dozens of idle connections, then
"too many clients" and 500s everywhere)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

BASE = Path(__file__).resolve().parents[2]
APP = "esop-devserver-leak-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP])
        return cursor.fetchone()[0]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_runserver_under_debug_leaves_no_idle_connections_after_a_crawl():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = _free_port()
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url, "PGAPPNAME": APP}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/sehat/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)

        def fetch(n: int) -> int:
            with urllib.request.urlopen(f"{base}/publik/?q=kata{n}", timeout=30) as response:
                return response.status

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(fetch, range(60)))
        assert statuses == [200] * 60
        time.sleep(0.5)  # a finished request's thread closes its connection on the way out
        assert _connections() == 0
    finally:
        server.terminate()
        server.wait(timeout=10)
