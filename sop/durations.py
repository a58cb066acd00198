"""Waktu (mutu baku) as people write it: a value or a range with a unit, or free text.

Real signed SOPs write "1 Hari Kerja", "1-3 Hari", "15 menit", "Semesteran", "Sesuai kebutuhan".
``parse`` reads such a text into a ``Duration``; ``str`` prints it back the way the SOP prints it;
``minutes`` and ``workdays`` measure it where that is defined (a range by its upper bound: the
standard promises at most that), for the service-time figures.

Working time follows the ASN working week (Perpres 21/2023: 37.5 hours over 5 days): one working
day is 7.5 hours. A calendar ``hari`` of a procedure step counts as one working day, because an
SOP's steps happen in office time; ``minggu`` is 5, ``bulan`` 21 and ``tahun`` 250 working days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .enums import DurationUnit

WORKDAY_MINUTES = 450  # 7.5 hours
WORKDAYS = {
    DurationUnit.MINUTE: Decimal(1) / WORKDAY_MINUTES,
    DurationUnit.HOUR: Decimal(60) / WORKDAY_MINUTES,
    DurationUnit.DAY: Decimal(1),
    DurationUnit.WORKDAY: Decimal(1),
    DurationUnit.WEEK: Decimal(5),
    DurationUnit.MONTH: Decimal(21),
    DurationUnit.YEAR: Decimal(250),
}
TEXT_MAX = 100
VALUE_MAX = Decimal("99999.99")  # the model's seven digits, two after the comma

# The ways a unit is written in the SOPs read so far, longest first so "hari kerja" wins over "hari".
_UNIT_WORDS = {
    DurationUnit.WORKDAY: ("hari kerja", "hr kerja", "hk"),
    DurationUnit.MINUTE: ("menit", "mnt", "min"),
    DurationUnit.HOUR: ("jam", "jm"),
    DurationUnit.DAY: ("hari", "hr"),
    DurationUnit.WEEK: ("minggu", "pekan", "mgg"),
    DurationUnit.MONTH: ("bulan", "bln"),
    DurationUnit.YEAR: ("tahun", "thn"),
}
_UNIT_OF = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_NUMBER = r"\d{1,9}(?:[.,]\d{1,2})?"
_PATTERN = re.compile(
    rf"^(?P<sign>[-−])?\s*(?P<low>{_NUMBER})"
    rf"(?:\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?)\s*(?P<high>{_NUMBER}))?"
    rf"\s*(?P<unit>{'|'.join(sorted(map(re.escape, _UNIT_OF), key=len, reverse=True))})?\.?$",
    re.IGNORECASE,
)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@dataclass(frozen=True)
class Amount:
    """A measured time: clock minutes plus working days, added up separately."""

    minutes: Decimal = Decimal(0)
    days: Decimal = Decimal(0)

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.minutes + other.minutes, self.days + other.days)

    def total_minutes(self, workday_minutes: int = WORKDAY_MINUTES) -> int:
        """Working minutes, a working day being ``workday_minutes`` long."""
        return int((self.minutes + self.days * workday_minutes).to_integral_value())


def describe(minutes: int, workday_minutes: int = WORKDAY_MINUTES) -> str:
    """Working minutes in the words of a service standard: "2 hari kerja 3 jam 15 menit"."""
    if minutes <= 0:
        return _("0 menit")
    days, rest = divmod(minutes, workday_minutes)
    hours, rest = divmod(rest, 60)
    parts = [ngettext("%(n)s hari kerja", "%(n)s hari kerja", days) % {"n": days}] if days else []
    if hours:
        parts.append(ngettext("%(n)s jam", "%(n)s jam", hours) % {"n": hours})
    if rest:
        parts.append(ngettext("%(n)s menit", "%(n)s menit", rest) % {"n": rest})
    return " ".join(parts)


@dataclass(frozen=True)
class Duration:
    value: Decimal | None = None
    value_max: Decimal | None = None  # the upper bound of a range ("1-3 hari")
    unit: str = ""
    text: str = ""  # free text when no value can be read ("Semesteran", "Sesuai kebutuhan")

    def __str__(self) -> str:
        if self.value is None:
            return self.text
        number = _plain(self.value) + (f"–{_plain(self.value_max)}" if self.value_max is not None else "")
        return f"{number} {self.unit}" if self.unit else number  # the SOP's own words, in any interface language

    def fields(self) -> dict:
        """The step fields (``Step``, ``StepData``) that keep this duration."""
        return {
            "duration_value": self.value,
            "duration_value_max": self.value_max,
            "duration_unit": self.unit,
            "duration_text": self.text if self.value is None else "",
        }

    @property
    def amount(self) -> Amount | None:
        """The time as clock minutes (menit, jam) or working days (hari and longer), kept apart so that
        the length of a working day can be chosen when they are added up; None without a measure."""
        if self.value is None or not self.unit:
            return None
        top = self.value_max or self.value
        if self.unit == DurationUnit.MINUTE:
            return Amount(minutes=top)
        if self.unit == DurationUnit.HOUR:
            return Amount(minutes=top * 60)
        return Amount(days=top * WORKDAYS[self.unit])

    @property
    def workdays(self) -> Decimal | None:
        """Working days, where the time is a number with a unit; else None."""
        if self.value is None or not self.unit:
            return None
        return ((self.value_max or self.value) * WORKDAYS[self.unit]).quantize(Decimal("0.0001"))

    @property
    def minutes(self) -> int | None:
        """Working minutes, where the time is a number with a unit; else None."""
        days = self.workdays
        if days is None:
            return None
        if self.unit == DurationUnit.MINUTE:
            return int(self.value_max or self.value)
        return int((days * WORKDAY_MINUTES).to_integral_value())


RANGE_ORDER = gettext_lazy("Rentang waktu ditulis dari yang kecil ke yang besar, mis. 1–3 hari.")


class Unreadable(ValueError):
    """A time written as a number that cannot be one (zero, a range the wrong way round, too big)."""


def read(text: str) -> Duration:
    """The duration a text writes: a number or range with a unit when it reads as one, a number
    alone (its unit still to be chosen), else the text itself, kept as written. Raises Unreadable
    (its message for the person who typed it) for a number that cannot be a duration."""
    text = " ".join(text.split())
    if not text or text in {"-", "–", "—"}:
        return Duration()
    if len(text) > TEXT_MAX:
        raise Unreadable(_("Waktu paling panjang %(n)s karakter.") % {"n": TEXT_MAX})
    match = _PATTERN.match(text)
    if not match:
        return Duration(text=text)
    low = _number(match["low"])
    high = _number(match["high"]) if match["high"] else None
    if match["sign"] or low <= 0:
        raise Unreadable(_("Waktu harus angka lebih dari 0."))
    if high is not None and high <= low:
        raise Unreadable(str(RANGE_ORDER))
    if (high or low) > VALUE_MAX:
        raise Unreadable(_("Waktu terlalu besar; tuliskan dengan satuan yang lebih besar."))
    return Duration(value=low, value_max=high, unit=_UNIT_OF[match["unit"].lower()] if match["unit"] else "")


def read_measured(text: str) -> Duration:
    """``read`` for a time that must be measurable (a number with its unit, e.g. a baseline service
    time); raises Unreadable otherwise."""
    duration = read(text)
    if duration.amount is None and (duration.value is not None or duration.text):
        raise Unreadable(_("Tuliskan waktu dengan angka dan satuannya, mis. 14 hari kerja."))
    return duration


def parse(text: str) -> Duration:
    """``read`` for what is already printed (an imported SOP): what cannot be a duration is kept
    as the text it is."""
    try:
        return read(text)
    except Unreadable:
        return Duration(text=" ".join(text.split())[:TEXT_MAX])
