"""Text measured with the font the portal ships, so wrapping is the same on screen and on paper."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
FAMILY = "Noto Sans"
LINE_HEIGHT = 1.25  # of the font size
# Ends a line where a word was broken at a syllable: U+2010, not the "-" people type, so that a
# reader of the PDF (the importer) knows to join the word again without it.
HYPHEN = "\u2010"


@lru_cache(maxsize=2)
def _metrics(bold: bool) -> tuple[dict[int, float], float]:
    """Advance width of every character of the font, in em, and the average for anything else."""
    font = TTFont(FONTS / ("NotoSans-Bold.woff" if bold else "NotoSans-Regular.woff"))
    per_em = font["head"].unitsPerEm
    advances = font["hmtx"].metrics
    widths = {code: advances[name][0] / per_em for code, name in font.getBestCmap().items()}
    # Characters the font lacks (other scripts, emoji) are drawn by a fallback font: assume a wide glyph.
    return widths, 0.75


def width(text: str, size: float, *, bold: bool = False) -> float:
    widths, fallback = _metrics(bold)
    return sum(widths.get(ord(ch), fallback) for ch in text) * size


def wrap(text: str, max_width: float, size: float, *, bold: bool = False) -> list[str]:
    """Lines of ``text`` that fit ``max_width``; a word longer than the width is broken across lines."""
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if width(candidate, size, bold=bold) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while width(word, size, bold=bold) > max_width:  # a very long word, a URL, a number
                cut, hyphen = _break_point(word, max_width, size, bold)
                lines.append(word[:cut] + hyphen)
                word = word[cut:]
            line = word
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _break_point(word: str, max_width: float, size: float, bold: bool) -> tuple[int, str]:
    """Where to cut a word too long for a line, and what ends the line: after its last fitting "/"
    or "-"; else at a syllable (Indonesian hyphenation), with HYPHEN; else mid-word."""
    cut = _longest_prefix(word, max_width, size, bold)
    soft = max(word.rfind("/", 0, cut), word.rfind("-", 0, cut))
    if soft > 0:
        return soft + 1, ""
    for position in reversed(_syllables().positions(word)):
        if 1 < position < len(word) - 1 and width(word[:position] + HYPHEN, size, bold=bold) <= max_width:
            return position, HYPHEN
    return cut, ""


@lru_cache(maxsize=1)
def _syllables():
    import pyphen  # WeasyPrint's own hyphenation dictionaries

    return pyphen.Pyphen(lang="id_ID")


def _longest_prefix(word: str, max_width: float, size: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and width(word[: cut + 1], size, bold=bold) <= max_width:
        cut += 1
    return cut


def block_height(lines: int, size: float) -> float:
    return lines * size * LINE_HEIGHT
