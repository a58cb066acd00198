"""Reads of the monitoring app, filtered to what the reader may see, in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from org import permissions
from org.models import Unit, User
from sop.models import SOP, SOPVersion, VersionStatus, add_months, review_state_q

from .models import MONITORING_INTERVAL_MONTHS, Evaluation, IndicatorSnapshot, Monitoring, PeriodicReview


def sop_reviews(sop: SOP) -> list[PeriodicReview]:
    """The periodic reviews of ``sop``, newest first, with reviewer and revision."""
    return list(PeriodicReview.objects.filter(sop=sop).select_related("reviewed_by", "version", "revision"))


def dashboard_units(user: User) -> list[Unit]:
    """Units whose dashboard ``user`` may open: heads their units, admins theirs (superusers all)."""
    establish = permissions.units_with_perm(user, permissions.ESTABLISH)
    manage = permissions.units_with_perm(user, permissions.MANAGE)
    return list((establish | manage).distinct().order_by("path"))


def children_of(unit: Unit) -> list[Unit]:
    """The units directly under ``unit``, in tree order."""
    return list(Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path"))


def units_below(unit: Unit) -> list[Unit]:
    """``unit`` and every unit under it, in tree order."""
    return list(Unit.objects.filter(path__startswith=unit.path).order_by("path"))


def overdue_reviews(unit: Unit, today: datetime.date) -> QuerySet[SOP]:
    """SOPs in force in ``unit`` and its sub-units whose periodic review is overdue, oldest first."""
    in_force = SOPVersion.objects.filter(sop=OuterRef("pk"), status=VersionStatus.IN_FORCE)
    return (
        SOP.objects.filter(Exists(in_force), review_state_q("overdue", today), unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("review_due_on", "number")
    )


def snapshots(unit: Unit, since: datetime.date) -> list[IndicatorSnapshot]:
    """The daily snapshots of ``unit`` from ``since`` on, oldest first."""
    return list(IndicatorSnapshot.objects.filter(unit=unit, day__gte=since).order_by("day"))


def assessment_units(user: User) -> list[Unit]:
    """Units whose SOPs ``user`` may monitor and evaluate (reviewers and heads)."""
    review = permissions.units_with_perm(user, permissions.REVIEW)
    establish = permissions.units_with_perm(user, permissions.ESTABLISH)
    return list((review | establish).distinct().order_by("path"))


def monitoring_round(unit: Unit, today: datetime.date) -> list[SOP]:
    """Every SOP in force in ``unit`` and below, each with ``last_monitored`` (date or None),
    ``last_runs_well`` and ``monitoring_due`` (not monitored in the last six months); one query."""
    in_force = SOPVersion.objects.filter(sop=OuterRef("pk"), status=VersionStatus.IN_FORCE)
    last = Monitoring.objects.filter(sop=OuterRef("pk")).order_by("-date", "-pk")
    sops = list(
        SOP.objects.filter(Exists(in_force), unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(
            last_monitored=Subquery(last.values("date")[:1]), last_runs_well=Subquery(last.values("runs_well")[:1])
        )
        .order_by("unit__path", "number")
    )
    since = add_months(today, -MONITORING_INTERVAL_MONTHS)
    for sop in sops:
        sop.monitoring_due = sop.last_monitored is None or sop.last_monitored <= since
    return sops


def sop_monitorings(sop: SOP) -> list[Monitoring]:
    return list(Monitoring.objects.filter(sop=sop).select_related("assessor", "version")[:20])


def sop_evaluations(sop: SOP) -> list[Evaluation]:
    return list(Evaluation.objects.filter(sop=sop).select_related("evaluator", "version", "revision")[:20])
