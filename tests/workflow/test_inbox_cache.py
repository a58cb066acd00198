"""The navigation's "Tugas saya" counts are cached in the shared cache (Redis) and are never stale:
a move and a change of roles make every user's counts be counted again."""

import pytest
from django.urls import reverse

from org import permissions
from org.models import Role
from tests.factories import UserFactory, grant
from workflow import selectors, services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


def counts(client):
    return client.get(reverse("workflow:inbox")).context["inbox_counts"]


def test_counts_are_cached_and_follow_moves_and_roles(
    client, settings, monkeypatch, agency, reviewer, author, make_version
):
    assert settings.ESOP_INBOX_CACHE
    version = make_version("draft")
    client.force_login(reviewer)
    assert counts(client)["to_review"] == 0
    services.version_submit(version=version, actor=author)
    assert counts(client)["to_review"] == 1  # the move made it count again

    # A page drawn again takes the counts from the cache: they are not counted again.
    counted = []
    original = selectors._inbox_counts
    monkeypatch.setattr(selectors, "_inbox_counts", lambda user: counted.append(user) or original(user))
    assert counts(client)["to_review"] == 1
    assert counted == []

    services.version_return(version=version, actor=reviewer, comment="Perbaiki")
    assert counts(client)["to_review"] == 0
    client.force_login(author)
    assert counts(client)["returned"] == 1

    newcomer = UserFactory()
    make_version("in_review")
    client.force_login(newcomer)
    assert counts(client)["to_review"] == 0
    grant(newcomer, agency.unit, Role.REVIEWER)
    assert counts(client)["to_review"] == 1
    newcomer.memberships.all().delete()
    permissions.sync_unit_permissions(user=newcomer)
    assert counts(client)["to_review"] == 0
