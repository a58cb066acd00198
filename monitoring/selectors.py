"""Reads of the monitoring app, filtered to what the reader may see, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from org import permissions
from org.models import Membership, Unit, User
from sop.models import SOP, SharedUnit, SOPVersion, VersionStatus, add_months, review_state_q

from . import survey
from .models import (
    MONITORING_INTERVAL_MONTHS,
    Evaluation,
    Feedback,
    IndicatorSnapshot,
    Monitoring,
    PeriodicReview,
    ReadRequest,
    SurveyResponse,
)


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


# --- Sosialisasi ------------------------------------------------------------------------------


def _reading_requests():
    return ReadRequest.objects.filter(version__status=VersionStatus.IN_FORCE, user__is_active=True)


def reading_list(user: User) -> list[ReadRequest]:
    """What ``user`` is asked to read among the versions in force: unconfirmed first, then the rest."""
    return list(
        ReadRequest.objects.filter(user=user, version__status=VersionStatus.IN_FORCE)
        .select_related("sop__unit", "version__quiz")
        .order_by(F("confirmed_at").asc(nulls_first=True), "sop__number")
    )


def reading_count(user: User) -> int:
    """How many versions in force ``user`` has still to confirm (the navigation badge)."""
    return ReadRequest.objects.filter(user=user, version__status=VersionStatus.IN_FORCE, confirmed_at=None).count()


def own_read_request(user: User, version: SOPVersion) -> ReadRequest | None:
    return ReadRequest.objects.filter(user=user, version=version).first()


def version_readers(version: SOPVersion) -> list[ReadRequest]:
    """Everyone asked to read ``version``, with their units: not yet confirmed first, by name."""
    memberships = Membership.objects.select_related("unit").order_by("unit__path")
    return list(
        ReadRequest.objects.filter(version=version, user__is_active=True)
        .select_related("user")
        .prefetch_related(Prefetch("user__memberships", queryset=memberships))
        .order_by(F("confirmed_at").asc(nulls_first=True), "user__full_name", "user__username")
    )


def shared_units(sop: SOP) -> list[SharedUnit]:
    """The other units that apply ``sop`` (their staff are asked to read it too)."""
    return list(SharedUnit.objects.filter(sop=sop).select_related("unit", "added_by").order_by("unit__path"))


def reading_by_sop(unit: Unit) -> list[SOP]:
    """SOPs in force of ``unit`` and below with ``asked`` and ``confirmed`` counts; one query."""
    requests = _reading_requests().filter(sop=OuterRef("pk")).order_by().values("sop")
    counted = requests.annotate(n=Count("pk")).values("n")
    confirmed = requests.filter(confirmed_at__isnull=False).annotate(n=Count("pk")).values("n")
    in_force = SOPVersion.objects.filter(sop=OuterRef("pk"), status=VersionStatus.IN_FORCE)
    return list(
        SOP.objects.filter(Exists(in_force), unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(
            asked=Coalesce(Subquery(counted), 0),
            confirmed=Coalesce(Subquery(confirmed), 0),
        )
        .order_by("unit__path", "number")
    )


@dataclass
class Reader:
    user: User
    asked: int = 0
    confirmed: int = 0
    unread: list[SOP] = field(default_factory=list)


def reading_by_person(unit: Unit) -> list[Reader]:
    """Everyone asked to read an SOP in force of ``unit`` and below, with how many they confirmed and
    which they have not; two queries."""
    requests = (
        _reading_requests()
        .filter(sop__unit__path__startswith=unit.path)
        .select_related("user", "sop")
        .order_by("user__full_name", "user__username", "sop__number")
    )
    readers: dict[int, Reader] = {}
    for request in requests:
        reader = readers.setdefault(request.user_id, Reader(user=request.user))
        reader.asked += 1
        if request.confirmed_at:
            reader.confirmed += 1
        else:
            reader.unread.append(request.sop)
    return sorted(readers.values(), key=lambda r: (r.confirmed == r.asked, r.user.full_name or r.user.username))


def reading_follow_units(user: User) -> list[Unit]:
    """Units whose sosialisasi ``user`` follows: heads and unit admins (superusers all)."""
    return dashboard_units(user)


# --- Feedback ---------------------------------------------------------------------------------


def sop_feedback(sop: SOP, user: User, *, see_all: bool) -> list[Feedback]:
    """Feedback on ``sop``: all of it for the unit's people, otherwise only what ``user`` sent."""
    qs = Feedback.objects.filter(sop=sop).select_related("author", "answered_by", "version", "revision")
    return list(qs if see_all else qs.filter(author=user))


def feedback_inbox(user: User, *, answered: bool = False) -> QuerySet[Feedback]:
    """Feedback on the SOPs of the units where ``user`` drafts or heads: unanswered (or answered)."""
    scope = permissions.unit_scope_q(user, permissions.DRAFT, "sop__unit") | permissions.unit_scope_q(
        user, permissions.ESTABLISH, "sop__unit"
    )
    return (
        Feedback.objects.filter(scope, answered_at__isnull=not answered)
        .select_related("sop__unit", "author", "answered_by", "version", "revision")
        .order_by("created_at" if not answered else "-answered_at", "pk")
    )


# --- Survei Kepuasan Masyarakat ---------------------------------------------------------------------


def survey_responses(*, unit: Unit | None = None, sop: SOP | None = None, start=None, end=None):
    """The survey answers about one SOP, or about the SOPs of ``unit`` and its sub-units, submitted
    between ``start`` and ``end`` (dates, both included)."""
    qs = SurveyResponse.objects.all()
    if sop is not None:
        qs = qs.filter(sop=sop)
    elif unit is not None:
        qs = qs.filter(sop__unit__path__startswith=unit.path)
    if start is not None:
        qs = qs.filter(submitted_at__date__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__date__lte=end)
    return qs


def digitisation_plans() -> dict[str, tuple[datetime.date, datetime.date | None]]:
    """The units that set a start of digitisation: {path: (start, target)}; one query."""
    return {
        path: (start, target)
        for path, start, target in Unit.objects.filter(digitisation_start__isnull=False).values_list(
            "path", "digitisation_start", "digitisation_target"
        )
    }


def digitisation_dates(unit: Unit, plans=None) -> tuple[datetime.date | None, datetime.date | None]:
    """The start and target of digitising ``unit``'s SOPs: its own, else those of the nearest unit
    above that has a start; the target one year after the start unless set. One query unless
    ``plans`` (``digitisation_plans``) is given."""
    plans = digitisation_plans() if plans is None else plans
    for end in range(len(unit.path), 0, -Unit.steplen):
        if (plan := plans.get(unit.path[:end])) is not None:
            start, target = plan
            return start, target or add_months(start, 12)
    return None, None


def service_population(unit: Unit) -> int:
    """The people served a year by ``unit`` and its sub-units (those that entered it)."""
    total = Unit.objects.filter(path__startswith=unit.path).aggregate(n=Sum("service_population"))["n"]
    return total or 0


def survey_result(responses) -> survey.Result | None:
    """The SKM figures of ``responses`` (a queryset); one query."""
    sums = responses.order_by().aggregate(n=Count("pk"), **{code: Sum(code) for code in survey.CODES})
    return survey.compute(sums.pop("n"), {k: v or 0 for k, v in sums.items()})
