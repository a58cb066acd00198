"""What cases carried out say: real service time against the standard and the baseline, steps on
time, deviations, and each SOP's slowest step. Per SOP and per unit, in a fixed number of queries.

Times are working minutes (``sop.worktime``). The median and p90 of the finished cases are exact:
the database counts the cases of each unit (or SOP) at each time, and the counts, unlike medians,
add up the unit tree.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sop.durations import describe
from sop.models import SOP, SOPVersion
from sop.service_time import change

from .models import Case, CaseStatus, CaseStep

# Counted again at most every ESOP_CASE_FIGURES_SECONDS for the pages (the dashboard of every unit);
# an SOP's own figures are counted again after each move of one of its cases (``forget_sop``). The
# daily snapshot and the tests count afresh.
GENERATION_KEY = "case-figures:generation"


def forget() -> None:
    """Every cached figure is out of date (the tests, between one and the next)."""
    cache.add(GENERATION_KEY, 0, timeout=None)
    cache.incr(GENERATION_KEY)


def forget_sop(sop_id: int) -> None:
    """A case of the SOP moved: its own figures are counted again on its page's next view."""
    key = f"{GENERATION_KEY}:sop:{sop_id}"
    cache.add(key, 0, timeout=None)
    cache.incr(key)


def _cached(key: str, compute):
    seconds = settings.ESOP_CASE_FIGURES_SECONDS
    if not seconds:
        return compute()
    full = f"case-figures:{cache.get(GENERATION_KEY, 0)}:{key}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, timeout=seconds)
    return value


def percentile(counts: Counter, fraction: float) -> float | None:
    """The value below which ``fraction`` of the counted values lie (nearest rank; the median of an
    even count is the mean of the two middle values)."""
    n = sum(counts.values())
    if not n:
        return None
    ranks = [n / 2, n / 2 + 1] if fraction == 0.5 and n % 2 == 0 else [max(math.ceil(fraction * n), 1)]
    found, seen = [], 0
    for value in sorted(counts):
        seen += counts[value]
        while ranks and seen >= ranks[0]:
            found.append(value)
            ranks.pop(0)
    return sum(found) / len(found)


@dataclass
class CaseFigures:
    started: int = 0
    finished: int = 0
    running: int = 0
    late_now: int = 0  # running, their current step past its mutu baku time
    with_standard: int = 0  # finished cases whose SOP has a computed service time
    within_standard: int = 0  # ... and that took no longer than it
    steps_timed: int = 0
    steps_on_time: int = 0
    deviations: int = 0
    times: Counter = field(default_factory=Counter)  # working minutes of finished cases -> how many
    standards: Counter = field(default_factory=Counter)

    def add(self, other: CaseFigures) -> None:
        for name in (
            "started",
            "finished",
            "running",
            "late_now",
            "with_standard",
            "within_standard",
            "steps_timed",
            "steps_on_time",
            "deviations",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.times.update(other.times)
        self.standards.update(other.standards)

    @property
    def median_minutes(self) -> float | None:
        return percentile(self.times, 0.5)

    @property
    def p90_minutes(self) -> float | None:
        return percentile(self.times, 0.9)

    @property
    def standard_minutes(self) -> float | None:
        """The median standard (computed service time) of the finished cases."""
        return percentile(self.standards, 0.5)

    @property
    def on_time_share(self) -> float | None:
        return round(self.steps_on_time / self.steps_timed, 3) if self.steps_timed else None

    @property
    def within_share(self) -> float | None:
        return round(self.within_standard / self.with_standard, 3) if self.with_standard else None

    @property
    def deviations_per_100(self) -> float | None:
        return round(self.deviations * 100 / self.started, 1) if self.started else None

    @property
    def change_against_standard(self) -> int | None:
        """Median actual time against the median standard, in percent (+20: 20% longer)."""
        median, standard = self.median_minutes, self.standard_minutes
        return change(round(standard), round(median)) if median is not None and standard else None


def _grouped(cases, key: str) -> dict[int, CaseFigures]:
    """Figures of ``cases`` grouped by ``key`` (a field path to an id); two queries."""
    now = timezone.now()
    out: dict[int, CaseFigures] = {}
    running = Q(status=CaseStatus.RUNNING)
    finished = Q(status=CaseStatus.FINISHED)
    timed = finished & Q(standard_minutes__isnull=False, actual_minutes__isnull=False)
    for row in (
        cases.order_by()
        .values(key)
        .annotate(
            started=Count("pk"),
            finished=Count("pk", filter=finished),
            running=Count("pk", filter=running),
            late_now=Count("pk", filter=running & Q(current_due_at__lte=now)),
            with_standard=Count("pk", filter=timed),
            within_standard=Count("pk", filter=timed & Q(actual_minutes__lte=F("standard_minutes"))),
            steps_timed=Sum("steps_timed"),
            steps_on_time=Sum("steps_on_time"),
            deviations=Sum("deviations"),
        )
    ):
        group = row.pop(key)
        out[group] = CaseFigures(**{name: value or 0 for name, value in row.items()})
    for row in (
        cases.order_by()
        .filter(finished, actual_minutes__isnull=False)
        .values(key, "actual_minutes", "standard_minutes")
        .annotate(n=Count("pk"))
    ):
        figures = out[row[key]]
        figures.times[row["actual_minutes"]] += row["n"]
        if row["standard_minutes"] is not None:
            figures.standards[row["standard_minutes"]] += row["n"]
    return out


def unit_case_figures(*, since: datetime.datetime | None = None, cached: bool = False) -> dict[int, CaseFigures]:
    """Each unit's own figures (not yet added up the tree) of the cases started since ``since``;
    two queries, or none when ``cached`` and counted in the last ESOP_CASE_FIGURES_SECONDS."""

    def count() -> dict[int, CaseFigures]:
        cases = Case.objects.exclude(status=CaseStatus.CANCELLED)
        if since is not None:
            cases = cases.filter(started_at__gte=since)
        return _grouped(cases, "sop__unit_id")

    day = since.date().isoformat() if since is not None else "all"
    return _cached(f"units:{day}", count) if cached else count()


def sops_case_figures(sop_ids: list[int]) -> dict[int, CaseFigures]:
    """The figures of the cases of each of ``sop_ids`` (a monitoring round's SOPs); two queries."""
    return _grouped(Case.objects.filter(sop_id__in=sop_ids).exclude(status=CaseStatus.CANCELLED), "sop_id")


def citation(figures: CaseFigures, workday_minutes: int) -> str:
    """The figures in one sentence, as a monitoring entry cites them (a stored record: Indonesian)."""
    parts = [f"Data pelaksanaan di portal: {figures.started} kasus, {figures.finished} selesai"]
    if figures.median_minutes is not None:
        text = f"waktu layanan nyata median {describe(round(figures.median_minutes), workday_minutes)}"
        if figures.standard_minutes is not None:
            text += f" (baku {describe(round(figures.standard_minutes), workday_minutes)})"
        parts.append(text)
    if figures.on_time_share is not None:
        parts.append(f"{figures.on_time_share * 100:.0f}% langkah tepat waktu")
    per_100 = f"{figures.deviations_per_100 or 0:g}".replace(".", ",")  # Indonesian decimal comma
    parts.append(f"{per_100} penyimpangan per 100 kasus")
    return "; ".join(parts) + "."


@dataclass(frozen=True)
class SlowStep:
    number: int
    text: str
    average: int  # working minutes
    standard: int | None
    count: int

    def words(self, workday_minutes: int) -> str:
        """ "langkah 4 rata-rata 3 hari kerja, baku 1 hari kerja"."""
        text = _("langkah %(n)s rata-rata %(avg)s") % {"n": self.number, "avg": describe(self.average, workday_minutes)}
        if self.standard is not None:
            text += ", " + _("baku %(std)s") % {"std": describe(self.standard, workday_minutes)}
        return text


@dataclass(frozen=True)
class SOPCaseFigures:
    figures: CaseFigures
    baseline_minutes: int | None
    slow_steps: tuple[SlowStep, ...]  # the version's steps, slowest on average first

    @property
    def bottleneck(self) -> SlowStep | None:
        return self.slow_steps[0] if self.slow_steps else None

    @property
    def change_against_baseline(self) -> int | None:
        median = self.figures.median_minutes
        return change(self.baseline_minutes, round(median)) if median is not None else None


def sop_case_figures(
    sop: SOP, version: SOPVersion | None, workday_minutes: int, *, cached: bool = False
) -> SOPCaseFigures:
    """The figures of every case of ``sop``, and the slowest steps of the cases of ``version`` (its
    step numbers are that version's); three queries, none when ``cached`` and no case of the SOP
    moved since they were counted."""
    if cached:
        generation = cache.get(f"{GENERATION_KEY}:sop:{sop.pk}", 0)
        key = f"sop:{sop.pk}:{generation}:{version.pk if version else 0}:{workday_minutes}"
        return _cached(key, lambda: sop_case_figures(sop, version, workday_minutes))
    figures = _grouped(Case.objects.filter(sop=sop).exclude(status=CaseStatus.CANCELLED), "sop_id").get(
        sop.pk, CaseFigures()
    )
    slow: list[SlowStep] = []
    if version is not None:
        texts = {}
        if version.content_snapshot:
            texts = {s["number"]: s.get("text", "") for s in version.content_snapshot.get("steps", [])}
        for row in (
            CaseStep.objects.filter(case__version=version)
            .exclude(case__status=CaseStatus.CANCELLED)
            .values("step_number")
            .annotate(average=Avg("actual_minutes"), standard=Max("standard_minutes"), count=Count("pk"))
            .order_by("-average", "step_number")
        ):
            slow.append(
                SlowStep(
                    number=row["step_number"],
                    text=texts.get(row["step_number"], ""),
                    average=round(row["average"]),
                    standard=row["standard"],
                    count=row["count"],
                )
            )
    baseline = sop.baseline
    return SOPCaseFigures(
        figures=figures,
        baseline_minutes=baseline.total_minutes(workday_minutes) if baseline is not None else None,
        slow_steps=tuple(slow),
    )
