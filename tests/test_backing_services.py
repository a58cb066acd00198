"""The suite runs against the servers it claims: PostgreSQL and Redis in CI, for real.

Tests marked ``redis`` run whenever REDIS_URL is set, and a run that sets ``ESOP_REQUIRE_REDIS=1``
(CI's PostgreSQL pass) fails at start when it is not; see tests/conftest.py.
"""

import os
import uuid

import pytest
from django.core.cache import cache
from django.db import connection


def test_database_vendor_is_the_one_ci_asked_for(db):
    expected = os.environ.get("ESOP_EXPECT_DB")
    if expected is None:
        assert connection.vendor in ("sqlite", "postgresql")
    else:
        assert connection.vendor == expected


@pytest.mark.redis
def test_redis_cache_round_trip():
    key, value = f"esop-test-{uuid.uuid4()}", {"nomor": "SOP-001"}
    cache.set(key, value, timeout=30)
    assert cache.get(key) == value
    client = cache._cache.get_client(key)  # the real redis-py client behind Django's RedisCache
    assert client.ping() is True
    cache.delete(key)
