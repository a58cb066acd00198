"""The only code that writes SOPs and their versions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from org import permissions
from org.models import Unit, User

from . import numbering
from .models import SOP, Actor, LegalBasis, ListItem, ListKind, RelatedSOP, SOPVersion, Step, VersionStatus


def unit_numbering_pattern(unit: Unit) -> str:
    """The numbering pattern of ``unit``: its own, else the nearest ancestor's, else the default."""
    for candidate in [unit, *reversed(Unit.objects.get_ancestors(unit))]:
        if candidate.numbering_pattern:
            return candidate.numbering_pattern
    return numbering.DEFAULT_PATTERN


def sop_propose_number(*, unit: Unit, year: int | None = None) -> str:
    """The next free number for a new SOP of ``unit`` from its numbering pattern."""
    year = year or datetime.date.today().year
    pattern = unit_numbering_pattern(unit)
    regex_prefix = pattern.split("{", 1)[0]
    existing = list(SOP.objects.filter(number__startswith=regex_prefix).values_list("number", flat=True))
    return numbering.next_number(pattern, unit_code=unit.code, year=year, existing=existing)


@transaction.atomic
def sop_create(
    *,
    unit: Unit,
    title: str,
    actor: User,
    number: str = "",
    is_public_service: bool = False,
    review_period_months: int = 12,
) -> SOP:
    """Create an SOP with its first draft; raises PermissionDenied, ValidationError on a taken number."""
    if not permissions.can_draft(actor, unit):
        raise PermissionDenied
    number = number.strip() or sop_propose_number(unit=unit)
    if SOP.objects.filter(number=number).exists():
        raise ValidationError({"number": _("Nomor SOP %(number)s sudah dipakai.") % {"number": number}})
    try:
        with transaction.atomic():
            sop = SOP.objects.create(
                unit=unit,
                number=number,
                title=title.strip(),
                is_public_service=is_public_service,
                review_period_months=review_period_months,
            )
    except IntegrityError:  # a concurrent create took the number between the check and the insert
        raise ValidationError({"number": _("Nomor SOP %(number)s sudah dipakai.") % {"number": number}}) from None
    SOPVersion.objects.create(sop=sop, revision=0, created_by=actor, updated_by=actor)
    return sop


@dataclass(frozen=True)
class StepInput:
    """A step to write: ``actor`` is the actor's position (0-based); targets are step numbers."""

    kind: str
    text: str
    actor: int
    requirements: str = ""
    duration_value: Decimal | None = None
    duration_unit: str = ""
    output: str = ""
    notes: str = ""
    next: int | None = None
    yes: int | None = None
    no: int | None = None


def _require_editable(version: SOPVersion, actor: User) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Hanya versi draf yang dapat diubah."))
    if not permissions.can_draft(actor, version.sop.unit):
        raise PermissionDenied


@transaction.atomic
def version_replace_identity(
    *,
    version: SOPVersion,
    actor: User,
    date_created: datetime.date | None = None,
    legal_bases: Sequence[dict] = (),
    qualifications: Sequence[str] = (),
    related: Sequence[dict] = (),
    equipment: Sequence[str] = (),
    warnings: Sequence[str] = (),
    records: Sequence[str] = (),
    purpose: str = "",
    scope: str = "",
    definitions: str = "",
) -> SOPVersion:
    """Replace the identity-sheet lists of a draft; raises ValidationError unless it is a draft."""
    _require_editable(version, actor)
    version.date_created = date_created
    version.purpose, version.scope, version.definitions = purpose, scope, definitions
    version.updated_by = actor
    version.lock_version += 1
    version.save()
    version.legal_bases.all().delete()
    LegalBasis.objects.bulk_create(
        LegalBasis(version=version, position=i, **entry) for i, entry in enumerate(legal_bases, 1)
    )
    version.related_sops.all().delete()
    RelatedSOP.objects.bulk_create(
        RelatedSOP(version=version, position=i, **entry) for i, entry in enumerate(related, 1)
    )
    version.list_items.all().delete()
    ListItem.objects.bulk_create(
        ListItem(version=version, kind=kind, position=i, text=text)
        for kind, texts in (
            (ListKind.QUALIFICATION, qualifications),
            (ListKind.EQUIPMENT, equipment),
            (ListKind.WARNING, warnings),
            (ListKind.RECORD, records),
        )
        for i, text in enumerate(texts, 1)
    )
    return version


@transaction.atomic
def version_replace_procedure(
    *, version: SOPVersion, actor: User, actors: Sequence[str], steps: Sequence[StepInput]
) -> SOPVersion:
    """Replace the actor columns and steps of a draft; raises ValidationError unless it is a draft."""
    _require_editable(version, actor)
    version.steps.all().delete()
    version.actors.all().delete()
    actor_rows = [Actor.objects.create(version=version, position=i, name=name) for i, name in enumerate(actors, 1)]
    step_rows = [
        Step.objects.create(
            version=version,
            number=n,
            kind=s.kind,
            text=s.text,
            actor=actor_rows[s.actor],
            requirements=s.requirements,
            duration_value=s.duration_value,
            duration_unit=s.duration_unit,
            output=s.output,
            notes=s.notes,
        )
        for n, s in enumerate(steps, 1)
    ]
    by_number = {row.number: row for row in step_rows}
    for row, s in zip(step_rows, steps, strict=True):
        row.next_step = by_number.get(s.next)
        row.yes_step = by_number.get(s.yes)
        row.no_step = by_number.get(s.no)
        row.save(update_fields=["next_step", "yes_step", "no_step"])
    version.updated_by = actor
    version.lock_version += 1
    version.save()
    return version


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.AWAITING_ESTABLISHMENT)


@transaction.atomic
def version_revise(*, sop: SOP, actor: User) -> SOPVersion:
    """Open a new draft copying the version in force; raises ValidationError if a draft is already open."""
    if not permissions.can_draft(actor, sop.unit):
        raise PermissionDenied
    SOP.objects.select_for_update().get(pk=sop.pk)  # one revision at a time, even on a double click
    if sop.versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("SOP ini sudah memiliki versi yang sedang disusun atau diperiksa."))
    source = sop.versions.filter(status=VersionStatus.IN_FORCE).first()
    if source is None:
        raise ValidationError(_("Revisi hanya dapat dibuat dari versi yang sedang berlaku."))
    last = sop.versions.order_by("-revision").values_list("revision", flat=True).first()
    draft = SOPVersion.objects.create(
        sop=sop,
        revision=last + 1,
        date_created=source.date_created,
        purpose=source.purpose,
        scope=source.scope,
        definitions=source.definitions,
        created_by=actor,
        updated_by=actor,
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(version=draft, position=b.position, kind=b.kind, number=b.number, year=b.year, subject=b.subject)
        for b in source.legal_bases.all()
    )
    RelatedSOP.objects.bulk_create(
        RelatedSOP(version=draft, position=r.position, relation=r.relation, target_id=r.target_id, text=r.text)
        for r in source.related_sops.all()
    )
    ListItem.objects.bulk_create(
        ListItem(version=draft, kind=i.kind, position=i.position, text=i.text) for i in source.list_items.all()
    )
    actors = {a.pk: Actor.objects.create(version=draft, position=a.position, name=a.name) for a in source.actors.all()}
    old_steps = list(source.steps.all())
    new_steps = {
        s.pk: Step.objects.create(
            version=draft,
            number=s.number,
            kind=s.kind,
            text=s.text,
            actor=actors.get(s.actor_id),
            requirements=s.requirements,
            duration_value=s.duration_value,
            duration_unit=s.duration_unit,
            output=s.output,
            notes=s.notes,
        )
        for s in old_steps
    }
    for s in old_steps:
        copy = new_steps[s.pk]
        copy.next_step = new_steps.get(s.next_step_id)
        copy.yes_step = new_steps.get(s.yes_step_id)
        copy.no_step = new_steps.get(s.no_step_id)
        copy.save(update_fields=["next_step", "yes_step", "no_step"])
    return draft
