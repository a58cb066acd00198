"""SOP numbers proposed from a unit's pattern, e.g. ``SOP-{seq:03d}/{unit_code}/{year}``."""

from __future__ import annotations

import datetime
import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_PATTERN = "SOP-{seq:03d}/{unit_code}/{year}"
FIELDS = {"seq", "unit_code", "year"}


def validate_pattern(pattern: str) -> None:
    """Raise ValidationError when the pattern has no ``{seq}`` or names an unknown field."""
    unreadable = ValidationError(_("Pola nomor tidak dapat dibaca: periksa tanda kurung kurawal."))
    try:
        names = {field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None}
    except ValueError:
        raise unreadable from None
    unknown = names - FIELDS
    if unknown:
        raise ValidationError(
            _("Pola nomor memakai kolom yang tidak dikenal: %(names)s. Yang boleh: {seq}, {unit_code}, {year}.")
            % {"names": ", ".join(sorted(unknown))}
        )
    if "seq" not in names:
        raise ValidationError(_("Pola nomor harus memuat {seq} (nomor urut)."))
    try:
        pattern.format(seq=1, unit_code="X", year=2000)
    except (ValueError, IndexError, KeyError):
        raise unreadable from None


def pattern_regex(pattern: str, *, unit_code: str, year: int) -> re.Pattern[str]:
    """A regex that matches numbers made from ``pattern`` for this unit and year, capturing seq."""
    parts = []
    for literal, field, _spec, _conv in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if field == "seq":
            parts.append(r"(?P<seq>\d+)")
        elif field == "unit_code":
            parts.append(re.escape(unit_code))
        elif field == "year":
            parts.append(str(year))
    return re.compile("^" + "".join(parts) + "$")


def next_number(pattern: str, *, unit_code: str, year: int, existing: list[str]) -> str:
    """The number after the highest sequence among ``existing`` numbers that fit the pattern."""
    regex = pattern_regex(pattern, unit_code=unit_code, year=year)
    used = [int(m["seq"]) for n in existing if (m := regex.match(n))]
    return pattern.format(seq=max(used, default=0) + 1, unit_code=unit_code, year=year)


def today_year() -> int:
    return datetime.date.today().year
