"""Handing work to the Celery worker without depending on the broker being up.

Work that must happen (an e-mail of a move, of feedback, a review reminder, the reading of an
import) is first written to the database as not yet done (``notified_at`` / ``sent_at`` empty, the
import file waiting), then, after the commit, handed to the broker. When the broker (Redis) is down,
the hand-over is logged and given up: the page answers as usual, and the every-minute sweep
(``esop.tasks.sweep_outbox``, and ``sop.tasks.sweep_imports`` for imports) does the work once Redis
is back. Each task locks its row and does nothing when it is already done, so work handed over twice
happens once.
"""

from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger("esop.outbox")

# What an unreachable broker raises: kombu wraps connection errors, redis-py may raise its own.
BROKER_DOWN: tuple[type[BaseException], ...] = (OperationalError, ConnectionError, TimeoutError)
try:
    import redis

    BROKER_DOWN += (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
except ImportError:  # pragma: no cover
    pass


def hand_over(task, **kwargs) -> bool:
    """Queue ``task`` now; False (and a warning) when the broker cannot be reached."""
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except BROKER_DOWN as error:
        logger.warning("broker unreachable, %s(%s) left for the sweep: %s", task.name, kwargs, error)
        return False
    return True


def enqueue(task, **kwargs) -> None:
    """Queue ``task`` with ``kwargs`` once the current transaction commits (see the module)."""
    transaction.on_commit(lambda: hand_over(task, **kwargs))
