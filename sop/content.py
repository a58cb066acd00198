"""A version's full content as plain, immutable data.

Validation, rendering, hashing and comparing all work on this snapshot, never on model instances,
so they run without queries and can be tested without a database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ActorData:
    key: int
    name: str


@dataclass(frozen=True)
class StepData:
    number: int
    kind: str
    text: str
    actor: int | None = None  # ActorData.key
    requirements: str = ""
    duration_value: Decimal | None = None
    duration_unit: str = ""
    output: str = ""
    notes: str = ""
    next: int | None = None  # step numbers
    yes: int | None = None
    no: int | None = None

    @property
    def duration(self) -> str:
        if self.duration_value is None:
            return ""
        return f"{self.duration_value.normalize():f}".replace(".", ",") + f" {self.duration_unit}".rstrip()


@dataclass(frozen=True)
class LegalBasisData:
    kind: str
    number: str = ""
    year: int | None = None
    subject: str = ""

    def __str__(self) -> str:
        parts = [self.kind]
        if self.number:
            parts.append(f"Nomor {self.number}")
        if self.year:
            parts.append(f"Tahun {self.year}")
        if self.subject:
            parts.append(f"tentang {self.subject}")
        return " ".join(parts)


@dataclass(frozen=True)
class VersionContent:
    number: str
    title: str
    revision: int = 0
    status: str = "draft"
    unit_lines: tuple[str, ...] = ()
    date_created: datetime.date | None = None
    date_revised: datetime.date | None = None
    date_effective: datetime.date | None = None
    signer_name: str = ""
    signer_nip: str = ""
    signer_position: str = ""
    legal_bases: tuple[LegalBasisData, ...] = ()
    qualifications: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    actors: tuple[ActorData, ...] = ()
    steps: tuple[StepData, ...] = field(default_factory=tuple)

    def actor_name(self, key: int | None) -> str:
        return next((a.name for a in self.actors if a.key == key), "")


def content_of(version) -> VersionContent:
    """Snapshot a version; expects it fetched by ``sop.selectors.version_with_content``."""
    from .models import ListKind

    steps = list(version.steps.all())
    by_id = {s.pk: s.number for s in steps}
    items: dict[str, list[str]] = {k: [] for k in ListKind.values}
    for item in version.list_items.all():
        items[item.kind].append(item.text)
    unit = version.sop.unit
    return VersionContent(
        number=version.sop.number,
        title=version.sop.title,
        revision=version.revision,
        status=version.status,
        unit_lines=tuple(u.name for u in getattr(unit, "lineage", [unit])),
        date_created=version.date_created,
        date_revised=version.date_revised,
        date_effective=version.date_effective,
        signer_name=version.signer_name,
        signer_nip=version.signer_nip,
        signer_position=version.signer_position,
        legal_bases=tuple(
            LegalBasisData(kind=b.kind, number=b.number, year=b.year, subject=b.subject)
            for b in version.legal_bases.all()
        ),
        qualifications=tuple(items[ListKind.QUALIFICATION]),
        related=tuple(str(r) for r in version.related_sops.all()),
        equipment=tuple(items[ListKind.EQUIPMENT]),
        warnings=tuple(items[ListKind.WARNING]),
        records=tuple(items[ListKind.RECORD]),
        actors=tuple(ActorData(key=a.pk, name=a.name) for a in version.actors.all()),
        steps=tuple(
            StepData(
                number=s.number,
                kind=s.kind,
                text=s.text,
                actor=s.actor_id,
                requirements=s.requirements,
                duration_value=s.duration_value,
                duration_unit=s.duration_unit,
                output=s.output,
                notes=s.notes,
                next=by_id.get(s.next_step_id),
                yes=by_id.get(s.yes_step_id),
                no=by_id.get(s.no_step_id),
            )
            for s in steps
        ),
    )
