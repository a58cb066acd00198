"""A version's full content as plain, immutable data.

Validation, rendering, hashing and comparing all work on this snapshot, never on model instances,
so they run without queries and can be tested without a database.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .durations import Duration
from .enums import ListKind, Relation


@dataclass(frozen=True)
class ActorData:
    key: int
    name: str


@dataclass(frozen=True)
class StepData:
    """One step of a procedure, the one shape everywhere it is read or written (a version's content,
    a procedure written whole, one row saved by the editor, an imported step). ``actor`` is the key
    of one of the procedure's actors: ``ActorData.key`` (the actor's id) in a stored version, the
    place among the names given (from 0) in a procedure written whole; ``next``, ``yes`` and ``no``
    are step numbers."""

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
    duration_value_max: Decimal | None = None  # later fields: see ``LATER_FIELDS``
    duration_text: str = ""
    co_actors: tuple[int, ...] = ()  # the keys of the actors who carry it out together with ``actor``: scheme 3

    @property
    def waktu(self) -> Duration:
        return Duration(self.duration_value, self.duration_value_max, self.duration_unit, self.duration_text)

    @property
    def duration(self) -> str:
        """Waktu as the SOP prints it."""
        return str(self.waktu)


# The content scheme a hash is computed with; every snapshot records its own (``VersionContent.scheme``),
# so that a hash made under an older scheme is computed again exactly as it was made, and the QR code
# on every PDF signed then still verifies.
#   1. Until December 2026: no tujuan, ruang lingkup or definisi, each keterkaitan as its text only;
#      the step fields of ``LATER_FIELDS`` left out while they hold their default.
#   2. Every field of the identity sheet and of each step (``CONTENT_FIELDS``), all of them hashed.
#   3. As 2, and each step's further actors (``StepData.co_actors``).
CONTENT_SCHEME = 3
LATER_FIELDS = {"steps": {"duration_value_max": None, "duration_text": ""}}  # scheme 1: see above
STEP_FIELDS_SINCE = {"co_actors": 3}  # step fields a hash of an older scheme was made without


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


# Where each field of the models a version is made of goes in its content, and why each of the
# others is not content. tests/sop/test_content_coverage.py fails for a field on neither list, so a
# field added later is a decision: content (then also on the page, in the PDF, the compare view and
# the API, and hashed by a new scheme) or not.
CONTENT_FIELDS = {
    "SOP": {"unit": "unit_lines", "number": "number", "title": "title"},
    "SOPVersion": {
        "revision": "revision",
        "date_created": "date_created",
        "date_revised": "date_revised",
        "date_effective": "date_effective",
        "signer_name": "signer_name",
        "signer_nip": "signer_nip",
        "signer_position": "signer_position",
        "purpose": "purpose",
        "scope": "scope",
        "definitions": "definitions",
    },
    "Actor": {"position": "actors", "name": "actors"},
    "Step": {
        "number": "steps",
        "kind": "steps",
        "text": "steps",
        "actor": "steps",
        "requirements": "steps",
        "duration_value": "steps",
        "duration_value_max": "steps",
        "duration_unit": "steps",
        "duration_text": "steps",
        "output": "steps",
        "notes": "steps",
        "next_step": "steps",
        "yes_step": "steps",
        "no_step": "steps",
    },
    "StepActor": {"step": "steps (co_actors)", "actor": "steps (co_actors)"},
    "ListItem": {"kind": "qualifications/equipment/warnings/records", "position": "(order)", "text": "(entry)"},
    "LegalBasis": {
        "position": "legal_bases",
        "kind": "legal_bases",
        "number": "legal_bases",
        "year": "legal_bases",
        "subject": "legal_bases",
    },
    "RelatedSOP": {"position": "related", "relation": "related", "target": "related", "text": "related"},
}
_KEY = "the row's own key"
_PARENT = "the version it belongs to"
NOT_CONTENT = {
    "SOP": {
        "id": _KEY,
        "is_public_service": "who may read the SOP, not what it says",
        "review_period_months": "when it is reviewed: a duty of its owners, not part of the text signed",
        "review_cycle_start": "the same",
        "review_due_on": "the same",
        "baseline_time": "the service time before the SOP, for the dashboard: a figure about the SOP, not in it",
        "baseline_source": "the same",
        "created_at": "bookkeeping",
        "updated_at": "bookkeeping",
    },
    "SOPVersion": {
        "id": _KEY,
        "sop": "the SOP whose number, title and unit are content (see SOP)",
        "status": "where the version stands in the workflow, not what it says",
        "established_at": "when it was signed: recorded beside the content",
        "content_hash": "made from the content",
        "content_snapshot": "the content itself, once established",
        "search_text": "made from the content, for search",
        "service_time": "added up from the steps' times when established",
        "change_reason": "why the revision was opened: the record of change control, printed from the versions",
        "change_summary": "the same",
        "copied_from": "where a first draft started (a copy of another SOP): shown on its page, not what is signed",
        "lock_version": "bookkeeping of edit conflicts",
        "created_by": "bookkeeping (who, not what)",
        "updated_by": "bookkeeping (who, not what)",
        "created_at": "bookkeeping",
        "updated_at": "bookkeeping",
    },
    "Actor": {"id": "stands in the content as the actor's key", "version": _PARENT},
    "Step": {
        "id": _KEY,
        "version": _PARENT,
        "duration_minutes": "computed from the Waktu for measuring; the Waktu itself is content",
        "duration_workdays": "the same",
    },
    "StepActor": {"id": _KEY, "version": _PARENT},
    "ListItem": {"id": _KEY, "version": _PARENT},
    "LegalBasis": {"id": _KEY, "version": _PARENT},
    "RelatedSOP": {"id": _KEY, "version": _PARENT},
}


@dataclass(frozen=True)
class RelatedData:
    """One entry of KETERKAITAN: the SOP (or text) it names and how it relates to this one."""

    text: str
    relation: str = Relation.RELATED.value

    def __str__(self) -> str:
        if self.relation == Relation.RELATED:
            return self.text
        return f"{self.text} ({Relation(self.relation).label.lower()})"


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
    related: tuple[RelatedData, ...] = ()
    equipment: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    actors: tuple[ActorData, ...] = ()
    steps: tuple[StepData, ...] = field(default_factory=tuple)
    purpose: str = ""  # tujuan, ruang lingkup and definisi: scheme 2 onwards
    scope: str = ""
    definitions: str = ""
    scheme: int = CONTENT_SCHEME

    @property
    def heading(self) -> str:
        """The flowchart page's heading: "SOP" and the title, without a second SOP when the title
        already begins with one ("SOP SOP PEMERIKSAAN…")."""
        title = self.title.upper()
        return title if re.match(r"(SOP|STANDAR OPERASIONAL PROSEDUR)\b", title) else f"SOP {title}"

    def actor_name(self, key: int | None) -> str:
        return next((a.name for a in self.actors if a.key == key), "")

    def actors_of(self, step: StepData) -> str:
        """The step's actor and those who carry it out with it, as one line ("Loket, Kepala")."""
        return ", ".join(filter(None, (self.actor_name(k) for k in (step.actor, *step.co_actors))))


def to_json(content: VersionContent) -> dict[str, Any]:
    """Plain JSON-ready data: dates as ISO strings, durations as decimal strings."""

    def plain(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value.normalize())
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return plain(dataclasses.asdict(content))


def from_json(data: dict[str, Any]) -> VersionContent:
    """The inverse of ``to_json``."""

    def date(value):
        return datetime.date.fromisoformat(value) if value else None

    def number(value):
        return Decimal(value) if value is not None else None

    def step(s):
        return StepData(
            **{
                **s,
                "duration_value": number(s.get("duration_value")),
                "duration_value_max": number(s.get("duration_value_max")),
                "co_actors": tuple(s.get("co_actors", ())),
            }
        )

    def related(r):  # scheme 1 kept each entry as its text
        return RelatedData(r) if isinstance(r, str) else RelatedData(**r)

    return VersionContent(
        **{
            "scheme": 1,  # snapshots of scheme 1 do not say so
            **data,
            "unit_lines": tuple(data["unit_lines"]),
            "date_created": date(data["date_created"]),
            "date_revised": date(data["date_revised"]),
            "date_effective": date(data["date_effective"]),
            "legal_bases": tuple(LegalBasisData(**b) for b in data["legal_bases"]),
            **{key: tuple(data[key]) for key in ("qualifications", "equipment", "warnings", "records")},
            "related": tuple(related(r) for r in data["related"]),
            "actors": tuple(ActorData(**a) for a in data["actors"]),
            "steps": tuple(step(s) for s in data["steps"]),
        }
    )


def content_hash(content: VersionContent) -> str:
    """SHA-256 over the canonical JSON of everything a reader sees (the status is not content), as the
    content's scheme says."""
    data = to_json(content)
    data.pop("status")
    if content.scheme == 1:
        for key in ("purpose", "scope", "definitions", "scheme"):
            del data[key]
        data["related"] = [r["text"] for r in data["related"]]
        for key, defaults in LATER_FIELDS.items():
            for item in data[key]:
                for name, default in defaults.items():
                    if item[name] == default:
                        del item[name]
    elif content.scheme not in range(2, CONTENT_SCHEME + 1):
        raise ValueError(f"unknown content scheme {content.scheme}")
    for name, since in STEP_FIELDS_SINCE.items():
        if content.scheme < since:
            for item in data["steps"]:
                del item[name]
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def content_of(version) -> VersionContent:
    """A version's content: the frozen snapshot once established, else built from its rows.

    For a draft, expects the version fetched by ``sop.selectors.version_with_content``.
    """
    if version.content_snapshot:
        return dataclasses.replace(from_json(version.content_snapshot), status=version.status)
    return build_content(version)


def build_content(version, steps=None) -> VersionContent:
    """Snapshot a version from its rows (prefetched by ``sop.selectors.version_with_content``); ``steps``:
    its step rows in order, when the caller holds newer ones than those prefetched."""
    steps = list(version.steps.all()) if steps is None else steps
    by_id = {s.pk: s.number for s in steps}
    following = {s.pk: after.number for s, after in itertools.pairwise(steps)}
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
        related=tuple(RelatedData(text=str(r), relation=r.relation) for r in version.related_sops.all()),
        equipment=tuple(items[ListKind.EQUIPMENT]),
        warnings=tuple(items[ListKind.WARNING]),
        records=tuple(items[ListKind.RECORD]),
        purpose=version.purpose,
        scope=version.scope,
        definitions=version.definitions,
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
                duration_value_max=s.duration_value_max,
                duration_text=s.duration_text,
                co_actors=tuple(c.actor_id for c in s.co_actors.all()),
                output=s.output,
                notes=s.notes,
                # Without an explicit jump, a start or activity step flows on to the following step.
                next=by_id.get(s.next_step_id) or (following.get(s.pk) if s.kind in ("start", "activity") else None),
                yes=by_id.get(s.yes_step_id),
                no=by_id.get(s.no_step_id),
            )
            for s in steps
        ),
    )
