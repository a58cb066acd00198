"""Handing work to the Celery worker without depending on the broker being up.

Work that must happen (an e-mail of a move, of feedback, a review reminder, the reading of an
import) is first written to the database as not yet done (``notified_at`` / ``sent_at`` empty, the
import file waiting), then, after the commit, handed to the broker. When the broker (Redis) is down,
the hand-over is logged and given up: the page answers as usual, and the every-minute sweep
(``workflow.tasks.sweep_outbox`` for the e-mails, whose kinds the apps register here with
``sweeps``; ``digitise.tasks.sweep_imports`` for imports) does the work once Redis is back. Each task
locks its row and does nothing when it is already done, so work handed over twice happens once.

Tasks are named, never imported, by the services that queue them ("workflow.tasks.send_...", the
dotted path of the task function): tasks import services, and services never import tasks.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

logger = logging.getLogger("esop.outbox")

# What an unreachable broker raises: kombu wraps connection errors, redis-py may raise its own.
BROKER_DOWN: tuple[type[BaseException], ...] = (OperationalError, ConnectionError, TimeoutError)
try:
    import redis

    BROKER_DOWN += (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
except ImportError:  # pragma: no cover
    pass


def task(name: str):
    """The Celery task at the dotted path ``name`` (its module is imported on first use)."""
    return import_string(name)


def hand_over(name: str, **kwargs) -> bool:
    """Queue the task ``name`` now; False (and a warning) when the broker cannot be reached."""
    try:
        task(name).apply_async(kwargs=kwargs, retry=False)
    except BROKER_DOWN as error:
        logger.warning("broker unreachable, %s(%s) left for the sweep: %s", name, kwargs, error)
        return False
    return True


def enqueue(name: str, **kwargs) -> None:
    """Queue the task ``name`` with ``kwargs`` once the current transaction commits (see the module)."""
    transaction.on_commit(lambda: hand_over(name, **kwargs))


# The kinds of kept e-mail the every-minute sweep sends when their hand-over failed: for each, the
# task that sends one and a function giving the keyword arguments of those still unsent at a moment.
Pending = Callable[[datetime.datetime], Iterable[dict]]
sweeps: dict[str, Pending] = {}


def register_sweep(name: str, pending: Pending) -> None:
    """The apps' ready(): the task ``name`` sends what ``pending(before)`` lists, when the sweep runs."""
    sweeps[name] = pending


def sweep(before: datetime.datetime) -> int:
    """Run, in this process, the task of every kept e-mail older than ``before`` still unsent; the
    number sent. Each task locks its row and sends nothing twice."""
    done = 0
    for name, pending in sweeps.items():
        for kwargs in pending(before):
            done += bool(task(name)(**kwargs))
    return done
