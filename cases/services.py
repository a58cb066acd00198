"""Writes of cases: the actor mapping, starting a case, carrying out its steps, lateness.

Who may do what is answered here, once, for the pages and the services: a case is started by a
person of the SOP's unit; a step is carried out by the people mapped to its actor column (by any
person of the unit while nobody is mapped to it); the mapping is kept by the unit's head or admin.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esop import outbox
from esop.text import tracking_code
from org import permissions
from org.models import AgencySettings, User
from org.services import audit
from sop.content import StepData, VersionContent, content_of
from sop.enums import StepKind
from sop.models import SOP, VersionStatus
from sop.selectors import measured_service_time
from sop.worktime import add_working_minutes, working_minutes
from workflow.selectors import inbox_counts_forget_on_commit

from . import figures
from .models import ActorAssignment, Case, CaseNotice, CaseStatus, CaseStep, Choice, NoticeKind

# A second press of the same button (the same person, the same step, the same output) within this
# many seconds is the first press arriving twice, not the step done again in a loop.
REPEAT_SECONDS = 30


def _moved(sop_id: int) -> None:
    """A case of the SOP moved: the inboxes and the SOP's figures are counted again after the commit."""
    inbox_counts_forget_on_commit()
    transaction.on_commit(lambda: figures.forget_sop(sop_id))


def may_start(user, sop: SOP) -> bool:
    return permissions.can_view_unit_sops(user, sop.unit)


def may_map(user, sop: SOP) -> bool:
    return permissions.can_manage_unit(user, sop.unit)


def step_standard(step: StepData, workday_minutes: int) -> int | None:
    """The mutu baku time of ``step`` in working minutes; None when it has none that can be measured."""
    amount = step.waktu.amount
    return amount.total_minutes(workday_minutes) if amount is not None else None


def assigned_ids(sop: SOP, actor_name: str) -> set[int]:
    return set(
        ActorAssignment.objects.filter(sop=sop, actor_name=actor_name, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def may_do_step(user, case: Case, actor_name: str, assigned: set[int] | None = None) -> bool:
    """The people mapped to the step's actor; while nobody is, any person of the SOP's unit."""
    if not user.is_authenticated or not user.is_active:
        return False
    assigned = assigned_ids(case.sop, actor_name) if assigned is None else assigned
    if assigned:
        return user.pk in assigned
    return permissions.can_view_unit_sops(user, case.sop.unit)


@transaction.atomic
def assignments_set(*, sop: SOP, actor: User, mapping: dict[str, list[User]]) -> int:
    """Map each actor column of the SOP's version in force to the people who fill it (replacing the
    mapping of those columns); returns how many people are mapped. Raises PermissionDenied for
    someone who may not keep the unit's mapping and ValidationError for a person outside the unit."""
    if not may_map(actor, sop):
        raise PermissionDenied(_("Hanya kepala atau admin unit yang dapat memetakan pelaksana."))
    for name, people in mapping.items():
        outside = [p for p in people if not permissions.can_view_unit_sops(p, sop.unit)]
        if outside:
            raise ValidationError(
                _("%(people)s bukan pegawai unit %(unit)s; tidak dapat dipetakan ke «%(actor)s».")
                % {
                    "people": ", ".join(p.full_name or p.username for p in outside),
                    "unit": sop.unit.name,
                    "actor": name,
                }
            )
    ActorAssignment.objects.filter(sop=sop, actor_name__in=list(mapping)).delete()
    rows = [
        ActorAssignment(sop=sop, actor_name=name, user=person, assigned_by=actor)
        for name, people in mapping.items()
        for person in dict.fromkeys(people)
    ]
    ActorAssignment.objects.bulk_create(rows)
    audit(
        actor=actor,
        action="case.mapping",
        target=sop.number,
        details={name: [p.username for p in people] for name, people in mapping.items()},
    )
    _moved(sop.pk)
    return len(rows)


def _steps(content: VersionContent) -> dict[int, StepData]:
    return {s.number: s for s in content.steps}


def _set_current(case: Case, content: VersionContent, number: int | None, since: datetime.datetime, workday: int):
    """Make step ``number`` the case's current step from ``since`` (None: nothing is current)."""
    step = _steps(content).get(number) if number is not None else None
    case.current_step = step.number if step else None
    case.current_actor = content.actor_name(step.actor) if step else ""
    case.current_since = since if step else None
    standard = step_standard(step, workday) if step else None
    case.current_standard = standard
    case.current_due_at = add_working_minutes(since, standard, workday) if standard is not None else None
    case.current_escalate_at = add_working_minutes(since, 2 * standard, workday) if standard is not None else None
    case.current_alerted = 0


def _notice(case: Case, kind: str) -> None:
    notice = CaseNotice.objects.create(case=case, kind=kind, step_number=case.current_step)
    outbox.enqueue("cases.tasks.send_case_notice", notice_id=notice.pk)


@transaction.atomic
def case_start(
    *, sop: SOP, actor: User, reference: str, tracking: bool = False, now: datetime.datetime | None = None
) -> Case:
    """Start carrying out ``sop`` on its version in force; the first step's people are told. Raises
    PermissionDenied outside the unit and ValidationError without a version in force or a reference."""
    if not may_start(actor, sop):
        raise PermissionDenied(_("Anda bukan pegawai unit pemilik SOP ini."))
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Isi nomor rujukan, misalnya nomor berkas pemohon.")})
    version = sop.versions.filter(status=VersionStatus.IN_FORCE).first()
    if version is None:
        raise ValidationError(_("SOP ini belum berlaku; hanya SOP yang berlaku yang dapat dijalankan."))
    content = content_of(version)
    start = next((s for s in content.steps if s.kind == StepKind.START), None) or (
        content.steps[0] if content.steps else None
    )
    if start is None:
        raise ValidationError(_("SOP ini tidak memiliki langkah."))
    if tracking and not sop.is_public_service:
        raise ValidationError(_("Kode lacak hanya untuk SOP pelayanan publik."))
    now = now or timezone.now()
    workday = AgencySettings.current().workday_minutes
    time = measured_service_time(version, content)
    standard = time.minutes(workday) if time is not None and time.counted else None
    case = Case(
        sop=sop,
        version=version,
        reference=reference[:100],
        started_by=actor,
        started_at=now,
        tracking_code=tracking_code("LYN", lambda code: Case.objects.filter(tracking_code=code).exists())
        if tracking
        else None,
        standard_minutes=standard,
    )
    _set_current(case, content, start.number, now, workday)
    case.save()
    _notice(case, NoticeKind.TURN)
    _moved(case.sop_id)
    return case


def _following(step: StepData, choice: str) -> int | None:
    if step.kind == StepKind.END:
        return None
    if step.kind == StepKind.DECISION:
        return step.yes if choice == Choice.YES else step.no
    return step.next


@transaction.atomic
def case_step_done(
    *,
    case: Case,
    actor: User,
    step_number: int,
    output: str = "",
    note: str = "",
    choice: str = "",
    reason: str = "",
    seen_steps: int | None = None,
    now: datetime.datetime | None = None,
) -> Case:
    """Record step ``step_number`` of ``case`` as done by ``actor`` and move the case on (at a
    decision along the branch chosen); the next step's people are told, and the case finishes after
    its last step. A step other than the current one needs a reason and counts as a deviation.
    ``seen_steps`` is how many steps were done when the person opened the page: when others have
    done steps since, nothing is recorded (ValidationError), so nobody acts on a stale page.
    Raises PermissionDenied for someone who does not fill the step's actor column."""
    case = Case.objects.select_for_update(of=("self",)).select_related("sop__unit", "version").get(pk=case.pk)
    now = now or timezone.now()
    last = case.steps.order_by("-done_at", "-pk").first()
    if (
        last is not None
        and last.step_number == step_number
        and last.done_by_id == actor.pk
        and last.output == (output or "").strip()
        and (now - last.done_at).total_seconds() < REPEAT_SECONDS
    ):
        return case  # the same press arriving twice
    if case.status != CaseStatus.RUNNING:
        raise ValidationError(_("Pelaksanaan ini sudah %(status)s.") % {"status": case.get_status_display().lower()})
    if seen_steps is not None and seen_steps != case.steps_done:
        raise ValidationError(
            _(
                "Pelaksanaan ini sudah bergerak sejak halaman Anda dibuka (langkah sekarang: %(n)s). "
                "Isian Anda belum disimpan; periksa lagi lalu kirim ulang."
            )
            % {"n": case.current_step or "-"}
        )
    content = content_of(case.version)
    step = _steps(content).get(step_number)
    if step is None:
        raise ValidationError({"step_number": _("Langkah %(n)s tidak ada dalam SOP ini.") % {"n": step_number}})
    actor_name = content.actor_name(step.actor)
    if not may_do_step(actor, case, actor_name):
        raise PermissionDenied(
            _("Langkah %(n)s dikerjakan oleh %(actor)s; Anda tidak dipetakan sebagai pelaksana itu.")
            % {"n": step_number, "actor": actor_name or "-"}
        )
    reason = (reason or "").strip()
    errors = {}
    if step.number != case.current_step and not reason:
        errors["reason"] = _(
            "Langkah sekarang adalah langkah %(current)s. Mengerjakan langkah %(n)s di luar urutan "
            "hanya boleh dengan alasan; tuliskan alasannya."
        ) % {"current": case.current_step, "n": step.number}
    if step.kind == StepKind.DECISION and choice not in Choice.values:
        errors["choice"] = _("Pilih keputusan: Ya atau Tidak.")
    if errors:
        raise ValidationError(errors)
    workday = AgencySettings.current().workday_minutes
    started = case.current_since or case.started_at
    standard = step_standard(step, workday)
    actual = working_minutes(started, now, workday)
    CaseStep.objects.create(
        case=case,
        step_number=step.number,
        actor_name=actor_name,
        done_by=actor,
        started_at=started,
        done_at=now,
        choice=choice if step.kind == StepKind.DECISION else "",
        output=(output or "").strip()[:2000],
        note=(note or "").strip()[:2000],
        deviation_reason=reason[:2000] if step.number != case.current_step else "",
        standard_minutes=standard,
        actual_minutes=actual,
    )
    case.steps_done += 1
    if standard is not None:
        case.steps_timed += 1
        case.steps_on_time += actual <= standard
    case.deviations += step.number != case.current_step
    following = _following(step, choice)
    if following is None or following not in _steps(content):
        case.status, case.finished_at = CaseStatus.FINISHED, now
        case.actual_minutes = working_minutes(case.started_at, now, workday)
        _set_current(case, content, None, now, workday)
        case.save()
    else:
        _set_current(case, content, following, now, workday)
        case.save()
        _notice(case, NoticeKind.TURN)
    _moved(case.sop_id)
    return case


@transaction.atomic
def case_cancel(*, case: Case, actor: User, reason: str) -> Case:
    """Stop a running case (the application withdrawn, entered by mistake); kept, not deleted.
    Raises PermissionDenied for someone who neither started it nor manages the unit."""
    case = Case.objects.select_for_update(of=("self",)).select_related("sop__unit").get(pk=case.pk)
    if actor.pk != case.started_by_id and not permissions.can_manage_unit(actor, case.sop.unit):
        raise PermissionDenied(_("Hanya yang memulai atau kepala/admin unit yang dapat membatalkan."))
    if case.status != CaseStatus.RUNNING:
        raise ValidationError(_("Pelaksanaan ini sudah %(status)s.") % {"status": case.get_status_display().lower()})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan.")})
    case.status, case.finished_at = CaseStatus.CANCELLED, timezone.now()
    case.current_step, case.current_actor = None, ""
    case.current_due_at = case.current_escalate_at = None
    case.save()
    audit(actor=actor, action="case.cancel", target=f"{case.sop.number} {case.reference}", details={"reason": reason})
    _moved(case.sop_id)
    return case


def lateness_check(*, now: datetime.datetime | None = None) -> int:
    """Tell the step's people of every running case whose current step is past its mutu baku time,
    and the unit's head once it is past twice that time; each once per step. Returns notices made."""
    now = now or timezone.now()
    made = 0
    for level, kind, field in (
        (1, NoticeKind.LATE, "current_due_at"),
        (2, NoticeKind.ESCALATED, "current_escalate_at"),
    ):
        due = Case.objects.filter(status=CaseStatus.RUNNING, current_alerted__lt=level, **{f"{field}__lte": now})
        for pk in due.values_list("pk", flat=True).iterator():
            with transaction.atomic():
                case = (
                    Case.objects.select_for_update(of=("self",))
                    .filter(pk=pk, status=CaseStatus.RUNNING, current_alerted__lt=level, **{f"{field}__lte": now})
                    .first()
                )
                if case is None:  # moved on meanwhile
                    continue
                case.current_alerted = level
                case.save(update_fields=["current_alerted"])
                _notice(case, kind)
                made += 1
    return made
