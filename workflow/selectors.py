"""Reads of the workflow: comments, logs and each user's work inbox, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from sop.models import SOP, SOPVersion, VersionStatus

from . import rules
from .models import ReviewComment, TransitionLog
from .transitions import Action


def version_comments(version: SOPVersion) -> list[ReviewComment]:
    """Top-level comments of a version with their answers, oldest first."""
    replies = ReviewComment.objects.select_related("author", "resolved_by").order_by("created_at")
    return list(
        version.review_comments.filter(parent=None)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )


def sop_log(sop: SOP) -> list[TransitionLog]:
    """Every move of every version of ``sop``, newest first."""
    return list(
        TransitionLog.objects.filter(version__sop=sop).select_related("version", "actor").order_by("-created_at", "-pk")
    )


def _last_move():
    latest = TransitionLog.objects.filter(version=OuterRef("pk")).order_by("-created_at", "-pk")
    return {"last_action": Subquery(latest.values("action")[:1]), "moved_at": Subquery(latest.values("created_at")[:1])}


# The statuses in which a version waits for someone (see _inbox_filters).
INBOX_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.AWAITING_ESTABLISHMENT)


def _inbox_filters(user) -> dict[str, Q]:
    """What waits for ``user``, as the rules of the workflow say who may act (workflow.rules)."""
    return {
        "returned": Q(status=VersionStatus.DRAFT, last_action=Action.RETURN) & rules.actionable(user, Action.SUBMIT),
        "to_review": rules.actionable(user, Action.PASS),
        "to_establish": rules.actionable(user, Action.ESTABLISH),
    }


@dataclass(frozen=True)
class InboxItem:
    version: SOPVersion
    kind: str  # returned / to_review / to_establish

    @property
    def age_days(self) -> int:
        moved = self.version.moved_at or self.version.updated_at
        return (timezone.now() - moved).days


def inbox(user) -> list[InboxItem]:
    """What waits for ``user``: drafts returned to them, versions to review, versions to establish."""
    if not user.is_authenticated:
        return []
    filters = _inbox_filters(user)
    versions = (
        SOPVersion.objects.filter(status__in=INBOX_STATUSES)
        .annotate(**_last_move())
        .filter(filters["returned"] | filters["to_review"] | filters["to_establish"])
        .select_related("sop__unit")
        .order_by("moved_at", "pk")
    )
    items = []
    for version in versions:
        kind = {
            VersionStatus.DRAFT: "returned",
            VersionStatus.IN_REVIEW: "to_review",
            VersionStatus.AWAITING_ESTABLISHMENT: "to_establish",
        }[version.status]
        items.append(InboxItem(version, kind))
    return items


@dataclass(frozen=True)
class InboxSource:
    """Work of another app that waits for a person (``cases``: steps of cases to carry out), added to
    "Tugas saya" without workflow importing that app: its count is one query, its items are listed
    by its own template (given ``items`` and ``title``). The app forgets the cached counts when its
    work moves (``inbox_counts_forget_on_commit``)."""

    key: str
    title: Any  # a lazy translation
    count: Callable[[Any], int]
    items: Callable[[Any], list]
    template: str


_sources: list[InboxSource] = []


def register_inbox_source(source: InboxSource) -> InboxSource:
    if all(s.key != source.key for s in _sources):
        _sources.append(source)
    return source


def inbox_sources(user) -> list[tuple[InboxSource, list]]:
    """Each registered source with what it holds for ``user``."""
    return [(source, source.items(user)) for source in _sources]


GENERATION_KEY = "inbox:generation"
# How long counts stay cached: a move moves the generation on at once; the limit only matters when
# Redis was down during a move (esop.cache), so counts cached before cannot outlive it for long.
COUNTS_SECONDS = 5 * 60


def inbox_counts_forget() -> None:
    """Every user's cached counts are out of date: a version moved or was deleted, or rights or the
    unit tree changed (see workflow.apps)."""
    if settings.ESOP_INBOX_CACHE:
        cache.add(GENERATION_KEY, 0, timeout=None)
        cache.incr(GENERATION_KEY)


def inbox_counts_forget_on_commit() -> None:
    """``inbox_counts_forget`` once the current transaction commits: a page drawn meanwhile would
    otherwise cache the old counts under the new generation."""
    if settings.ESOP_INBOX_CACHE:
        transaction.on_commit(inbox_counts_forget)


def inbox_counts(user) -> dict[str, int]:
    """The counts shown in the navigation bar on every page: one query, or none when the shared
    cache holds them for the current generation of the counts."""
    if not user.is_authenticated:
        return {}
    if not settings.ESOP_INBOX_CACHE:
        return _inbox_counts(user)
    key = f"inbox:{cache.get(GENERATION_KEY, 0)}:{user.pk}:{user.is_active:d}{user.is_superuser:d}"
    counts = cache.get(key)
    if counts is None:
        counts = _inbox_counts(user)
        cache.set(key, counts, timeout=COUNTS_SECONDS)
    return counts


def _inbox_counts(user) -> dict[str, int]:
    filters = _inbox_filters(user)
    # Only versions that can wait for someone: the last-move subquery then runs for a few, not all.
    counts = (
        SOPVersion.objects.filter(status__in=INBOX_STATUSES)
        .annotate(**_last_move())
        .aggregate(**{name: Count("pk", filter=q) for name, q in filters.items()})
    )
    counts.update({source.key: source.count(user) for source in _sources})
    counts["total"] = sum(counts.values())
    return counts
