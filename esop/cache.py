"""The Redis cache, tolerant of Redis being down.

Everything the portal caches can be computed again (the navigation's counts, drawn flowcharts,
rendered page images), so while Redis cannot be reached a read answers "not cached" and a write is
dropped, with a warning in the log, and the page is served from the database as if the cache were
empty. The inbox counts keep a short life in the cache (workflow.selectors) so that counts cached
before an outage do not outlive a move made during it by more than a few minutes.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("esop.cache")
DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


def _tolerant(name: str, fallback):
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except DOWN as error:
            logger.warning("cache unreachable (%s): %s", name, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = name
    return call


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", lambda key, default=None, version=None: default)
    get_many = _tolerant("get_many", {})
    has_key = _tolerant("has_key", False)
    set = _tolerant("set", None)
    set_many = _tolerant("set_many", [])
    add = _tolerant("add", False)
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    incr = _tolerant("incr", None)
    clear = _tolerant("clear", None)
