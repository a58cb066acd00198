"""Indonesian dates as printed on identity sheets: "02 Juni 2025", "2 Nopember 2024", "02-06-2025"."""

from __future__ import annotations

import datetime
import difflib
import re

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
}
# Spellings seen in signed documents besides the standard ones: old spellings, abbreviations, English.
VARIANTS = {
    "pebruari": 2,
    "nopember": 11,
    "agustur": 8,
    "agutus": 8,
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
}
KNOWN = {**MONTHS, **VARIANTS}

_WORDY = re.compile(r"(\d{1,2})\s*[-/.\s]?\s*([A-Za-z]+)\.?\s*[-/.,\s]?\s*(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def month_number(word: str) -> int | None:
    """The month a (possibly misspelt) Indonesian or English month name means, or None."""
    word = word.lower().strip(".")
    if word in KNOWN:
        return KNOWN[word]
    if len(word) < 3:
        return None
    close = difflib.get_close_matches(word, MONTHS, n=1, cutoff=0.75)
    return MONTHS[close[0]] if close else None


def parse_date(text: str) -> datetime.date | None:
    """The date in ``text`` (day first, as Indonesian documents write it), or None when there is none."""
    text = " ".join(text.split())
    if not text or text in {"-", "–", "—"}:
        return None
    for pattern, order in ((_ISO, "ymd"), (_WORDY, "dmy"), (_NUMERIC, "dmy")):
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = month_number(parts["m"]) if not parts["m"].isdigit() else int(parts["m"])
        if month is None:
            continue
        try:
            return datetime.date(int(parts["y"]), month, int(parts["d"]))
        except ValueError:
            return None
    return None
