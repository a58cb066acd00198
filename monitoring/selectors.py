"""Reads of the monitoring app, filtered to what the reader may see, in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from org import permissions
from org.models import Unit, User
from sop.models import SOP, SOPVersion, VersionStatus

from .models import IndicatorSnapshot, PeriodicReview


def sop_reviews(sop: SOP) -> list[PeriodicReview]:
    """The periodic reviews of ``sop``, newest first, with reviewer and revision."""
    return list(PeriodicReview.objects.filter(sop=sop).select_related("reviewed_by", "version", "revision"))


def dashboard_units(user: User) -> list[Unit]:
    """Units whose dashboard ``user`` may open: heads their units, admins theirs (superusers all)."""
    establish = permissions.units_with_perm(user, permissions.ESTABLISH)
    manage = permissions.units_with_perm(user, permissions.MANAGE)
    return list((establish | manage).distinct().order_by("path"))


def units_below(unit: Unit) -> list[Unit]:
    """``unit`` and every unit under it, in tree order."""
    return list(Unit.objects.filter(path__startswith=unit.path).order_by("path"))


def overdue_reviews(unit: Unit, today: datetime.date) -> QuerySet[SOP]:
    """SOPs in force in ``unit`` and its sub-units whose periodic review is overdue, oldest first."""
    in_force = SOPVersion.objects.filter(sop=OuterRef("pk"), status=VersionStatus.IN_FORCE)
    return (
        SOP.objects.filter(Exists(in_force), unit__path__startswith=unit.path, review_due_on__lt=today)
        .select_related("unit")
        .order_by("review_due_on", "number")
    )


def snapshots(unit: Unit, since: datetime.date) -> list[IndicatorSnapshot]:
    """The daily snapshots of ``unit`` from ``since`` on, oldest first."""
    return list(IndicatorSnapshot.objects.filter(unit=unit, day__gte=since).order_by("day"))
