"""Faults of the servers behind the portal, with the real servers started and stopped by the test.

Redis stopped: pages are served and drafts saved (the cache answers "not cached"); the e-mail of a
move made meanwhile is kept, and sent once Redis is back, exactly once.
"""

import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core import mail
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


def _lose_the_database(connection):
    """What a restart of PostgreSQL does to a session: the server ends it (from another session)."""
    import psycopg

    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"], autocommit=True
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)
def test_postgresql_lost_during_a_save_says_nothing_was_saved_and_nothing_is_half_written(
    flushable_db, client, author, make_version, monkeypatch
):
    from django.db import connection

    from sop.models import Step

    version = make_version("draft")
    client.force_login(author)
    step = version.steps.order_by("number").first()
    before = (step.text, SOPVersion.objects.get(pk=version.pk).lock_version, Step.history.count())
    original = Step.save

    def save_then_lose_the_server(self, *args, **kwargs):
        original(self, *args, **kwargs)  # written inside the save's transaction...
        _lose_the_database(connection)  # ...and the server goes away before the commit

    monkeypatch.setattr(Step, "save", save_then_lose_the_server)
    lock = SOPVersion.objects.get(pk=version.pk).lock_version
    response = client.post(
        reverse("sop:step_save", args=[version.sop_id, version.pk, step.pk]),
        step_data(step, lock, text="Disimpan saat server mati", next=step.next_step_id or ""),
    )
    monkeypatch.undo()
    assert response.status_code == 503
    body = response.content.decode()
    assert "Basis data sedang tidak dapat dihubungi" in body and "belum tersimpan" in body
    step.refresh_from_db()  # a new connection: the portal carries on
    assert (step.text, SOPVersion.objects.get(pk=version.pk).lock_version, Step.history.count()) == before
    assert client.get(version.sop.get_absolute_url()).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_task_the_task_runs_again_and_acts_once(
    flushable_db, author, reviewer, make_version, tmp_path
):
    import os
    import signal

    from workflow import services as workflow_services
    from workflow.tasks import send_transition_email

    version = make_version("draft")
    workflow_services.version_transition(version=version, action="submit", actor=author)
    log = TransitionLog.objects.get(version=version)
    TransitionLog.objects.filter(pk=log.pk).update(notified_at=None)  # its e-mail: for the workers below
    mail.outbox.clear()
    mail_dir, mark = tmp_path / "mail", tmp_path / "sending"
    environment = {
        "EMAIL_BACKEND": "tests.slow_mail.SlowBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "ESOP_TEST_MARK": str(mark),
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }
    with real_worker(**environment) as first:
        send_transition_email.apply_async(kwargs={"log_id": log.pk}, queue=first.queue)
        started = _wait(mark.exists, seconds=60)
        if started:
            os.kill(first.process.pid, signal.SIGKILL)  # in the middle of sending, before the commit
            first.process.wait(10)
    assert started, first.output
    assert TransitionLog.objects.get(pk=log.pk).notified_at is None
    assert not mail_dir.exists() or not list(mail_dir.iterdir())
    with real_worker(**{**environment, "ESOP_TEST_MAIL_DELAY": "0"}) as second:
        assert _wait(lambda: TransitionLog.objects.get(pk=log.pk).notified_at is not None, seconds=90), second.output
        time.sleep(2)
    assert len(list(mail_dir.iterdir())) == 1  # given again, sent once
    assert reviewer.email in next(mail_dir.iterdir()).read_text()
