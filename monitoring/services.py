"""Periodic review, its reminders, and the daily indicator snapshots: the only writers of this app."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esop import outbox
from esop.text import refuse_nul, tracking_code
from org import permissions
from org.models import Membership, Unit, User
from sop import services as sop_services
from sop.enums import ChangeReason
from sop.models import REVIEW_DUE_DAYS, SOP, SharedUnit, SOPVersion, VersionStatus, add_months

from . import quiz, survey
from .indicators import unit_figures
from .models import (
    EVALUATION_CRITERIA,
    STAFF_FEEDBACK_KINDS,
    Evaluation,
    Feedback,
    FeedbackKind,
    IndicatorSnapshot,
    Monitoring,
    MonitoringMethod,
    PeriodicReview,
    Quiz,
    ReadRequest,
    ReminderKind,
    ReviewOutcome,
    ReviewReminder,
    SurveyResponse,
)

# Who may record a periodic review: the unit's drafters, reviewers and head.
REVIEWER_PERMS = {permissions.DRAFT, permissions.REVIEW, permissions.ESTABLISH}


def may_record_review(user: User, sop: SOP) -> bool:
    return bool(permissions.unit_perms(user, sop.unit) & REVIEWER_PERMS)


@transaction.atomic
def review_record(*, sop: SOP, actor: User, outcome: str, note: str = "") -> PeriodicReview:
    """Record a periodic review of the version in force; raises PermissionDenied or ValidationError.

    "Masih sesuai" starts a new cycle from today; "perlu revisi" opens a revision draft (or links
    the one already open) and leaves the due date where it is until the revision is in force.
    """
    if not may_record_review(actor, sop):
        raise PermissionDenied(_("Anda tidak berwenang mereviu SOP unit ini."))
    sop = SOP.objects.select_for_update().select_related("unit").get(pk=sop.pk)
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Pilih hasil reviu.")})
    note = refuse_nul(note, "note").strip()
    if outcome == ReviewOutcome.NEEDS_REVISION and not note:
        raise ValidationError({"note": _("Tuliskan bagian yang perlu direvisi.")})
    version = sop.versions.filter(status=VersionStatus.IN_FORCE).first()
    if version is None:
        raise ValidationError(_("Hanya SOP yang sedang berlaku yang dapat direviu."))
    today = timezone.localdate()
    review = PeriodicReview(
        sop=sop, version=version, outcome=outcome, note=note, reviewed_by=actor, due_on=sop.review_due_on
    )
    if outcome == ReviewOutcome.STILL_VALID:
        sop_services.sop_review_cycle_start(sop_id=sop.pk, start=today)
        review.next_due_on = add_months(today, sop.review_period_months)
    else:
        review.revision = _revision_for(sop, actor, summary=f"Reviu berkala: {note}")
    review.save()
    return review


def _revision_for(sop: SOP, actor: User, *, summary: str, reason: str = ChangeReason.EVALUATION) -> SOPVersion:
    """The revision draft already open, or a new one whose change-control record (``reason``,
    ``summary``, in Indonesian whatever the person's language: it is printed with the SOP) comes from
    what asked for it. A head who cannot draft opens it without an author, so
    that they may still establish it later."""
    draft = sop.versions.filter(status__in=sop_services.OPEN_STATUSES).first()
    if draft is None:
        author = actor if permissions.can_draft(actor, sop.unit) else None
        summary = " ".join(summary.split())
        draft = sop_services.revision_open(
            sop=sop, author=author, reason=reason, summary=summary if len(summary) <= 300 else summary[:299] + "…"
        )
    return draft


def reminder_slot(due_on: datetime.date, today: datetime.date) -> tuple[str, int] | None:
    """Which reminder a review due on ``due_on`` calls for on ``today`` (kind, week), or None.

    30 and 7 days before and on the day go to the drafters; from a week after the due date, a
    weekly one goes to the head. A day the job did not run is caught up by the next run.
    """
    days_left = (due_on - today).days
    if days_left > REVIEW_DUE_DAYS:
        return None
    if days_left > 7:
        return ReminderKind.BEFORE_30, 0
    if days_left > 0:
        return ReminderKind.BEFORE_7, 0
    if days_left > -7:
        return ReminderKind.DUE_DAY, 0
    return ReminderKind.OVERDUE, -days_left // 7


@transaction.atomic
def review_reminders_create(*, today: datetime.date | None = None) -> list[int]:
    """Create today's reminders (each at most once per cycle) and queue every unsent one; returns their ids."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_DUE_DAYS)
    in_force = SOPVersion.objects.filter(status=VersionStatus.IN_FORCE).values("sop_id")
    wanted = []
    for sop_id, due_on in SOP.objects.filter(pk__in=in_force, review_due_on__lte=horizon).values_list(
        "pk", "review_due_on"
    ):
        kind, week = reminder_slot(due_on, today)
        wanted.append(ReviewReminder(sop_id=sop_id, due_on=due_on, kind=kind, week=week))
    ReviewReminder.objects.bulk_create(wanted, ignore_conflicts=True)
    # Every reminder not yet sent goes out: today's, and any whose e-mail failed on an earlier day.
    pending = list(ReviewReminder.objects.filter(sent_at=None).order_by("pk").values_list("pk", flat=True))
    for pk in pending:
        outbox.enqueue("monitoring.tasks.send_review_reminder", reminder_id=pk)
    return pending


def snapshots_take(*, today: datetime.date | None = None) -> int:
    """Store today's figures of every unit once (a second run the same day adds and changes nothing)."""
    today = today or timezone.localdate()
    rows = [
        IndicatorSnapshot(
            unit_id=f.unit_id,
            day=today,
            sops=f.sops,
            by_status=f.by_status,
            in_force=f.in_force,
            planned=f.planned,
            reviews_due=f.reviews_due,
            reviews_overdue=f.reviews_overdue,
            established_90d=f.established_90d,
            median_days_to_establish=f.median_days_to_establish,
            returns_90d=f.returns_90d,
            reads_requested=f.reads_requested,
            reads_confirmed=f.reads_confirmed,
            reads_competent=f.reads_competent,
            service_compared=f.service_compared,
            service_halved=f.service_halved,
            service_change_median=f.service_change_median,
            survey_responses=f.survey_responses,
            ikm=f.ikm,
            complaints_90d=f.complaints_90d,
            complaints_overdue=f.complaints_overdue,
            cases_started_90d=f.cases_started_90d,
            cases_finished_90d=f.cases_finished_90d,
            case_median_minutes=f.case_median_minutes,
            case_p90_minutes=f.case_p90_minutes,
            case_standard_minutes=f.case_standard_minutes,
            cases_within_share=f.cases_within_share,
            case_steps_on_time_share=f.case_steps_on_time_share,
            case_deviations_per_100=f.case_deviations_per_100,
        )
        for f in unit_figures(today=today).values()
    ]
    IndicatorSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# Monitoring and evaluation (Permen PANRB 35/2012): by the unit's reviewers and its head.
ASSESSOR_PERMS = {permissions.REVIEW, permissions.ESTABLISH}


def may_assess(user: User, sop: SOP) -> bool:
    return bool(permissions.unit_perms(user, sop.unit) & ASSESSOR_PERMS)


@dataclass(frozen=True)
class MonitoringInput:
    """One filled row of a monitoring round."""

    sop_id: int
    method: str
    runs_well: bool
    assessment_note: str = ""
    action: str = ""


def _check_assessment_date(day: datetime.date, field: str = "date") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Tanggal tidak boleh setelah hari ini.")})


def _in_force_version(sop: SOP) -> SOPVersion:
    version = sop.versions.filter(status=VersionStatus.IN_FORCE).first()
    if version is None:
        raise ValidationError(_("SOP %(number)s tidak sedang berlaku.") % {"number": sop.number})
    return version


@transaction.atomic
def monitorings_record(*, actor: User, date: datetime.date, rows: list[MonitoringInput]) -> list[Monitoring]:
    """Record a monitoring round: every row or none; raises PermissionDenied or ValidationError."""
    _check_assessment_date(date)
    sops = SOP.objects.select_related("unit").in_bulk([row.sop_id for row in rows])
    saved = []
    for row in rows:
        sop = sops.get(row.sop_id)
        if sop is None or not may_assess(actor, sop):
            raise PermissionDenied(_("Anda tidak berwenang memantau SOP unit ini."))
        if row.method not in MonitoringMethod.values:
            raise ValidationError({"method": _("Pilih metode pemantauan.")})
        if not row.runs_well and not (row.assessment_note.strip() and row.action.strip()):
            raise ValidationError(
                _("%(number)s: tuliskan catatan penilaian dan tindakan bila tidak berjalan dengan baik.")
                % {"number": sop.number}
            )
        saved.append(
            Monitoring.objects.create(
                sop=sop,
                version=_in_force_version(sop),
                date=date,
                method=row.method,
                runs_well=row.runs_well,
                assessment_note=row.assessment_note.strip(),
                action=row.action.strip(),
                assessor=actor,
            )
        )
    return saved


@transaction.atomic
def evaluation_record(
    *, sop: SOP, actor: User, date: datetime.date, answers: list[bool], notes: list[str]
) -> Evaluation:
    """Record a Formulir Evaluasi of the version in force; raises PermissionDenied or ValidationError."""
    if not may_assess(actor, sop):
        raise PermissionDenied(_("Anda tidak berwenang mengevaluasi SOP unit ini."))
    _check_assessment_date(date)
    if len(answers) != len(EVALUATION_CRITERIA) or len(notes) != len(EVALUATION_CRITERIA):
        raise ValidationError(_("Jawab ketujuh kriteria evaluasi."))
    notes = [n.strip() for n in notes]
    missing = [str(i + 1) for i, (met, note) in enumerate(zip(answers, notes, strict=True)) if not met and not note]
    if missing:
        raise ValidationError(
            _("Tuliskan catatan untuk kriteria yang dijawab «Tidak» (nomor %(n)s).") % {"n": ", ".join(missing)}
        )
    version = _in_force_version(sop)
    if Evaluation.objects.filter(version=version, evaluator=actor, date=date).exists():
        raise ValidationError(_("Anda sudah mengevaluasi versi ini pada tanggal tersebut."))
    return Evaluation.objects.create(
        sop=sop,
        version=version,
        date=date,
        evaluator=actor,
        answers=[bool(a) for a in answers],
        notes=notes,
        all_met=all(answers),
    )


@transaction.atomic
def evaluation_open_revision(*, evaluation: Evaluation, actor: User) -> SOPVersion:
    """Open (or link the already open) revision draft for an evaluation with a «Tidak»; idempotent."""
    sop = evaluation.sop
    if not may_assess(actor, sop) and not permissions.can_draft(actor, sop.unit):
        raise PermissionDenied(_("Anda tidak berwenang membuka revisi SOP unit ini."))
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.all_met:
        raise ValidationError(_("Semua kriteria terpenuhi; evaluasi ini tidak meminta revisi."))
    if evaluation.revision_id is None:
        unmet = [n for met, n in zip(evaluation.answers, evaluation.notes, strict=True) if not met and n]
        evaluation.revision = _revision_for(sop, actor, summary=f"Evaluasi {evaluation.date}: {'; '.join(unmet)}")
        evaluation.save(update_fields=["revision"])
    return evaluation.revision


# --- Sosialisasi: every person of the unit is asked to read each version in force -----------------

# Who follows the sosialisasi of a unit's SOPs: its head and its admins.
SOSIALISASI_PERMS = {permissions.ESTABLISH, permissions.MANAGE}
# A person who has not confirmed is reminded at most this often (the weekly reminder).
READ_REMINDER_DAYS = 7


def may_follow_reading(user: User, sop: SOP) -> bool:
    return bool(permissions.unit_perms(user, sop.unit) & SOSIALISASI_PERMS)


def _audience_index() -> dict[str, set[int]]:
    """Active members by every unit above (and at) their unit: path -> user ids, in one query."""
    index: dict[str, set[int]] = defaultdict(set)
    step = Unit.steplen
    for user_id, path in Membership.objects.filter(user__is_active=True).values_list("user_id", "unit__path"):
        for end in range(step, len(path) + 1, step):
            index[path[:end]].add(user_id)
    return index


@transaction.atomic
def read_requests_sync(*, fresh_only: bool = False, sop_ids: list[int] | None = None) -> int:
    """Ask everyone who should read a version in force and has not been asked yet; returns how many.

    The audience of an SOP is every active member of its unit and sub-units, and of the units the
    head added. ``fresh_only`` looks only at versions nobody has been asked about yet (the frequent
    run after a version enters into force); the daily full run also asks newcomers to the units.
    Invitations go out once the transaction commits.
    """
    versions = SOPVersion.objects.filter(status=VersionStatus.IN_FORCE)
    if fresh_only:
        versions = versions.exclude(pk__in=ReadRequest.objects.values("version_id"))
    if sop_ids is not None:
        versions = versions.filter(sop_id__in=sop_ids)
    rows = list(versions.values_list("pk", "sop_id", "sop__unit__path"))
    if not rows:
        return 0
    extra: dict[int, list[str]] = defaultdict(list)
    for sop_id, path in SharedUnit.objects.filter(sop_id__in=[r[1] for r in rows]).values_list("sop_id", "unit__path"):
        extra[sop_id].append(path)
    index = _audience_index()
    asked = set(ReadRequest.objects.filter(version_id__in=[r[0] for r in rows]).values_list("version_id", "user_id"))
    new = [
        ReadRequest(version_id=version_id, sop_id=sop_id, user_id=user_id)
        for version_id, sop_id, path in rows
        for user_id in sorted(set().union(*(index.get(p, ()) for p in [path, *extra[sop_id]])))
        if (version_id, user_id) not in asked
    ]
    ReadRequest.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        outbox.enqueue("monitoring.tasks.send_read_invitations")
    return len(new)


def _version_in_force_for_reading(version: SOPVersion) -> None:
    if version.status != VersionStatus.IN_FORCE:
        raise ValidationError(_("Hanya versi yang sedang berlaku yang diminta untuk dibaca."))


@transaction.atomic
def read_confirm(*, version: SOPVersion, actor: User) -> ReadRequest:
    """The actor states they have read and understood this version in force; idempotent (the first
    time counts). Raises PermissionDenied for someone not asked to read it, ValidationError otherwise."""
    version = SOPVersion.objects.get(pk=version.pk)  # its status now, not when the page was loaded
    _version_in_force_for_reading(version)
    request = ReadRequest.objects.select_for_update().filter(version=version, user=actor).first()
    if request is None:
        # Asked, but the job has not yet written the row (the version entered into force minutes ago).
        read_requests_sync(sop_ids=[version.sop_id])
        request = ReadRequest.objects.select_for_update().filter(version=version, user=actor).first()
    if request is None:
        raise PermissionDenied(_("SOP ini tidak termasuk bacaan yang diminta dari Anda."))
    if request.confirmed_at is None:
        request.confirmed_at = timezone.now()
        request.save(update_fields=["confirmed_at"])
    return request


@transaction.atomic
def reading_unit_add(*, sop: SOP, unit: Unit, actor: User) -> SharedUnit:
    """The head asks the staff of another unit to read (and apply) this SOP; they are asked at once.
    Raises PermissionDenied or ValidationError (see ``sop_share``)."""
    shared = sop_services.sop_share(sop=sop, unit=unit, actor=actor)
    read_requests_sync(sop_ids=[sop.pk])
    return shared


def _unconfirmed(**filters):
    return ReadRequest.objects.filter(
        confirmed_at=None, user__is_active=True, version__status=VersionStatus.IN_FORCE, **filters
    )


@transaction.atomic
def read_remind(*, version: SOPVersion, actor: User) -> int:
    """The head's reminder button: everyone not yet confirmed is reminded now; returns how many.
    Raises PermissionDenied, or ValidationError when they were all reminded in the last day."""
    if not may_follow_reading(actor, version.sop):
        raise PermissionDenied(_("Anda tidak berwenang mengirim pengingat sosialisasi SOP ini."))
    _version_in_force_for_reading(version)
    pending = _unconfirmed(version=version)
    if not pending.exists():
        raise ValidationError(_("Semua yang diminta sudah menyatakan membaca SOP ini."))
    recent = timezone.now() - datetime.timedelta(days=1)
    n = _queue_read_reminders(pending.exclude(reminded_at__gte=recent).exclude(remind_queued_at__gte=recent))
    if not n:
        raise ValidationError(_("Pengingat sudah dikirim dalam 24 jam terakhir; coba lagi besok."))
    return n


@transaction.atomic
def read_reminders_weekly(*, now: datetime.datetime | None = None) -> int:
    """Daily: remind everyone still unconfirmed whose invitation or last reminder is a week old."""
    week_ago = (now or timezone.now()) - datetime.timedelta(days=READ_REMINDER_DAYS)
    return _queue_read_reminders(
        _unconfirmed(invited_at__lte=week_ago).exclude(reminded_at__gt=week_ago).exclude(remind_queued_at__gt=week_ago)
    )


def _queue_read_reminders(requests) -> int:
    """Mark ``requests`` as to be reminded and send once the transaction commits; returns how many."""
    n = ReadRequest.objects.filter(pk__in=requests.values("pk")).update(remind_queued_at=timezone.now())
    if n:
        outbox.enqueue("monitoring.tasks.send_read_reminders")
    return n


# --- Feedback from the floor --------------------------------------------------------------------

# Who reads and answers the feedback on a unit's SOPs: its drafters and its head.
FEEDBACK_PERMS = {permissions.DRAFT, permissions.ESTABLISH}


def may_handle_feedback(user: User, sop: SOP) -> bool:
    return bool(permissions.unit_perms(user, sop.unit) & FEEDBACK_PERMS)


def _text(value: str, field: str, message: str) -> str:
    value = refuse_nul(value, field).strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > 4000:
        raise ValidationError({field: _("Paling banyak 4.000 karakter.")})
    return value


@transaction.atomic
def feedback_send(*, sop: SOP, actor: User, kind: str, text: str) -> Feedback:
    """Feedback on the version in force from anyone who may read it (the caller checked that);
    raises ValidationError. The unit's drafters and head hear of it once the transaction commits."""
    if kind not in STAFF_FEEDBACK_KINDS:
        raise ValidationError({"kind": _("Pilih jenis masukan.")})
    text = _text(text, "text", _("Tuliskan masukan Anda."))
    feedback = Feedback.objects.create(sop=sop, version=_in_force_version(sop), author=actor, kind=kind, text=text)
    outbox.enqueue("monitoring.tasks.send_feedback_email", feedback_id=feedback.pk)
    return feedback


@transaction.atomic
def feedback_answer(*, feedback: Feedback, actor: User, answer: str) -> Feedback:
    """Answer feedback (the unit's drafters and head); a later answer replaces the earlier one and
    the author is told again. Raises PermissionDenied or ValidationError."""
    if not may_handle_feedback(actor, feedback.sop):
        raise PermissionDenied(_("Anda tidak berwenang menjawab masukan SOP unit ini."))
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    feedback.answer = _text(answer, "answer", _("Tuliskan jawaban."))
    feedback.answered_by, feedback.answered_at, feedback.answer_notified_at = actor, timezone.now(), None
    feedback.save(update_fields=["answer", "answered_by", "answered_at", "answer_notified_at"])
    outbox.enqueue("monitoring.tasks.send_feedback_email", feedback_id=feedback.pk)
    return feedback


@transaction.atomic
def feedback_link_revision(*, feedback: Feedback, actor: User) -> SOPVersion:
    """Take the feedback up in the open revision draft (opening one if none); idempotent."""
    if not may_handle_feedback(actor, feedback.sop):
        raise PermissionDenied(_("Anda tidak berwenang menautkan masukan SOP unit ini."))
    feedback = Feedback.objects.select_for_update().select_related("sop__unit").get(pk=feedback.pk)
    if feedback.revision_id is None:
        complaint = feedback.kind == FeedbackKind.COMPLAINT
        summary = f"Pengaduan {feedback.tracking_code}: {feedback.text}" if complaint else f"Masukan: {feedback.text}"
        feedback.revision = _revision_for(
            feedback.sop,
            actor,
            summary=summary,
            reason=ChangeReason.COMPLAINT if complaint else ChangeReason.FEEDBACK,
        )
        feedback.save(update_fields=["revision"])
    return feedback.revision


# --- Survei Kepuasan Masyarakat (Permen PANRB 14/2017) ---------------------------------------------


def _public_version_in_force(sop: SOP, refusal: str) -> SOPVersion:
    """The version in force of a public-service SOP, which the public may answer about; else
    ValidationError with ``refusal``."""
    version = sop.versions.filter(status=VersionStatus.IN_FORCE).first()
    if not sop.is_public_service or version is None:
        raise ValidationError(refusal)
    return version


@transaction.atomic
def survey_submit(
    *, sop: SOP, answers: dict[str, int], profile: dict | None = None, suggestion: str = ""
) -> SurveyResponse:
    """Keep one visitor's answers about a public-service SOP in force (no account, nothing of the
    person beyond what the form asks). Raises ValidationError for an SOP that takes no survey or an
    answer outside 1-4."""
    version = _public_version_in_force(sop, _("SOP ini tidak menerima survei kepuasan masyarakat."))
    if set(answers) != set(survey.CODES) or not all(answers[c] in (1, 2, 3, 4) for c in survey.CODES):
        raise ValidationError(_("Setiap unsur dijawab dengan salah satu dari empat pilihan."))
    profile = profile or {}
    response = SurveyResponse(
        sop=sop,
        version=version,
        **{code: answers[code] for code in survey.CODES},
        age=profile.get("age"),
        sex=profile.get("sex") or "",
        education=profile.get("education") or "",
        occupation=profile.get("occupation") or "",
        suggestion=refuse_nul(suggestion.strip(), "suggestion")[:2000],
    )
    response.full_clean()
    response.save()
    return response


# --- Pengaduan masyarakat -------------------------------------------------------------------------


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """``days`` working days (Monday to Friday) after ``day``."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@transaction.atomic
def complaint_submit(*, sop: SOP, text: str) -> Feedback:
    """A visitor's complaint about how a public-service SOP in force was carried out: to be answered
    by the unit within its service level; the complainant follows it with the tracking code returned.
    Raises ValidationError for an SOP that takes no complaints or an empty text."""
    version = _public_version_in_force(sop, _("SOP ini tidak menerima pengaduan masyarakat."))
    text = _text(text, "text", _("Tuliskan pengaduan Anda."))
    complaint = Feedback.objects.create(
        sop=sop,
        version=version,
        author=None,
        kind=FeedbackKind.COMPLAINT,
        text=text,
        tracking_code=tracking_code("ADU", lambda code: Feedback.objects.filter(tracking_code=code).exists()),
        due_on=add_working_days(timezone.localdate(), sop.unit.complaint_answer_days),
    )
    outbox.enqueue("monitoring.tasks.send_feedback_email", feedback_id=complaint.pk)
    return complaint


# --- Kuis kompetensi ------------------------------------------------------------------------------


def may_write_quiz(user: User, version: SOPVersion) -> bool:
    """The drafters of the version's unit, while it is a draft."""
    return version.status == VersionStatus.DRAFT and permissions.can_draft(user, version.sop.unit)


@transaction.atomic
def quiz_save(*, version: SOPVersion, actor: User, text: str, pass_mark: int, material_url: str = "") -> Quiz:
    """Write (or replace) the competence quiz of a draft version from its text (``monitoring.quiz``);
    the drafters of its unit only, while it is a draft. Raises PermissionDenied or ValidationError
    (the message names the question at fault); nothing changes then."""
    if not permissions.can_draft(actor, version.sop.unit):
        raise PermissionDenied(_("Hanya penyusun unit ini yang dapat menyusun kuis SOP."))
    version = SOPVersion.objects.select_for_update().get(pk=version.pk)  # its status now
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Kuis disusun selama versi masih draf; setelah ditetapkan kuis tidak berubah."))
    try:
        questions = quiz.parse(refuse_nul(text, "text"))
    except quiz.QuizError as error:
        raise ValidationError({"text": str(error)}) from None
    if not 50 <= pass_mark <= 100:
        raise ValidationError({"pass_mark": _("Nilai lulus antara 50 dan 100.")})
    saved, _created = Quiz.objects.update_or_create(
        version=version,
        defaults={
            "questions": [q.to_json() for q in questions],
            "pass_mark": pass_mark,
            "material_url": material_url.strip(),
            "updated_by": actor,
        },
    )
    return saved


@transaction.atomic
def quiz_take(*, version: SOPVersion, actor: User, chosen: dict[int, int]) -> tuple[ReadRequest, int, list[int]]:
    """Grade the actor's answers to the quiz of a version in force they are asked to read: the best
    score is kept; passing also confirms the reading. Returns the request, the score and the numbers
    of the questions answered wrongly. Raises PermissionDenied for someone not asked to read it."""
    version = SOPVersion.objects.select_related("quiz").get(pk=version.pk)
    _version_in_force_for_reading(version)
    request = ReadRequest.objects.select_for_update().filter(version=version, user=actor).first()
    if request is None:
        raise PermissionDenied(_("SOP ini tidak termasuk bacaan yang diminta dari Anda."))
    questions = [quiz.Question.from_json(q) for q in version.quiz.questions]
    result, wrong = quiz.score(questions, chosen)
    request.quiz_score = max(result, request.quiz_score or 0)
    now = timezone.now()
    if result >= version.quiz.pass_mark and request.quiz_passed_at is None:
        request.quiz_passed_at = now
        request.confirmed_at = request.confirmed_at or now
    request.save(update_fields=["quiz_score", "quiz_passed_at", "confirmed_at"])
    return request, result, wrong
