"""Reads of cases, already filtered to what the person may see, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from org import permissions
from sop.content import VersionContent, content_of
from sop.models import SOP

from .models import ActorAssignment, Case, CaseStatus, CaseStep


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases of the SOPs of the units whose SOPs ``user`` may read (their own and those below)."""
    return Case.objects.filter(permissions.unit_scope_q(user, permissions.VIEW, unit_field="sop__unit"))


def case_list(user, *, status: str = "", sop: SOP | int | None = None, late: bool = False) -> QuerySet[Case]:
    """The cases ``user`` may see, newest first, with their SOP and unit (one query a page)."""
    cases = cases_visible_to(user).select_related("sop__unit", "started_by")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if sop is not None:
        cases = cases.filter(sop=sop)
    if late:
        cases = cases.filter(status=CaseStatus.RUNNING, current_due_at__lte=timezone.now())
    return cases.order_by("-started_at", "-pk")


def access_case(user, pk: int, *, for_page: bool = True) -> Case:
    """The case ``pk`` when ``user`` may see it; Http404 both when it does not exist and when not theirs.
    Without ``for_page`` only the case and its SOP (a service fetches the rest under its lock)."""
    related = ("sop__unit", "version", "started_by") if for_page else ("sop__unit",)
    case = cases_visible_to(user).select_related(*related).filter(pk=pk).order_by().first()
    if case is None:
        raise Http404
    return case


def _mine(user) -> Q:
    """Running cases whose current step is ``user``'s: mapped to its actor, or (while nobody is
    mapped) the person who started the case. One small query for the person's own mapping, so that
    the cases are found through the index of running cases by SOP and actor, not by a scan."""
    pairs = list(ActorAssignment.objects.filter(user=user).values_list("sop_id", "actor_name"))
    mine = Q(pk__in=[])
    for sop_id, actor_name in pairs:
        mine |= Q(sop_id=sop_id, current_actor=actor_name)
    anyone = ActorAssignment.objects.filter(
        sop=OuterRef("sop"), actor_name=OuterRef("current_actor"), user__is_active=True
    )
    return Q(status=CaseStatus.RUNNING) & (mine | (Q(started_by=user) & ~Q(Exists(anyone))))


def my_case_steps(user) -> list[Case]:
    """The cases waiting for ``user`` to carry out their current step, the longest waiting first."""
    if not user.is_authenticated:
        return []
    return list(Case.objects.filter(_mine(user)).select_related("sop__unit").order_by("current_since", "pk")[:200])


def my_case_steps_count(user) -> int:
    return Case.objects.filter(_mine(user)).count() if user.is_authenticated else 0


@dataclass(frozen=True)
class Page:
    """A page of a long list without counting the whole list: a province's cases run to hundreds of
    thousands, and the count would cost more than the page. Knows only whether there is a next page."""

    object_list: list
    number: int
    has_next: bool
    size: int = 25

    @classmethod
    def of(cls, rows: QuerySet, number: str | None, size: int = 25) -> Page:
        page = int(number) if (number or "").isdigit() and int(number) > 0 else 1
        found = list(rows[(page - 1) * size : page * size + 1])
        return cls(found[:size], page, len(found) > size, size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class StepRow:
    """A step of the case's SOP with what happened to it in this case."""

    number: int
    kind: str
    text: str
    actor: str
    standard: str
    done: list[CaseStep]
    current: bool


def case_page(case: Case) -> tuple[VersionContent, list[StepRow], list[CaseStep]]:
    """The content of the case's version, its steps with what happened, and the case's record."""
    content = content_of(case.version)
    record = list(case.steps.select_related("done_by").order_by("done_at", "pk"))
    by_step: dict[int, list[CaseStep]] = {}
    for entry in record:
        by_step.setdefault(entry.step_number, []).append(entry)
    rows = [
        StepRow(
            number=s.number,
            kind=s.kind,
            text=s.text,
            actor=content.actor_name(s.actor),
            standard=s.duration,
            done=by_step.get(s.number, []),
            current=case.is_running and s.number == case.current_step,
        )
        for s in content.steps
    ]
    return content, rows, record


def assignments(sop: SOP) -> dict[str, list]:
    """The people mapped to each actor column of ``sop``, by actor name (one query)."""
    mapped: dict[str, list] = {}
    for row in ActorAssignment.objects.filter(sop=sop).select_related("user").order_by("actor_name", "user__full_name"):
        mapped.setdefault(row.actor_name, []).append(row.user)
    return mapped


def case_by_code(code: str) -> Case | None:
    """The case of a public tracking code (any case, for a visitor; nothing personal is shown)."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Case.objects.select_related("sop__unit", "version").filter(tracking_code=code).first()
