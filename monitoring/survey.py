"""Survei Kepuasan Masyarakat (SKM) as Permen PANRB 14/2017 sets it: nine elements (unsur), each
answered on a scale of 1 to 4, the value per element (NRR), the index (IKM) and its grade.

Pure: figures in, figures out. The questionnaire's wording follows the regulation's annex.

- NRR of an element = the sum of its answers / the number of answers.
- NRR tertimbang = NRR x the element's weight, 1/9 for each of the nine (the annex rounds it to 0.11).
- IKM = the sum of the NRR tertimbang (1 to 4); IKM unit pelayanan = IKM x 25 (25 to 100).
- Grade (mutu pelayanan) of the IKM x 25: A 88.31-100 (sangat baik), B 76.61-88.30 (baik),
  C 65.00-76.60 (kurang baik), D 25.00-64.99 (tidak baik).
- The sample needed for a population is the regulation's table (Krejcie and Morgan).
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    question: str
    options: tuple[str, str, str, str]  # the answers worth 1, 2, 3 and 4


ELEMENTS = (
    Element(
        "u1",
        _("Persyaratan"),
        _("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        "u2",
        _("Sistem, mekanisme, dan prosedur"),
        _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    Element(
        "u3",
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    Element(
        "u4",
        _("Biaya/tarif"),
        _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    Element(
        "u5",
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
            "pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        "u6",
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    Element(
        "u7",
        _("Perilaku pelaksana"),
        _("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
        (_("Tidak sopan dan ramah"), _("Kurang sopan dan ramah"), _("Sopan dan ramah"), _("Sangat sopan dan ramah")),
    ),
    Element(
        "u8",
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
        (_("Tidak ada"), _("Ada tetapi tidak berfungsi"), _("Berfungsi kurang maksimal"), _("Dikelola dengan baik")),
    ),
    Element(
        "u9",
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)
CODES = tuple(e.code for e in ELEMENTS)
WEIGHT = Decimal(1) / len(ELEMENTS)

# (lowest IKM x 25 of the grade, grade, mutu pelayanan), best first
GRADES = (
    (Decimal("88.31"), "A", _("Sangat baik")),
    (Decimal("76.61"), "B", _("Baik")),
    (Decimal("65.00"), "C", _("Kurang baik")),
    (Decimal("25.00"), "D", _("Tidak baik")),
)
TARGET = Decimal(80)  # the agencies' target: at least 80 (Bimtek digitalisasi SOP)

# The regulation's table of sample sizes (Krejcie and Morgan): population -> respondents needed.
_SAMPLE_TABLE = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48),
    (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86),
    (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132),
    (210, 136), (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165),
    (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265),
    (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306),
    (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364),
    (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380),
    (50000, 381), (75000, 382), (100000, 384),
)  # fmt: skip


def sample_size(population: int) -> int:
    """Respondents needed for ``population`` (the table's row at or above it; 384 beyond 100,000)."""
    if population <= 0:
        return 0
    index = bisect_left([n for n, _s in _SAMPLE_TABLE], population)
    return _SAMPLE_TABLE[index][1] if index < len(_SAMPLE_TABLE) else _SAMPLE_TABLE[-1][1]


def grade(score: Decimal) -> tuple[str, str]:
    """The grade and mutu pelayanan of an IKM x 25 (rounded to two decimals first)."""
    score = score.quantize(Decimal("0.01"), ROUND_HALF_UP)
    for lowest, letter, label in GRADES:
        if score >= lowest:
            return letter, str(label)
    return GRADES[-1][1], str(GRADES[-1][2])


@dataclass(frozen=True)
class Row:
    element: Element
    total: int  # the sum of its answers
    answers: int
    nrr: Decimal  # 1 to 4, four decimals
    weighted: Decimal  # NRR x 1/9, four decimals


@dataclass(frozen=True)
class Result:
    respondents: int
    rows: tuple[Row, ...]
    ikm: Decimal  # the sum of the NRR tertimbang, 1 to 4
    score: Decimal  # IKM x 25, two decimals
    grade: str
    quality: str

    @property
    def meets_target(self) -> bool:
        return self.score >= TARGET


def compute(respondents: int, totals: dict[str, int], counts: dict[str, int] | None = None) -> Result | None:
    """The SKM figures from the sum of each element's answers (``totals``, by code) and how many
    answered it (``counts``; every respondent answers every element unless told); None without answers."""
    if not respondents:
        return None
    counts = counts or dict.fromkeys(CODES, respondents)
    rows = []
    for element in ELEMENTS:
        n = counts.get(element.code, 0)
        nrr = Decimal(totals.get(element.code, 0)) / n if n else Decimal(0)
        rows.append(Row(element, totals.get(element.code, 0), n, _q4(nrr), _q4(nrr * WEIGHT)))
    ikm = sum((Decimal(r.total) / r.answers * WEIGHT for r in rows if r.answers), Decimal(0))
    score = (ikm * 25).quantize(Decimal("0.01"), ROUND_HALF_UP)
    letter, quality = grade(score)
    return Result(respondents, tuple(rows), _q4(ikm), score, letter, quality)


def _q4(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """A year ("2026") or a semester ("2026-1": January to June, "2026-2": July to December)."""

    year: int
    semester: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period | None:
        parts = text.strip().split("-")
        try:
            year = int(parts[0])
            semester = int(parts[1]) if len(parts) == 2 else None
        except (ValueError, IndexError):
            return None
        if not 2000 <= year <= 2100 or len(parts) > 2 or semester not in (None, 1, 2):
            return None
        return cls(year, semester)

    @classmethod
    def of(cls, day: datetime.date, *, semester: bool = True) -> Period:
        return cls(day.year, (1 if day.month <= 6 else 2) if semester else None)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.semester}" if self.semester else str(self.year)

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        if self.semester == 1:
            return datetime.date(self.year, 1, 1), datetime.date(self.year, 6, 30)
        if self.semester == 2:
            return datetime.date(self.year, 7, 1), datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    def __str__(self) -> str:
        if self.semester:
            return gettext_now("Semester %(s)s tahun %(y)s") % {
                "s": "I" if self.semester == 1 else "II",
                "y": self.year,
            }
        return gettext_now("Tahun %(y)s") % {"y": self.year}

    def choices_around(self) -> list[Period]:
        """This period's year and the two before it, each as its year and its two semesters."""
        return [p for y in range(self.year, self.year - 3, -1) for p in (Period(y), Period(y, 2), Period(y, 1))]
