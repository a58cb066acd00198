"""What the importer recovered from one document, as plain data (and the JSON of `import_sop`)."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sop import durations
from sop.durations import Duration

# Identity lists in the order of the identity sheet, with their JSON names.
LIST_FIELDS = ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan", "peringatan", "pencatatan")


class Refused(Exception):
    """The file cannot be imported at all; the message says why, in the user's words."""


@dataclass
class Signer:
    jabatan: str = ""
    nama: str = ""
    nip: str = ""


@dataclass
class Identity:
    agency_lines: list[str] = field(default_factory=list)
    nomor: str = ""
    nama: str = ""
    tanggal_pembuatan: datetime.date | None = None
    tanggal_revisi: datetime.date | None = None
    tanggal_efektif: datetime.date | None = None
    disahkan_oleh: Signer = field(default_factory=Signer)
    dasar_hukum: list[str] = field(default_factory=list)
    kualifikasi_pelaksana: list[str] = field(default_factory=list)
    keterkaitan: list[str] = field(default_factory=list)
    peralatan: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)
    pencatatan: list[str] = field(default_factory=list)
    # Field name -> 0..1: how sure the reader is (1 = found under its label and parsed).
    confidence: dict[str, float] = field(default_factory=dict)


@dataclass
class ImportedStep:
    number: int
    kegiatan: str
    actor: str = ""
    kind: str = "activity"  # start / activity / decision / end
    kelengkapan: str = ""
    waktu: str = ""  # as printed; ``duration`` reads it
    output: str = ""
    keterangan: str = ""
    next: int | None = None
    yes: int | None = None
    no: int | None = None
    page: int = 0  # 1-based page of the PDF
    co_actors: list[str] = field(default_factory=list)  # who carries the step out with ``actor``
    confidence: dict[str, float] = field(default_factory=dict)

    @property
    def duration(self) -> Duration:
        return durations.parse(self.waktu)


@dataclass
class ImportResult:
    identity: Identity = field(default_factory=Identity)
    actors: list[str] = field(default_factory=list)
    steps: list[ImportedStep] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    # Steps where numbering started again at 1 (a document of several flows): each opens a flow.
    flow_starts: set[int] = field(default_factory=set)
    # While reading: the last step number as printed, and what is added to printed numbers.
    last_printed: int = 0
    number_offset: int = 0
    # While reading: the symbols of each page (digitise.reader.flow.Placed) and the traced lines.
    placed: dict[int, list] = field(default_factory=dict)
    links: list = field(default_factory=list)
    # While reading: the steps drawn in several lanes, each symbol with the actor of its lane.
    joint: dict[int, list] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "warnings" if self.warnings else "imported"


def to_json(result: ImportResult, *, file: str, status: str | None = None) -> dict[str, Any]:
    """The documented JSON of one file (README, "Importing signed SOPs")."""

    def plain(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return float(value)
        return value

    identity = result.identity
    steps = []
    for step in result.steps:
        row = {k: plain(v) for k, v in dataclasses.asdict(step).items()}
        steps.append(row)
    return {
        "file": file,
        "status": status or result.status,
        "warnings": list(result.warnings),
        "pages": result.pages,
        "identity": {
            "instansi": list(identity.agency_lines),
            "nomor": identity.nomor,
            "nama": identity.nama,
            "tanggal_pembuatan": plain(identity.tanggal_pembuatan),
            "tanggal_revisi": plain(identity.tanggal_revisi),
            "tanggal_efektif": plain(identity.tanggal_efektif),
            "disahkan_oleh": dataclasses.asdict(identity.disahkan_oleh),
            **{name: list(getattr(identity, name)) for name in LIST_FIELDS},
            "confidence": dict(identity.confidence),
        },
        "actors": list(result.actors),
        "steps": steps,
    }


def from_json(data: dict[str, Any]) -> ImportResult:
    """The inverse of ``to_json`` (the sandbox hands results over as JSON)."""

    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    raw = data["identity"]
    identity = Identity(
        agency_lines=list(raw.get("instansi", [])),
        nomor=raw["nomor"],
        nama=raw["nama"],
        tanggal_pembuatan=day(raw["tanggal_pembuatan"]),
        tanggal_revisi=day(raw["tanggal_revisi"]),
        tanggal_efektif=day(raw["tanggal_efektif"]),
        disahkan_oleh=Signer(**raw["disahkan_oleh"]),
        confidence=dict(raw.get("confidence", {})),
        **{name: list(raw[name]) for name in LIST_FIELDS},
    )
    steps = []
    for row in data["steps"]:
        row = {k: v for k, v in row.items() if k not in ("waktu_value", "waktu_unit")}  # read again from waktu
        steps.append(ImportedStep(**row))
    return ImportResult(
        identity=identity,
        actors=list(data["actors"]),
        steps=steps,
        warnings=list(data["warnings"]),
        pages=data.get("pages", 0),
    )
