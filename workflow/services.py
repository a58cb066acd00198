"""Every change of a version's status, through one function and the table in transitions.py."""

from __future__ import annotations

import dataclasses
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esop import outbox, signatures
from esop.text import refuse_nul
from org import permissions
from org import services as org_services
from org.models import Unit, User
from sop import content as sop_content
from sop import documents, procedure, selectors, service_time
from sop import services as sop_services
from sop.models import SOPVersion, VersionStatus

from . import rules
from .models import ReviewComment, TransitionLog
from .transitions import COMMENT_REQUIRED, SYSTEM, TRANSITIONS, Action


class InvalidTransition(Exception):
    """The version is not in a state from which the action can be taken (HTTP 409)."""

    def __init__(self, version: SOPVersion, action: str):
        self.status = version.status
        self.action = action
        super().__init__(
            _("Tindakan «%(action)s» tidak dapat dilakukan: versi ini sudah berstatus «%(status)s».")
            % {"action": Action(action).label, "status": version.get_status_display()}
        )


def _authorise(version: SOPVersion, action: str, actor: User | None) -> None:
    reason = rules.refusal(actor, version, action)
    if reason:
        raise PermissionDenied(reason)


def _check_rules(version: SOPVersion, action: str, comment: str, reauthenticated: bool) -> None:
    if action in COMMENT_REQUIRED and not comment.strip():
        raise ValidationError({"comment": _("Tuliskan alasan atau catatan untuk tindakan ini.")})
    if action == Action.SUBMIT:
        problems = procedure.validate(sop_content.build_content(selectors.load_version_content(version.pk)))
        if problems:
            raise ValidationError([p.message for p in problems])
    if action == Action.WITHDRAW:
        submitted = version.transitions.filter(action=Action.SUBMIT).order_by("-created_at").first()
        if submitted and version.review_comments.filter(created_at__gte=submitted.created_at).exists():
            raise ValidationError(_("Pemeriksaan sudah dimulai; versi ini tidak dapat ditarik kembali."))
    if action == Action.ESTABLISH and not reauthenticated:
        raise PermissionDenied(_("Penetapan memerlukan konfirmasi kata sandi Anda."))


@dataclasses.dataclass(frozen=True)
class Signature:
    """Who signed, and when the version takes effect."""

    name: str
    nip: str
    position: str
    effective_date: datetime.date
    date_revised: datetime.date | None = None


def _sign(version: SOPVersion, signature: Signature, status: str) -> list[str]:
    """Fix the signer, dates, content snapshot and hash on ``version``; returns the fields it set."""
    signed = {
        "date_effective": signature.effective_date,
        "date_revised": signature.date_revised,
        "signer_name": signature.name,
        "signer_nip": signature.nip,
        "signer_position": signature.position,
    }
    if version.date_created is None:  # TGL. PEMBUATAN: the day the SOP was finished, at the latest now
        signed["date_created"] = signature.effective_date if status == VersionStatus.IN_FORCE else timezone.localdate()
    content = sop_content.build_content(selectors.load_version_content(version.pk))
    content = dataclasses.replace(content, status=status, **signed)
    for field, value in signed.items():
        setattr(version, field, value)
    version.established_at = timezone.now()
    version.content_snapshot = sop_content.to_json(content)
    version.content_hash = sop_content.content_hash(content)
    measured = service_time.compute(content)
    version.service_time = measured.to_json() if measured else None
    return [*signed, "established_at", "content_snapshot", "content_hash", "service_time"]


def _sign_electronically(version: SOPVersion, signer: signatures.Signer) -> None:
    try:
        documents.sign_version(
            version=version,
            signer=signer,
            letterhead=selectors.letterhead(version),
            location=next(iter(Unit.objects.get_ancestors(version.sop.unit)), version.sop.unit).name,
        )
    except signatures.SigningError as error:
        raise ValidationError(
            _("SOP belum ditetapkan: tanda tangan elektronik gagal. %(reason)s") % {"reason": error}
        ) from error


def _signature_of(actor: User, version: SOPVersion, effective_date: datetime.date | None) -> Signature:
    today = timezone.localdate()
    if effective_date and effective_date < today:
        raise ValidationError({"effective_date": _("Tanggal efektif tidak boleh sebelum hari ini.")})
    return Signature(
        name=actor.get_full_name(),
        nip=actor.nip or "",
        position=actor.position_title,
        effective_date=effective_date or today,
        date_revised=today if version.revision > 0 else None,
    )


def _content_seen(version: SOPVersion) -> dict:
    """The whole content of ``version`` as it stands, kept on a return for the next review's comparison."""
    return sop_content.to_json(sop_content.build_content(selectors.load_version_content(version.pk)))


@transaction.atomic
def version_transition(
    *,
    version: SOPVersion,
    action: str,
    actor: User | None,
    comment: str = "",
    ip_address: str | None = None,
    reauthenticated: bool = False,
    effective_date: datetime.date | None = None,
    signature: Signature | None = None,
    signer: signatures.Signer | None = None,
) -> SOPVersion:
    """Move ``version`` by ``action``; raises InvalidTransition, PermissionDenied or ValidationError.

    The row is locked first, so two people clicking at once give exactly one move; the second sees
    InvalidTransition. Writes the TransitionLog and queues the e-mails once the transaction commits.
    At penetapan with a ``signer``, the PDF is signed electronically in the same transaction: when
    signing fails, nothing is established.
    """
    refuse_nul(comment, "comment")
    locked = SOPVersion.objects.select_for_update(of=("self",)).select_related("sop__unit").get(pk=version.pk)
    key = (locked.status, action)
    if key not in TRANSITIONS:
        raise InvalidTransition(locked, action)
    target, permission = TRANSITIONS[key]
    if not (permission == SYSTEM and actor is None):  # the scheduler's own moves need no person's right
        _authorise(locked, action, actor)
    _check_rules(locked, action, comment, reauthenticated)

    from_status = locked.status
    changed = ["status", "updated_at"]
    if action == Action.ESTABLISH:
        changed += _sign(locked, _signature_of(actor, locked, effective_date), target)
    elif action == Action.REGISTER:
        if signature is None:
            raise ValidationError(_("Pencatatan SOP yang sudah ditandatangani memerlukan data penandatangan."))
        changed += _sign(locked, signature, target)
    locked.status = target
    locked.save(update_fields=changed)
    if action == Action.ESTABLISH and signer is not None:
        _sign_electronically(locked, signer)
    log = TransitionLog.objects.create(
        version=locked,
        action=action,
        from_status=from_status,
        to_status=target,
        actor=actor,
        comment=comment.strip(),
        ip_address=ip_address,
        reauthenticated=reauthenticated,
        content=_content_seen(locked) if action == Action.RETURN else None,
    )
    # The administrators' one log holds every move too (org.services.audit), beside the version's own.
    org_services.audit(
        actor=actor,
        action=f"version.{action}",
        target=f"{locked.sop.number} rev. {locked.revision} · {locked.sop.title}",
        details={
            "unit": locked.sop.unit.name,
            "from": from_status,
            "to": target,
            **({"comment": comment} if comment else {}),
        },
        ip=ip_address,
    )
    if action == Action.RETURN:
        # The reason for a return is a remark the drafter must see and answer beside the version.
        ReviewComment.objects.create(version=locked, author=actor, text=comment.strip())
    _queue_notification(log)

    if action == Action.ESTABLISH and locked.date_effective <= timezone.localdate():
        locked = version_transition(version=locked, action=Action.ENTER_INTO_FORCE, actor=None)
    elif action in (Action.ENTER_INTO_FORCE, Action.REGISTER):
        for previous in SOPVersion.objects.filter(sop=locked.sop_id, status=VersionStatus.IN_FORCE).exclude(
            pk=locked.pk
        ):
            version_transition(version=previous, action=Action.SUPERSEDE, actor=None)
        # A new version in force starts the periodic-review cycle from its effective date.
        sop_services.sop_review_cycle_start(sop_id=locked.sop_id, start=locked.date_effective)
    elif action == Action.REVOKE:
        sop_services.sop_review_cycle_start(sop_id=locked.sop_id, start=None)
    version.refresh_from_db()
    return locked


def _queue_notification(log: TransitionLog) -> None:
    outbox.enqueue("workflow.tasks.send_transition_email", log_id=log.pk)


# One-line wrappers, so that views and tasks read like the domain.


def version_submit(*, version: SOPVersion, actor: User, ip_address: str | None = None) -> SOPVersion:
    """Send a valid draft to the reviewers."""
    return version_transition(version=version, action=Action.SUBMIT, actor=actor, ip_address=ip_address)


def version_return(*, version: SOPVersion, actor: User, comment: str, ip_address: str | None = None) -> SOPVersion:
    """Return a version under review or awaiting establishment to its drafter."""
    return version_transition(
        version=version, action=Action.RETURN, actor=actor, comment=comment, ip_address=ip_address
    )


def version_pass(*, version: SOPVersion, actor: User, comment: str = "", ip_address: str | None = None) -> SOPVersion:
    """Pass a reviewed version on to the unit head."""
    return version_transition(version=version, action=Action.PASS, actor=actor, comment=comment, ip_address=ip_address)


def version_establish(
    *,
    version: SOPVersion,
    actor: User,
    effective_date: datetime.date,
    reauthenticated: bool,
    ip_address: str | None = None,
    signer: signatures.Signer | None = None,
) -> SOPVersion:
    """Establish (penetapan) a version: signer snapshot, content hash, the electronically signed PDF
    when a ``signer`` is given, and in force at once when due."""
    return version_transition(
        version=version,
        action=Action.ESTABLISH,
        actor=actor,
        effective_date=effective_date,
        reauthenticated=reauthenticated,
        ip_address=ip_address,
        signer=signer,
    )


def version_revoke(*, version: SOPVersion, actor: User, reason: str, ip_address: str | None = None) -> SOPVersion:
    """Revoke a version in force (dicabut)."""
    return version_transition(version=version, action=Action.REVOKE, actor=actor, comment=reason, ip_address=ip_address)


def version_register_signed(*, version: SOPVersion, actor: User, signature: Signature) -> SOPVersion:
    """Bring an SOP already signed on paper into the portal, in force (digitising the archive)."""
    return version_transition(version=version, action=Action.REGISTER, actor=actor, signature=signature)


@transaction.atomic
def comment_add(
    *, version: SOPVersion, actor: User, text: str, step_id: int | None = None, parent: ReviewComment | None = None
) -> ReviewComment:
    """Add a review comment (reviewers, heads) or an answer (also the drafters); raises PermissionDenied."""
    unit = version.sop.unit
    may_review = permissions.can_review(actor, unit) or permissions.can_establish(actor, unit)
    if not (may_review or (parent is not None and permissions.can_draft(actor, unit))):
        raise PermissionDenied(_("Anda tidak berwenang memberi komentar pada versi ini."))
    if version.is_frozen:
        raise ValidationError(_("Versi yang sudah ditetapkan tidak dapat dikomentari."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Komentar tidak boleh kosong.")})
    step = version.steps.filter(pk=step_id).first() if step_id else None
    if step_id and step is None:
        raise ValidationError({"step": _("Langkah yang dikomentari tidak ada pada versi ini.")})
    if parent is not None and parent.version_id != version.pk:
        raise ValidationError(_("Jawaban harus pada versi yang sama."))
    return ReviewComment.objects.create(
        version=version,
        author=actor,
        text=text,
        parent=parent,
        step=step,
        step_number=step.number if step else (parent.step_number if parent else None),
    )


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, actor: User) -> ReviewComment:
    """Mark a comment resolved (drafters of the unit, and whoever wrote it); idempotent."""
    unit = comment.version.sop.unit
    if not (permissions.can_draft(actor, unit) or actor.pk == comment.author_id):
        raise PermissionDenied(_("Anda tidak berwenang menyelesaikan komentar ini."))
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), actor
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def versions_enter_into_force(*, today: datetime.date | None = None) -> list[int]:
    """Bring every established version whose effective date has come into force (superseding the
    previous one); returns their ids. Safe to run again: a version already moved on is skipped."""
    today = today or timezone.localdate()
    due = list(
        SOPVersion.objects.filter(status=VersionStatus.ESTABLISHED, date_effective__lte=today)
        .order_by("date_effective", "pk")
        .values_list("pk", flat=True)
    )
    moved = []
    for pk in due:
        try:
            version_transition(version=SOPVersion(pk=pk), action=Action.ENTER_INTO_FORCE, actor=None)
        except InvalidTransition:  # another run (or a retry) got there first
            continue
        moved.append(pk)
    return moved
