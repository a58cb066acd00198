"""The suite runs against the servers it claims: PostgreSQL and Redis in CI, for real.

A run that sets ``ESOP_REQUIRE_REDIS=1`` (CI's PostgreSQL pass) fails when Redis is missing; other
runs (a developer machine, CI's pass of the embedded SQLite mode) skip it with the reason.
"""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection


def test_database_vendor_is_the_one_ci_asked_for(db):
    expected = os.environ.get("ESOP_EXPECT_DB")
    if expected is None:
        assert connection.vendor in ("sqlite", "postgresql")
    else:
        assert connection.vendor == expected


def test_redis_cache_round_trip():
    if not settings.REDIS_URL:
        if os.environ.get("ESOP_REQUIRE_REDIS"):
            pytest.fail("this run requires Redis: set REDIS_URL to a running Redis")
        pytest.skip(reason="no redis: REDIS_URL is not set (embedded mode)")
    key, value = f"esop-test-{uuid.uuid4()}", {"nomor": "SOP-001"}
    cache.set(key, value, timeout=30)
    assert cache.get(key) == value
    client = cache._cache.get_client(key)  # the real redis-py client behind Django's RedisCache
    assert client.ping() is True
    cache.delete(key)
