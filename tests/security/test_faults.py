"""Faults of the servers behind the portal, with the real servers started and stopped by the test.

Redis stopped: pages are served and drafts saved (the cache answers "not cached"); the e-mail of a
move made meanwhile is kept, and sent once Redis is back, exactly once.
"""

import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.urls import reverse

from sop.models import SOPVersion
from tests.sop.test_edit_views import step_data
from tests.workers import real_worker
from workflow.models import TransitionLog

pytestmark = [pytest.mark.redis, pytest.mark.postgresql]


class PrivateRedis:
    """A redis-server of this test's own on a free port: stopping it disturbs nobody else."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def portal_on(redis_server, settings):
    """The portal's cache and Celery broker on the private Redis."""
    from esop.celery import app

    settings.CACHES = {
        "default": {
            "BACKEND": "esop.cache.TolerantRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    settings.ESOP_INBOX_CACHE = True
    settings.REDIS_URL = redis_server.url
    old = app.conf.broker_url
    _broker(app, redis_server.url)
    yield redis_server
    _broker(app, old)


def _broker(app, url):
    """Point the Celery app's producers at ``url`` (they are made on first use, then kept)."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_without_redis_pages_and_saves_work_and_the_email_follows_once_it_is_back(
    flushable_db, portal_on, client, author, reviewer, make_version, tmp_path
):
    from esop.celery import app

    version = make_version("draft")
    client.force_login(author)
    portal_on.stop()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # a real broker, which is down
    try:
        assert caches["default"].get("anything") is None  # the cache says "not cached", not an error
        started = time.monotonic()
        assert client.get(version.sop.get_absolute_url()).status_code == 200
        editor = reverse("sop:edit_steps", args=[version.sop_id, version.pk])
        assert client.get(editor).status_code == 200
        step = version.steps.order_by("number").first()
        lock = SOPVersion.objects.get(pk=version.pk).lock_version
        saved = client.post(
            reverse("sop:step_save", args=[version.sop_id, version.pk, step.pk]),
            step_data(step, lock, text="Menerima berkas saat Redis mati", next=step.next_step_id or ""),
            HTTP_HX_REQUEST="true",
        )
        assert saved.status_code == 200, saved.content.decode()[:3000]
        step.refresh_from_db()
        assert step.text == "Menerima berkas saat Redis mati"
        moved = client.post(reverse("workflow:transition", args=[version.sop_id, version.pk, "submit"]))
        assert moved.status_code == 200 and moved.json()["status"] == "in_review"
        assert time.monotonic() - started < 15  # failing fast, not hanging on the broker
    finally:
        app.conf.task_always_eager = eager
    version.refresh_from_db()
    assert version.status == "in_review"
    log = TransitionLog.objects.get(version=version)
    assert log.notified_at is None  # kept: the hand-over to the worker failed

    portal_on.start()
    mail_dir = tmp_path / "mail"
    environment = {
        "REDIS_URL": portal_on.url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    from workflow.tasks import sweep_outbox

    with real_worker(**environment) as worker:
        for _ in range(2):  # the sweep of every minute, twice: the second finds nothing to do
            sweep_outbox.apply_async(kwargs={"older_than_seconds": 0}, queue=worker.queue)
            sent = _wait(lambda: TransitionLog.objects.get(pk=log.pk).notified_at is not None, seconds=90)
        time.sleep(2)
    assert sent, worker.output
    log.refresh_from_db()
    assert log.notified_at is not None
    messages = list(Path(mail_dir).glob("*.log")) if mail_dir.exists() else []
    assert len(messages) == 1, worker.output
    text = messages[0].read_text()
    assert reviewer.email in text  # the reviewer is told of the submitted draft


def _wait(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
