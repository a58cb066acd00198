"""How close the importer comes to what a person typed from the same PDF (``make import-eval``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .result import LIST_FIELDS

IDENTITY_FIELDS = (
    "instansi",
    "nomor",
    "nama",
    "tanggal_pembuatan",
    "tanggal_revisi",
    "tanggal_efektif",
    "disahkan_oleh.jabatan",
    "disahkan_oleh.nama",
    "disahkan_oleh.nip",
    *LIST_FIELDS,
)
MUTU_FIELDS = ("kelengkapan", "waktu", "output")


def _same(a, b) -> bool:
    """Equal as text a person reads: line breaks and repeated spaces do not count."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())
    return a == b


def _get(identity: dict, name: str):
    value = identity
    for part in name.split("."):
        value = (value or {}).get(part)
    return value


@dataclass
class Score:
    file: str
    identity_right: int = 0
    identity_total: int = len(IDENTITY_FIELDS)
    steps_found: int = 0
    steps_present: int = 0
    kegiatan_right: int = 0
    actor_right: int = 0
    kind_right: int = 0
    mutu_right: int = 0
    mutu_total: int = 0
    differences: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "identity_right",
            "identity_total",
            "steps_found",
            "steps_present",
            "kegiatan_right",
            "actor_right",
            "kind_right",
            "mutu_right",
            "mutu_total",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def perfect(self) -> bool:
        return not self.differences


def compare(expected: dict, actual: dict) -> Score:
    """Field by field, the importer's JSON of one file against the expected one (same format)."""
    score = Score(file=expected["file"])
    got_identity = actual.get("identity") or {}
    for name in IDENTITY_FIELDS:
        want, got = _get(expected["identity"], name), _get(got_identity, name)
        if _same(want, got):
            score.identity_right += 1
        else:
            score.differences.append(f"identitas {name}: diharapkan {want!r}, terbaca {got!r}")
    want_steps, got_steps = expected["steps"], actual.get("steps") or []
    score.steps_present, score.steps_found = len(want_steps), len(got_steps)
    if len(want_steps) != len(got_steps):
        score.differences.append(f"langkah: diharapkan {len(want_steps)}, terbaca {len(got_steps)}")
    for want, got in zip(want_steps, got_steps, strict=False):
        number = want["number"]
        for name, counter in (("kegiatan", "kegiatan_right"), ("actor", "actor_right"), ("kind", "kind_right")):
            right = _same(want[name], got.get(name))
            if not right:
                score.differences.append(
                    f"langkah {number} {name}: diharapkan {want[name]!r}, terbaca {got.get(name)!r}"
                )
            if name == "actor":  # right only with those who carry the step out with it (none unless named)
                want_co, got_co = want.get("co_actors", []), got.get("co_actors", [])
                if want_co != got_co:
                    right = False
                    score.differences.append(f"langkah {number} co_actors: diharapkan {want_co!r}, terbaca {got_co!r}")
            setattr(score, counter, getattr(score, counter) + right)
        for name in MUTU_FIELDS:
            score.mutu_total += 1
            if _same(want[name], got.get(name)):
                score.mutu_right += 1
            else:
                score.differences.append(
                    f"langkah {number} {name}: diharapkan {want[name]!r}, terbaca {got.get(name)!r}"
                )
    score.mutu_total += 3 * max(0, len(want_steps) - len(got_steps))
    return score


def table(scores: list[Score]) -> str:
    """The per-document and total figures as a plain-text table."""
    total = Score(file="JUMLAH", identity_total=0)
    rows = []
    for score in scores:
        total.add(score)
        rows.append(score)
    rows.append(total)

    def pct(a: int, b: int) -> str:
        return f"{a}/{b}" if b else "-"

    lines = [
        f"{'dokumen':52} {'identitas':>10} {'langkah':>8} {'kegiatan':>9} {'pelaksana':>10} {'jenis':>7} {'mutu baku':>10}"
    ]
    for r in rows:
        present = r.steps_present
        lines.append(
            f"{r.file[:52]:52} {pct(r.identity_right, r.identity_total):>10} {pct(r.steps_found, present):>8} "
            f"{pct(r.kegiatan_right, present):>9} {pct(r.actor_right, present):>10} {pct(r.kind_right, present):>7} "
            f"{pct(r.mutu_right, r.mutu_total):>10}"
        )
    return "\n".join(lines)
