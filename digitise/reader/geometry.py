"""Words, lines and a black-and-white picture of a PDF page: what the reader looks at.

The reader works from the structure of the SOP AP format, not from one agency's files: header
words find the columns, ruled lines (looked for in the rendered page, so drawn and scanned grids
look the same) bound the rows and columns, and symbols are the closed shapes inside a lane.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from PIL import ImageDraw, ImageOps

# The page is rendered at 2 px per point (144 dpi): thin rules stay at least one pixel wide.
SCALE = 2.0
# Grey darker than this counts as ink (light symbol fills and shading count as paper).
INK = 150


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def words_of(plumber_page) -> list[Word]:
    from pdfplumber.utils import extract_words

    # Text drawn with a slightly uneven scale (0.895 by 0.894, seen) is horizontal all the same;
    # pdfminer calls it "not upright" and words would be read downwards, letter by letter.
    chars = [
        {**ch, "upright": True}
        if abs(ch["matrix"][1]) < 1e-3 and abs(ch["matrix"][2]) < 1e-3 and ch["matrix"][0] > 0
        else ch
        for ch in plumber_page.chars
    ]
    raw = extract_words(chars, x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False)
    return [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in raw if w["text"].strip()]


def lines_of(words: list[Word], tolerance: float = 2.5) -> list[Line]:
    """Words grouped into lines (by their vertical centre), top to bottom, each left to right."""
    groups: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.cy, w.x0)):
        for group in reversed(groups[-4:]):
            if abs(group[0].cy - word.cy) <= tolerance:
                group.append(word)
                break
        else:
            groups.append([word])
    lines = [Line(tuple(sorted(g, key=lambda w: w.x0))) for g in groups]
    return sorted(lines, key=lambda line: line.cy)


def inside(words: list[Word], x0: float, x1: float, top: float, bottom: float) -> list[Word]:
    """The words whose centre lies in the box."""
    return [w for w in words if x0 <= w.cx < x1 and top <= w.cy < bottom]


def join_lines(text: str, more: str) -> str:
    """Two printed lines of one text: a word broken after "-" or "/" is joined again, one broken at
    a syllable with U+2010 (as the portal prints it) without that hyphen, else a space."""
    if text.endswith("\u2010") and more[:1].isalpha():
        return text[:-1] + more
    if text.endswith(("-", "/")) and more[:1].isalpha():
        return text + more
    return f"{text} {more}".strip()


def joined(words: list[Word]) -> str:
    """The words of a cell as one text: lines joined by spaces, list items each on their own line."""
    out: list[str] = []
    for line in lines_of(words):
        text = line.text
        if out and not LIST_MARK.match(text):
            out[-1] = join_lines(out[-1], text)
        else:
            out.append(text)
    return "\n".join(out)


LIST_MARK = re.compile(r"^(\d{1,2}[.)]|[a-z][.)]|[-•*])(\s|$)")


class PageImage:
    """The page rendered black on white (``ink``) and with every character painted out (``image``, where
    rules are looked for), in page coordinates."""

    def __init__(self, pdfium_page, chars: list[dict], objects: dict | None = None):
        image = pdfium_page.render(scale=SCALE, grayscale=True).to_pil().convert("L")
        # Symbols are looked for in the page as drawn: a label written across an outline must not open it.
        self.ink = image.point(lambda v: 0 if v < INK else 255)
        draw = ImageDraw.Draw(image)
        for ch in chars:
            height = ch["bottom"] - ch["top"]
            # The glyph box without the font's ascent and descent, so that a rule the text touches stays.
            draw.rectangle(
                (
                    ch["x0"] * SCALE,
                    (ch["top"] + 0.12 * height) * SCALE,
                    ch["x1"] * SCALE,
                    (ch["bottom"] - 0.12 * height) * SCALE,
                ),
                fill=255,
            )
        self.image = image.point(lambda v: 0 if v < INK else 255)
        self.pixels = self.image.load()
        self._bytes = self.image.tobytes()
        self._ink_bytes = self.ink.tobytes()
        self.width, self.height = self.image.size
        # Vector boxes and lines: a filled header cell can paint over the rule drawn beside it.
        self.boxes = [
            (o["x0"], o["top"], o["x1"], o["bottom"])
            for kind in ("rect", "line", "curve")
            for o in (objects or {}).get(kind, [])
        ]

    def horizontal_rules(self, x: float, top: float, bottom: float, *, length: float = 15) -> list[float]:
        """The y of every ruled line crossing ``x`` between ``top`` and ``bottom``.

        A rule runs at least ``length`` points across; what is left of a painted-out letter does not.
        """
        found = []
        for a, b in self.dark_runs_down(x, top, bottom):
            if b - a >= 4:
                continue
            # The rule's own first pixel row (its centre may round to the paper below a one-pixel line).
            runs: list[tuple[float, float]] = []
            for left, right in self.dark_runs_across(a + 0.1, x - length * 4, x + length * 4):
                if runs and left - runs[-1][1] <= 1.0:  # a cell's rule meets the next cell's at a column rule
                    runs[-1] = (runs[-1][0], right)
                else:
                    runs.append((left, right))
            if any(left <= x + 0.5 and x - 0.5 <= right and right - left >= length for left, right in runs):
                found.append((a + b) / 2)
        return found

    def ruled_across(self, y: float, left: float, right: float) -> bool:
        """Whether a rule at height ``y`` runs (most of the way) from ``left`` to ``right``."""
        need = 0.6 * (right - left)
        start, stop = self._px(left + 1), self._px(right - 1)
        for py in range(max(int((y - 1) * SCALE), 0), min(int((y + 1) * SCALE) + 1, self.height)):
            row = self._ink_bytes[py * self.width + start : py * self.width + stop]
            if any(m.end() - m.start() >= need * SCALE for m in _INK_RUN.finditer(row)):
                return True
        return False

    def vertical_rules(self, y: float, *, confirm_at: tuple[float, ...] = ()) -> list[float]:
        """The x of every column rule crossing height ``y``: ink in the picture or a drawn rule.

        A filled header cell can paint over the rule beside it; its side counts as a rule where the
        rule shows again lower down, at every height of ``confirm_at`` (the body's first rows).
        """
        found = [(a + b) / 2 for a, b in self.dark_runs_across(y, 0, self.width / SCALE) if b - a < 4]
        crossing = [
            (x0, x1) for x0, top, x1, bottom in self.boxes if top - 0.5 <= y <= bottom + 0.5 and bottom - top > 4
        ]
        found.extend((x0 + x1) / 2 for x0, x1 in crossing if x1 - x0 <= 4)
        below = [
            [(a + b) / 2 for a, b in self.dark_runs_across(at, 0, self.width / SCALE) if b - a < 4] for at in confirm_at
        ]
        for x0, x1 in crossing:
            for edge in (x0, x1):
                if x1 - x0 > 4 and below and all(any(abs(x - edge) < 1.5 for x in row) for row in below):
                    found.append(edge)
        merged: list[float] = []
        for x in sorted(found):
            if merged and x - merged[-1] < 3:
                continue
            merged.append(x)
        return merged

    def _px(self, value: float) -> int:
        return round(value * SCALE)

    def dark_runs_down(self, x: float, top: float, bottom: float) -> list[tuple[float, float]]:
        """Stretches of ink met going down the page at ``x`` (ruled lines crossing that column)."""
        px = min(max(self._px(x), 0), self.width - 1)
        start, stop = max(self._px(top), 0), min(self._px(bottom), self.height)
        if stop <= start:
            return []
        column = self.image.crop((px, start, px + 1, stop)).tobytes()
        return [((start + m.start()) / SCALE, (start + m.end()) / SCALE) for m in _INK_RUN.finditer(column)]

    def dark_runs_across(self, y: float, left: float, right: float) -> list[tuple[float, float]]:
        """Stretches of ink met going across the page at ``y`` (ruled lines crossing that row)."""
        py = min(max(self._px(y), 0), self.height - 1)
        start, stop = max(self._px(left), 0), min(self._px(right), self.width)
        if stop <= start:
            return []
        row = self._bytes[py * self.width + start : py * self.width + stop]
        return [((start + m.start()) / SCALE, (start + m.end()) / SCALE) for m in _INK_RUN.finditer(row)]

    def shapes(self, x0: float, top: float, x1: float, bottom: float, *, rules: tuple[float, ...] = ()) -> list[Shape]:
        """The closed shapes drawn inside the box: the paper each outline encloses, classified.

        With ``rules`` (the lane rules crossing the box), only the symbols drawn across one of them:
        the rule cuts such a symbol in two, and the halves are put together again. (Paper closed off
        by a lane rule on one side is too often no symbol at all to be taken otherwise.)
        """
        crop = self.ink.crop((self._px(x0), self._px(top), self._px(x1), self._px(bottom)))
        # A paper frame joins all the paper that reaches the box's edge; one fill marks it as outside.
        framed = ImageOps.expand(crop, border=1, fill=255)
        width, _height = framed.size
        paper = bytearray(framed.tobytes())
        _fill(paper, width, 0)
        regions: list[Region] = []
        position = paper.find(b"\xff")
        while position != -1 and len(regions) < 80:
            regions.append(Region(_fill(paper, width, position)))
            position = paper.find(b"\xff", position)
        cuts = [self._px(r - x0) + 1 for r in rules]
        if cuts:
            lane = max(b - a for a, b in itertools.pairwise([0, *cuts, width]))
            # A symbol across a rule is about a lane wide at most and no thin strip between two lines.
            regions = [
                r
                for r in _joined_across(regions, cuts)
                # cut by a rule or drawn over it, well inside: paper closed off by lines near a rule is no symbol
                if any(min(cut - r.left, r.right - cut) >= 0.2 * r.width for cut in cuts)
                and r.width <= 1.3 * lane
                and r.height >= 8 * SCALE
                and r.width <= 5 * r.height
            ]
        found: list[Shape] = []
        for region in regions:
            # Paper enclosed by the cell's own rules (all four reached into the box) is no symbol.
            whole = region.width > 0.9 * crop.width and region.height > 0.9 * crop.height
            kind = "" if whole else classify(region)
            if kind:
                found.append(
                    Shape(
                        kind=kind,
                        x0=x0 + (region.left - 1) / SCALE,
                        top=top + (region.upper - 1) / SCALE,
                        x1=x0 + (region.right - 1) / SCALE,
                        bottom=top + (region.lower - 1) / SCALE,
                    )
                )
        return found


def _joined_across(regions: list[Region], cuts: list[int]) -> list[Region]:
    """Regions that meet at a lane rule from both sides, over most of their height, made one."""
    regions = sorted(regions, key=lambda r: r.left)
    for cut in cuts:
        merged: list[Region] = []
        used: set[int] = set()
        for i, left in enumerate(regions):
            if i in used:
                continue
            if abs(left.right - cut) <= 4:
                for j, right in enumerate(regions):
                    if j in used or j == i or abs(right.left - cut) > 4:
                        continue
                    overlap = min(left.lower, right.lower) - max(left.upper, right.upper)
                    if overlap >= 0.5 * min(left.height, right.height) and right.left >= left.right:
                        # The rule's own pixels between the halves belong to the symbol's inside.
                        rows = {row for row, _a, _b in left.spans} & {row for row, _a, _b in right.spans}
                        bridge = [(row, left.right, right.left) for row in rows]
                        left = Region(left.spans + right.spans + bridge, joined=True)
                        used.add(j)
                        break
            merged.append(left)
            used.add(i)
        regions = sorted(merged, key=lambda r: r.left)
    return regions


def _fill(paper: bytearray, width: int, start: int) -> list[tuple[int, int, int]]:
    """Fill the paper (255) connected to pixel ``start`` with ink (0); its spans as (row, left, right).

    Span by span, with the byte searches doing the pixel work: PIL's own flood fill visits every
    pixel in Python and took seconds a page.
    """
    spans = []
    stack = [start]
    while stack:
        index = stack.pop()
        if paper[index] != 255:
            continue
        row, base = divmod(index, width)[0], index - index % width
        right = paper.find(b"\x00", index, base + width)
        right = base + width if right == -1 else right
        left = paper.rfind(b"\x00", base, index) + 1 or base
        left = max(left, base)
        paper[left:right] = bytes(right - left)
        spans.append((row, left - base, right - base))
        for neighbour in (base - width, base + width):
            if 0 <= neighbour < len(paper):
                for match in _PAPER_RUN.finditer(paper, neighbour + left - base, neighbour + right - base):
                    stack.append(match.start())
    return spans


class Region:
    """Enclosed paper, as the spans of its rows."""

    def __init__(self, spans: list[tuple[int, int, int]], *, joined: bool = False):
        self.spans = spans
        self.joined = joined  # put together from the halves on both sides of a lane rule
        self.left = min(s[1] for s in spans)
        self.right = max(s[2] for s in spans)
        self.upper = min(s[0] for s in spans)
        self.lower = max(s[0] for s in spans) + 1
        self.width, self.height = self.right - self.left, self.lower - self.upper
        self.area = sum(s[2] - s[1] for s in spans)

    def covered(self, x0: int, y0: int, x1: int, y1: int) -> int:
        """How many of the region's pixels lie in the box (absolute pixel coordinates)."""
        return sum(max(0, min(r, x1) - max(left, x0)) for row, left, r in self.spans if y0 <= row < y1)


@dataclass(frozen=True)
class Shape:
    kind: str  # terminator, activity, decision, connector
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


# A symbol is at least this big (points); smaller enclosed paper is a letter's bowl or an arrowhead.
MIN_WIDTH, MIN_HEIGHT = 7.0, 5.0


def classify(region: Region) -> str:
    """What symbol an enclosed region of paper is, from its outline: "" when it is none."""
    width, height = region.width, region.height
    if width < MIN_WIDTH * SCALE or height < MIN_HEIGHT * SCALE:
        return ""
    fill = region.area / (width * height)

    def corner(right: bool, low: bool, share: float = 0.12) -> bool:
        side = max(2, int(min(width, height) * share))
        x0 = region.right - side if right else region.left
        y0 = region.lower - side if low else region.upper
        return region.covered(x0, y0, x0 + side, y0 + side) > 0.6 * side * side

    tl, tr, bl, br = corner(False, False), corner(True, False), corner(False, True), corner(True, True)
    if fill < 0.35:
        return ""  # paper between crossing lines, not a symbol
    if fill < 0.7 and not (tl or tr or bl or br):
        return "decision"
    # A rectangle with slightly rounded corners, all four of them, is a terminator drawn so.
    tiny = [corner(r, lo, 0.05) for r in (False, True) for lo in (False, True)]
    if fill >= 0.85 and not any(tiny) and width >= 1.4 * height:
        return "terminator"
    if tl and tr and bl and br:
        return "activity"
    if (tl and tr and not bl and not br) or (bl and br and not tl and not tr):
        return "connector"  # the off-page pentagon
    if not (tl or tr or bl or br):
        return "terminator" if width >= 1.4 * height else "connector"
    # Three corners or fewer, in no symbol's pattern: paper closed off between flow lines and a
    # symbol (a line looping back past a diamond), not a symbol of its own.
    return ""


_INK_RUN = re.compile(rb"\x00+")
_PAPER_RUN = re.compile(rb"\xff+")
