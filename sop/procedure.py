"""The rules of a well-formed SOP AP procedure (Permen PANRB 35/2012).

``validate`` takes a ``VersionContent`` and returns every problem it finds, each an Indonesian
sentence that names the step concerned. It never raises and never queries.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .content import StepData, VersionContent

START, ACTIVITY, DECISION, END = "start", "activity", "decision", "end"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    step: int | None = None  # the step number the problem concerns, if any


def _targets(step: StepData) -> list[int]:
    if step.kind == DECISION:
        return [t for t in (step.yes, step.no) if t is not None]
    return [step.next] if step.next is not None else []


def _on_both_sides(content: VersionContent, step: StepData) -> bool:
    """Whether the step's further actors stand both left and right of its own actor's column."""
    lane = {a.key: i for i, a in enumerate(content.actors)}
    sides = {lane[k] < lane[step.actor] for k in step.co_actors if k in lane and k != step.actor}
    return len(sides) == 2


def _reachable(start: int, edges: dict[int, list[int]]) -> set[int]:
    seen, queue = {start}, deque([start])
    while queue:
        for target in edges.get(queue.popleft(), []):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def validate(content: VersionContent) -> list[Problem]:
    """Every breach of the SOP AP rules in ``content``, in step order."""
    steps = content.steps
    if not steps:
        return [Problem("no_steps", _("Prosedur belum memiliki langkah."))]
    problems: list[Problem] = []
    numbers = {s.number for s in steps}
    actor_keys = {a.key for a in content.actors}

    starts = [s for s in steps if s.kind == START]
    ends = [s for s in steps if s.kind == END]
    if not starts:
        problems.append(Problem("no_start", _("Prosedur belum memiliki langkah mulai (terminator awal).")))
    for extra in starts[1:]:
        problems.append(
            Problem(
                "many_starts",
                _("Langkah %(n)s adalah langkah mulai kedua; prosedur hanya boleh punya satu langkah mulai.")
                % {"n": extra.number},
                extra.number,
            )
        )
    if not ends:
        problems.append(Problem("no_end", _("Prosedur belum memiliki langkah selesai (terminator akhir).")))
    if starts and starts[0].number != steps[0].number:
        problems.append(Problem("start_not_first", _("Langkah mulai harus menjadi langkah pertama."), starts[0].number))
    # A branch may end before the last row (a terminator in mid-flow, as signed SOPs draw it); the
    # last row is always the end of the main flow.
    if ends and steps[-1].kind != END:
        problems.append(
            Problem(
                "last_not_end",
                _("Langkah terakhir (%(n)s) harus langkah selesai (terminator akhir).") % {"n": steps[-1].number},
                steps[-1].number,
            )
        )

    for s in steps:
        n = {"n": s.number}
        if not s.text.strip():
            problems.append(Problem("empty_text", _("Langkah %(n)s belum berisi uraian kegiatan.") % n, s.number))
        if s.actor is None:
            problems.append(Problem("no_actor", _("Langkah %(n)s belum memiliki pelaksana.") % n, s.number))
        elif s.actor not in actor_keys:
            problems.append(
                Problem("unknown_actor", _("Pelaksana langkah %(n)s tidak ada di kolom pelaksana.") % n, s.number)
            )
        if set(s.co_actors) - actor_keys:
            problems.append(
                Problem("unknown_actor", _("Pelaksana langkah %(n)s tidak ada di kolom pelaksana.") % n, s.number)
            )
        if s.co_actors and s.kind in (START, END):
            problems.append(
                Problem(
                    "joint_terminator",
                    _("Langkah %(n)s adalah terminator: hanya satu pelaksana yang memulai atau mengakhiri prosedur.")
                    % n,
                    s.number,
                )
            )
        if s.kind == DECISION and s.actor in actor_keys and _on_both_sides(content, s):
            problems.append(
                Problem(
                    "joint_decision_sides",
                    _(
                        "Keputusan pada langkah %(n)s dilaksanakan bersama pelaksana di kiri dan di kanan "
                        "pelaksananya: cabang Ya dan Tidak perlu sisi yang bebas. Jadikan pelaksana paling kiri "
                        "atau paling kanan sebagai pelaksana langkah ini."
                    )
                    % n,
                    s.number,
                )
            )
        if s.duration_value is not None and not s.duration_unit:
            problems.append(Problem("no_unit", _("Waktu langkah %(n)s belum memiliki satuan.") % n, s.number))
        if s.kind == DECISION:
            if s.yes is None:
                problems.append(
                    Problem("no_yes", _('Keputusan pada langkah %(n)s belum memiliki tujuan jika "Ya".') % n, s.number)
                )
            if s.no is None:
                problems.append(
                    Problem(
                        "no_no", _('Keputusan pada langkah %(n)s belum memiliki tujuan jika "Tidak".') % n, s.number
                    )
                )
            if s.yes is not None and s.yes == s.no:
                problems.append(
                    Problem(
                        "same_branches",
                        _('Keputusan pada langkah %(n)s menuju langkah yang sama untuk "Ya" dan "Tidak".') % n,
                        s.number,
                    )
                )
        elif s.kind == END:
            if s.next is not None:
                problems.append(
                    Problem(
                        "end_has_next",
                        _("Langkah selesai (%(n)s) tidak boleh memiliki langkah berikutnya.") % n,
                        s.number,
                    )
                )
        elif s.next is None:
            problems.append(Problem("no_next", _("Langkah %(n)s belum memiliki langkah berikutnya.") % n, s.number))
        for target in _targets(s):
            if target == s.number:
                problems.append(Problem("self_loop", _("Langkah %(n)s menuju dirinya sendiri.") % n, s.number))
            elif target not in numbers:
                problems.append(
                    Problem(
                        "unknown_target",
                        _("Langkah %(n)s menuju langkah %(t)s yang tidak ada.") % {"n": s.number, "t": target},
                        s.number,
                    )
                )

    edges = {s.number: [t for t in _targets(s) if t in numbers] for s in steps}
    if starts:
        reached = _reachable(starts[0].number, edges)
        for s in steps:
            if s.number not in reached:
                problems.append(
                    Problem(
                        "unreachable",
                        _("Langkah %(n)s tidak dapat dicapai dari langkah mulai.") % {"n": s.number},
                        s.number,
                    )
                )
    if ends:
        reverse: dict[int, list[int]] = {}
        for source, targets in edges.items():
            for target in targets:
                reverse.setdefault(target, []).append(source)
        leads_to_end = set().union(*(_reachable(end.number, reverse) for end in ends))
        for s in steps:
            if s.number not in leads_to_end:
                problems.append(
                    Problem(
                        "dead_end",
                        _("Dari langkah %(n)s alur tidak pernah sampai ke langkah selesai.") % {"n": s.number},
                        s.number,
                    )
                )

    used = {key for s in steps for key in (s.actor, *s.co_actors)}
    for actor in content.actors:
        if actor.key not in used:
            problems.append(
                Problem(
                    "unused_actor",
                    _('Pelaksana "%(name)s" tidak melaksanakan langkah apa pun.') % {"name": actor.name},
                )
            )
    return sorted(problems, key=lambda p: (p.step is None, p.step or 0))
