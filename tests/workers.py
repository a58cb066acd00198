"""A real Celery worker process for the tests that need one (PostgreSQL and Redis runs only)."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


@contextmanager
def real_worker(**environment: str):
    """Start a worker on the test database and Redis, listening to a queue of its own; yields the
    queue's name and, after the block, leaves the worker's output in ``worker.output``."""
    from esop.celery import app

    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "worker-test",
        **environment,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    queue = f"esop-test-{os.getpid()}"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "esop", "worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    worker = Worker(queue)
    worker.process = process
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        worker.output = process.communicate(timeout=30)[0].decode()


class Worker:
    def __init__(self, queue: str):
        self.queue = queue
        self.output = ""
