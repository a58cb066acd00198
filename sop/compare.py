"""What changed between two versions of an SOP, field by field and step by step (pure, no queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from . import durations, service_time
from .content import StepData, VersionContent

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"

IDENTITY_FIELDS = [
    ("title", _("Nama SOP")),
    ("date_created", _("Tanggal pembuatan")),
    ("date_revised", _("Tanggal revisi")),
    ("date_effective", _("Tanggal efektif")),
    ("signer_name", _("Disahkan oleh")),
    ("signer_nip", _("NIP pengesah")),
    ("signer_position", _("Jabatan pengesah")),
    ("purpose", _("Tujuan")),
    ("scope", _("Ruang lingkup")),
    ("definitions", _("Definisi")),
]
LIST_FIELDS = [
    ("legal_bases", _("Dasar hukum")),
    ("qualifications", _("Kualifikasi pelaksana")),
    ("related", _("Keterkaitan")),
    ("equipment", _("Peralatan/perlengkapan")),
    ("warnings", _("Peringatan")),
    ("records", _("Pencatatan dan pendataan")),
]
STEP_FIELDS = [
    ("kind", _("Jenis")),
    ("text", _("Kegiatan")),
    ("actor", _("Pelaksana")),
    ("requirements", _("Kelengkapan")),
    ("duration", _("Waktu")),
    ("output", _("Output")),
    ("notes", _("Keterangan")),
    ("targets", _("Alur berikutnya")),
]


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def status(self) -> str:
        return SAME if self.old == self.new else CHANGED


@dataclass(frozen=True)
class ItemChange:
    status: str
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class StepChange:
    status: str
    old_number: int | None
    new_number: int | None
    text: str
    fields: list[FieldChange] = field(default_factory=list)  # only the fields that differ


@dataclass(frozen=True)
class ServiceTimeChange:
    """The service time along the main path of both versions, and the change in words."""

    old: str
    new: str
    change: str  # "−38% dari revisi 2"; empty when either cannot be added up

    @property
    def status(self) -> str:
        return SAME if self.old == self.new else CHANGED


@dataclass(frozen=True)
class Comparison:
    identity: list[FieldChange]
    lists: list[tuple[str, list[ItemChange]]]
    actors: list[ItemChange]
    steps: list[StepChange]
    service: ServiceTimeChange | None = None

    @property
    def has_changes(self) -> bool:
        return (
            any(f.status != SAME for f in self.identity)
            or any(i.status != SAME for _, items in self.lists for i in items)
            or any(a.status != SAME for a in self.actors)
            or any(s.status != SAME for s in self.steps)
            or (self.service is not None and self.service.status != SAME)
        )

    def changes_only(self) -> Comparison:
        """The same comparison without what stayed the same (a list or section with no change drops out)."""
        return Comparison(
            identity=[f for f in self.identity if f.status != SAME],
            lists=[(label, kept) for label, items in self.lists if (kept := [i for i in items if i.status != SAME])],
            actors=[a for a in self.actors if a.status != SAME],
            steps=[s for s in self.steps if s.status != SAME],
            service=self.service if self.service is not None and self.service.status != SAME else None,
        )


def _text(value) -> str:
    if value is None:
        return "-"
    if hasattr(value, "strftime"):
        return dateformat.format(value, "j F Y")  # one date format everywhere: 2 Desember 2026
    return str(value)


def _diff_items(old: list[str], new: list[str]) -> list[ItemChange]:
    changes: list[ItemChange] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            changes += [ItemChange(SAME, old[i], old[i]) for i in range(i1, i2)]
            continue
        changes += [ItemChange(REMOVED, old=old[i]) for i in range(i1, i2)]
        changes += [ItemChange(ADDED, new=new[j]) for j in range(j1, j2)]
    return changes


def _step_values(step: StepData, content: VersionContent) -> dict[str, str]:
    if step.kind == "decision":
        targets = f"Ya → {step.yes or '-'}, Tidak → {step.no or '-'}"
    else:
        targets = f"→ {step.next}" if step.next else "-"
    return {
        "kind": step.kind,
        "text": step.text,
        "actor": content.actors_of(step),
        "requirements": step.requirements,
        "duration": step.duration,
        "output": step.output,
        "notes": step.notes,
        "targets": targets,
    }


def _step_change(old: StepData, a: VersionContent, new: StepData, b: VersionContent) -> StepChange:
    before, after = _step_values(old, a), _step_values(new, b)
    differing = [
        FieldChange(str(label), before[key], after[key]) for key, label in STEP_FIELDS if before[key] != after[key]
    ]
    return StepChange(CHANGED if differing else SAME, old.number, new.number, new.text, differing)


def _service_change(
    a: VersionContent, b: VersionContent, workday_minutes: int, since: str | None
) -> ServiceTimeChange | None:
    old, new = (service_time.summary(service_time.compute(c), workday_minutes) for c in (a, b))
    if old is None and new is None:
        return None
    since = since or str(_("revisi %(n)s")) % {"n": a.revision}
    words = service_time.change_words(service_time.change(old.minutes, new.minutes), since) if old and new else ""
    return ServiceTimeChange(
        old=old.main + (" *" if old.partial else "") if old else "-",
        new=new.main + (" *" if new.partial else "") if new else "-",
        change=words,
    )


def compare(
    a: VersionContent, b: VersionContent, workday_minutes: int = durations.WORKDAY_MINUTES, since: str | None = None
) -> Comparison:
    """Changes from version ``a`` (older) to version ``b`` (newer); service times count a working day
    as ``workday_minutes``, and their change is said against ``since`` (by default "revisi <a's revision>")."""
    identity = [
        FieldChange(str(label), _text(getattr(a, key)), _text(getattr(b, key))) for key, label in IDENTITY_FIELDS
    ]
    lists = [
        (str(label), _diff_items([str(x) for x in getattr(a, key)], [str(x) for x in getattr(b, key)]))
        for key, label in LIST_FIELDS
    ]
    actors = _diff_items([x.name for x in a.actors], [x.name for x in b.actors])

    # Steps are aligned on their kegiatan text, so inserting a step does not mark all later ones changed;
    # a replaced block of equal length is read as the same steps edited.
    steps: list[StepChange] = []
    old_texts, new_texts = [s.text for s in a.steps], [s.text for s in b.steps]
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old_texts, b=new_texts, autojunk=False).get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            steps += [
                _step_change(a.steps[i], a, b.steps[j], b) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        steps += [StepChange(REMOVED, a.steps[i].number, None, a.steps[i].text) for i in range(i1, i2)]
        steps += [StepChange(ADDED, None, b.steps[j].number, b.steps[j].text) for j in range(j1, j2)]
    return Comparison(
        identity=identity,
        lists=lists,
        actors=actors,
        steps=steps,
        service=_service_change(a, b, workday_minutes, since),
    )
