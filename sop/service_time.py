"""The service time of a procedure, added up from its steps' mutu baku times.

The *main path* runs from the start terminator to an end following each activity's next step and
each decision's Ya (its Tidak where Ya leads back to a step already passed): every step on it once.
The *worst case* adds, for every decision on the main path whose other branch loops back to an
earlier step, the steps of that loop once more (the check failed once, the work done again).

Times are added as clock minutes and working days apart (``durations.Amount``) and turned into
working minutes only when shown, with the agency's length of a working day. Steps whose time is
free text ("Sesuai kebutuhan") or empty cannot be added: they are named, and the total is partial.
Pure: works on a ``VersionContent`` and makes no queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from . import durations
from .content import VersionContent
from .durations import Amount
from .enums import StepKind


def _plain(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


@dataclass(frozen=True)
class ServiceTime:
    main: Amount
    worst: Amount
    path: tuple[int, ...]  # step numbers of the main path, in order
    loops: tuple[tuple[int, int], ...]  # (decision, the earlier step its other branch returns to)
    unmeasured: tuple[int, ...]  # steps on the path whose time cannot be added
    reaches_end: bool = True
    counted: tuple[int, ...] = ()  # steps on the path whose time was added

    @property
    def partial(self) -> bool:
        return bool(self.unmeasured) or not self.reaches_end

    def minutes(self, workday_minutes: int) -> int:
        return self.main.total_minutes(workday_minutes)

    def worst_minutes(self, workday_minutes: int) -> int:
        return self.worst.total_minutes(workday_minutes)

    def to_json(self) -> dict[str, Any]:
        return {
            "main": [_plain(self.main.minutes), _plain(self.main.days)],
            "worst": [_plain(self.worst.minutes), _plain(self.worst.days)],
            "path": list(self.path),
            "loops": [list(loop) for loop in self.loops],
            "unmeasured": list(self.unmeasured),
            "reaches_end": self.reaches_end,
            "counted": list(self.counted),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServiceTime:
        return cls(
            main=Amount(*map(Decimal, data["main"])),
            worst=Amount(*map(Decimal, data["worst"])),
            path=tuple(data["path"]),
            loops=tuple(tuple(loop) for loop in data["loops"]),
            unmeasured=tuple(data["unmeasured"]),
            reaches_end=data["reaches_end"],
            counted=tuple(data["counted"]),
        )


def compute(content: VersionContent) -> ServiceTime | None:
    """The service time of ``content``; None when it has no start step to walk from."""
    steps = {s.number: s for s in content.steps}
    start = next((s for s in content.steps if s.kind == StepKind.START), None)
    if start is None:
        return None
    path: list[int] = []
    loops: list[tuple[int, int]] = []
    step = start
    while step is not None and step.number not in path:
        path.append(step.number)
        if step.kind == StepKind.END:
            break
        if step.kind == StepKind.DECISION:
            branches = [t for t in (step.yes, step.no) if t in steps]
            loops += [(step.number, t) for t in branches if t in path]
            target = next((t for t in branches if t not in path), None)
        else:
            target = step.next if step.next not in path else None
        step = steps.get(target)
    reaches_end = steps[path[-1]].kind == StepKind.END

    amounts = {n: steps[n].waktu.amount for n in path}
    main = sum((a for a in amounts.values() if a is not None), Amount())
    worst = main
    for decision, back_to in loops:
        loop = path[path.index(back_to) : path.index(decision) + 1]
        worst = sum((amounts[n] for n in loop if amounts[n] is not None), worst)
    unmeasured = tuple(
        n for n in path if amounts[n] is None and steps[n].kind in (StepKind.ACTIVITY, StepKind.DECISION)
    )
    counted = tuple(n for n in path if amounts[n] is not None)
    return ServiceTime(main, worst, tuple(path), tuple(loops), unmeasured, reaches_end, counted)


def change(before_minutes: int | None, after_minutes: int | None) -> int | None:
    """The change from one time to another in whole percent (-38 is 38% shorter); None without both."""
    if not before_minutes or after_minutes is None:
        return None
    return round((after_minutes - before_minutes) * 100 / before_minutes)


def change_words(percent: int | None, since: str) -> str:
    """ "−38% dari revisi 2", "sama dengan revisi 2", "+10% dari …"."""
    if percent is None:
        return ""
    if percent == 0:
        return _("sama dengan %(since)s") % {"since": since}
    return _("%(sign)s%(n)s%% dari %(since)s") % {
        "sign": "+" if percent > 0 else "−",
        "n": abs(percent),
        "since": since,
    }


@dataclass(frozen=True)
class Summary:
    """What the pages and the PDF say of a service time, in words."""

    main: str
    worst: str  # empty when no loop makes it longer
    unmeasured: tuple[int, ...]
    reaches_end: bool
    minutes: int
    worst_minutes: int

    @property
    def partial(self) -> bool:
        return bool(self.unmeasured) or not self.reaches_end

    @property
    def note(self) -> str:
        """Why the total is partial, or ""."""
        parts = []
        if self.unmeasured:
            numbers = ", ".join(str(n) for n in self.unmeasured)
            parts.append(_("waktu langkah %(n)s berupa teks atau kosong, tidak ikut dijumlahkan") % {"n": numbers})
        if not self.reaches_end:
            parts.append(_("alur utama belum sampai ke langkah selesai"))
        return "; ".join(parts)

    @property
    def line(self) -> str:
        """One line for the foot of the flowchart."""
        text = _("Waktu layanan (alur utama): %(main)s") % {"main": self.main}
        if self.worst:
            text += "; " + _("paling lama %(worst)s bila setiap pengulangan terjadi sekali") % {"worst": self.worst}
        if self.partial:
            text += " (" + _("sebagian") + ": " + self.note + ")"
        return text + "."


def summary(service_time: ServiceTime | None, workday_minutes: int = durations.WORKDAY_MINUTES) -> Summary | None:
    """The service time in words; None when no step on its path has a time to add up."""
    if service_time is None or not service_time.counted:
        return None
    minutes = service_time.minutes(workday_minutes)
    worst = service_time.worst_minutes(workday_minutes)
    return Summary(
        main=durations.describe(minutes, workday_minutes),
        worst=durations.describe(worst, workday_minutes) if worst > minutes else "",
        unmeasured=service_time.unmeasured,
        reaches_end=service_time.reaches_end,
        minutes=minutes,
        worst_minutes=worst,
    )


@dataclass(frozen=True)
class Report:
    """A version's service time in words, with its change against the baseline and an earlier version."""

    summary: Summary
    against: tuple[str, ...] = ()


def report(
    measured: ServiceTime | None,
    workday_minutes: int = durations.WORKDAY_MINUTES,
    *,
    baseline: Amount | None = None,
    baseline_text: str = "",
    baseline_source: str = "",
    earlier: tuple[int, ServiceTime] | None = None,
) -> Report | None:
    """The service time of a version for its page: ``baseline`` is the time before the portal (as
    measured from ``baseline_text``), ``earlier`` the revision and time of the first version in force."""
    shown = summary(measured, workday_minutes)
    if shown is None:
        return None
    against = []
    if baseline is not None:
        if baseline_source:
            since = _("waktu sebelum digitalisasi/perbaikan (%(time)s; sumber: %(source)s)") % {
                "time": baseline_text,
                "source": baseline_source,
            }
        else:
            since = _("waktu sebelum digitalisasi/perbaikan (%(time)s)") % {"time": baseline_text}
        against.append(change_words(change(baseline.total_minutes(workday_minutes), shown.minutes), since))
    if earlier is not None:
        revision, time = earlier
        against.append(
            change_words(change(time.minutes(workday_minutes), shown.minutes), _("revisi %(n)s") % {"n": revision})
        )
    return Report(shown, tuple(a for a in against if a))
