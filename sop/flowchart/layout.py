"""Steps -> pages of geometry for the SOP AP flowchart matrix (all lengths in points).

The matrix: No | Kegiatan | one lane per actor | Kelengkapan | Waktu | Output | Keterangan, a
two-level header repeated on every page, a column-number row, one row per step. Each step's symbol
sits in its actor's lane, in its row. Flow lines are routed with right angles:

- straight down when the target is lower in the same lane and nothing lies between;
- an L (out of the side, across, down into the top) when the target is in the next row of another lane;
- otherwise through a *channel*: a vertical track in a lane's margin, where no symbol ever stands,
  entered and left by horizontal segments in the rows of the two symbols. Every such line gets its own
  track, so lines never run along one another.

A flow to another page ends at an off-page connector (a pentagon with a letter) at the bottom of the
page and resumes at the same letter at the top of the next; a flow back to an earlier page gets the
pair the other way round.
"""

from __future__ import annotations

import functools
import itertools
import string
from dataclasses import dataclass, field

from ..content import StepData, VersionContent
from . import text as textmetrics

MM = 72 / 25.4
# Landscape paper, width x height in millimetres.
PAPER_SIZES = {"A4": (297.0, 210.0), "F4": (330.0, 215.0), "Letter": (279.4, 215.9), "Legal": (355.6, 215.9)}
MARGIN = (10 * MM, 10 * MM, 10 * MM, 16 * MM)  # left, top, right, bottom (room for the footer)
PAD = 3.0
BAND = 34.0  # height of the off-page connector bands above and below the rows
MIN_LANE = 17 * MM  # narrower, a terminator would no longer be a capsule nor a name readable
CONNECTOR = 12.0
TRACK = 3.5  # distance between two channel tracks
RULE_CLEARANCE = 4.5  # a track keeps this far from its lane's rules: never along one, nor read as one


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Column:
    key: str  # "no", "text", "lane", "requirements", "duration", "output", "notes"
    x: float
    w: float
    label: str = ""


@dataclass(frozen=True)
class TextBlock:
    box: Box
    lines: tuple[str, ...]
    size: float
    bold: bool = False
    align: str = "left"  # or "center"


@dataclass(frozen=True)
class Symbol:
    step: int
    kind: str  # start, activity, decision, end
    box: Box
    lane: int


@dataclass(frozen=True)
class Connector:
    label: str
    box: Box
    points_down: bool  # the pentagon's tip


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    source: str  # "step:3" or "connector:A"
    target: str


@dataclass(frozen=True)
class Label:
    text: str
    box: Box
    line: int  # index of the line it belongs to


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    font_size: float
    columns: tuple[Column, ...]
    header: tuple[TextBlock, ...]
    header_height: float
    rows: tuple[tuple[int, Box], ...]  # (step number, row box)
    texts: tuple[TextBlock, ...]
    symbols: tuple[Symbol, ...]
    connectors: tuple[Connector, ...] = ()
    lines: tuple[Line, ...] = ()
    labels: tuple[Label, ...] = ()
    lane_range: tuple[float, float] = (0.0, 0.0)
    grid: tuple[tuple[float, float, float, float], ...] = field(default=())
    continued: tuple[int, ...] = ()  # steps carried over from the page before: too tall for one page
    joined: tuple[Symbol, ...] = ()  # the symbols of a step's further actors, in their own lanes
    joins: tuple[tuple[tuple[float, float], tuple[float, float]], ...] = ()  # lines joining them, no arrow


CONTINUED = "(lanjutan)"


@dataclass
class _Port:
    symbol: Symbol
    used: set[str] = field(default_factory=set)  # "bottom", "top", "left", "right" (exits and entries)
    entries: dict[str, int] = field(default_factory=dict)  # side -> lines already entering there
    exits: set[str] = field(default_factory=set)
    joined: set[str] = field(default_factory=set)  # sides a line joining a further actor's symbol takes

    # Entry heights on a side, relative to the middle: a rectangle keeps -h/4 for its exit; a diamond
    # keeps its vertex (0) for exits and takes entries on its slanted edges.
    RECT_SLOTS = (4.0, 6.5, 1.5, -1.0, -6.5)
    DIAMOND_SLOTS = (4.5, 8.0, 11.0, -4.5, -8.0, -11.0)

    def slots(self) -> tuple[float, ...]:
        return self.DIAMOND_SLOTS if self.symbol.kind == "decision" else self.RECT_SLOTS

    def entry_side(self, preferred: str) -> str:
        """``preferred`` while it has a free entry height, else the other side."""
        other = "left" if preferred == "right" else "right"
        for side in (preferred, other):
            if self.entries.get(side, 0) < len(self.slots()):
                return side
        return preferred

    def enter(self, side: str, from_below: bool = False) -> tuple[float, float]:
        """The entry point for one more line on ``side``: each line gets its own height. A line into
        a diamond enters on the half it comes from, so that its track never crosses the exit that
        leaves from the vertex just beside it (a crossing there reads as a fork)."""
        k = self.entries.get(side, 0)
        self.entries[side] = k + 1
        self.used.add(side)
        box = self.symbol.box
        if side == "top":
            return box.cx, box.y
        slots = self.slots()
        if from_below and self.symbol.kind == "decision":
            slots = tuple(-offset for offset in slots)
        offset = slots[k % len(slots)] if k < len(slots) else slots[-1] * 0.5 - 0.7 * (k - len(slots))
        edge_x = box.right if side == "right" else box.x
        if self.symbol.kind == "decision":  # the point of the slanted edge at that height
            rise = min(abs(offset), box.h / 2 - 1.5)
            inset = box.w / 2 * rise / (box.h / 2)
            return (edge_x - inset if side == "right" else edge_x + inset), box.cy - rise * (1 if offset > 0 else -1)
        return edge_x, box.cy + offset


TITLE = 18.0  # the "SOP <NAMA>" line the printed page shows above the matrix


def page_box(paper: str) -> tuple[float, float]:
    """Width and height of the flowchart area of one landscape page of ``paper`` (below its title)."""
    width_mm, height_mm = PAPER_SIZES.get(paper, PAPER_SIZES["A4"])
    return width_mm * MM - MARGIN[0] - MARGIN[2], height_mm * MM - MARGIN[1] - MARGIN[3] - TITLE


def _columns(width: float, actors: int) -> list[Column]:
    fractions = {"no": 0.035, "text": 0.2, "requirements": 0.12, "duration": 0.065, "output": 0.11, "notes": 0.1}
    lanes_total = width * (1 - sum(fractions.values()))
    lane = lanes_total / max(actors, 1)
    if lane < MIN_LANE and actors > 1:  # many actors: the text columns give up to 40% of their room first
        wordy = ("text", "requirements", "output", "notes")
        room = width * sum(fractions[k] for k in wordy)
        given = min((MIN_LANE - lane) * actors, room * 0.4)
        fractions = {k: f * (1 - given / room) if k in wordy else f for k, f in fractions.items()}
        lane = (lanes_total + given) / actors
    spare = 0.0
    if lane > width * 0.12:  # few actors: wide lanes would waste the room the text needs
        spare = (lane - width * 0.12) * max(actors, 1)
        lane = width * 0.12
    columns, x = [], 0.0
    for key in ("no", "text"):
        w = width * fractions[key] + (spare if key == "text" else 0)
        columns.append(Column(key, x, w))
        x += w
    for _ in range(max(actors, 1)):
        columns.append(Column("lane", x, lane))
        x += lane
    for key in ("requirements", "duration", "output", "notes"):
        w = width * fractions[key]
        columns.append(Column(key, x, w))
        x += w
    return columns


def _step_cells(step: StepData) -> dict[str, str]:
    return {
        "no": str(step.number),
        "text": step.text,
        "requirements": step.requirements,
        "duration": step.duration,
        "output": step.output,
        "notes": step.notes,
    }


def _parts(cells: dict[str, list[str]], keep: int) -> list[dict[str, list[str]]]:
    """A step's wrapped cells as rows of at most ``keep`` lines: the first as it begins, each further
    one headed "(lanjutan)" under the step's number."""
    parts = [{k: v[:keep] for k, v in cells.items()}]
    rest = {k: v[keep:] for k, v in cells.items() if k != "no"}
    while any(rest.values()):
        part = {k: v[: keep - 1] for k, v in rest.items()}
        part["text"] = [CONTINUED, *part.get("text", [])]
        part["no"] = cells["no"]
        parts.append(part)
        rest = {k: v[keep - 1 :] for k, v in rest.items()}
    return parts


@functools.lru_cache(maxsize=8192)
def _wrapped(value: str, width: float, size: float) -> tuple[str, ...]:
    """A cell's lines. Pure, so kept: the editor checks the whole procedure again after each save, and
    all rows but one are as they were."""
    return tuple(textmetrics.wrap(value, width, size))


def _row_parts(step: StepData, columns: list[Column], size: float, keep: int) -> list[dict[str, list[str]]]:
    """The step's wrapped cells, as one row or, when taller than a page, several (``_parts``)."""
    cells = {c.key: _wrapped(_step_cells(step)[c.key], c.w - 2 * PAD, size) for c in columns if c.key != "lane"}
    return _parts(cells, keep)


def _frame(content: VersionContent, paper: str):
    """(page width, height, text size, columns, header blocks, header height, room for rows, lines a row keeps)."""
    width, height = page_box(paper)
    size = 7.0 if len(content.actors) <= 6 else 6.0
    columns = _columns(width, len(content.actors))
    header, header_height = _header(columns, list(content.actors), size)
    room = height - header_height - 2 * BAND
    keep = max(2, int((room - 2 * PAD - 2) // (size * textmetrics.LINE_HEIGHT)))
    return width, height, size, columns, header, header_height, room, keep


def tall_steps(content: VersionContent, paper: str = "A4") -> list[int]:
    """The numbers of the steps taller than a page (``Page.continued`` of ``layout``), without the layout."""
    _w, _h, size, columns, _header_blocks, _hh, _room, keep = _frame(content, paper)
    return [step.number for step in content.steps if len(_row_parts(step, columns, size, keep)) > 1]


def layout(content: VersionContent, paper: str = "A4") -> list[Page]:
    """Pages of geometry for the flowchart of ``content`` on landscape ``paper``."""
    width, height, size, columns, header, header_height, room, keep = _frame(content, paper)
    actors = list(content.actors)
    lanes = [c for c in columns if c.key == "lane"]
    lane_of = {a.key: i for i, a in enumerate(actors)}
    line_h = size * textmetrics.LINE_HEIGHT

    # Rows: height follows the wrapped text. Nothing is cut: a step taller than a page keeps its symbol
    # and as many lines as the page holds, and goes on overleaf in rows headed "(lanjutan)".
    rows_text: list[tuple[StepData, dict[str, list[str]], float, bool]] = []  # (.., .., height, a continuation?)
    for step in content.steps:
        for index, part in enumerate(_row_parts(step, columns, size, keep)):
            minimum = 44.0 if step.kind == "decision" and not index else 28.0
            if step.co_actors and not index:  # room below the joined symbols for a line leaving the step
                minimum += 12.0
            lines = max([len(v) for v in part.values()] + [1])
            rows_text.append((step, part, max(minimum, lines * line_h + 2 * PAD + 2), index > 0))

    # Pages: fill greedily below the header, leaving the connector bands free (no top band on page 1,
    # where no flow can arrive from an earlier page). A continuation always begins a page.
    paged: list[list[tuple[StepData, dict[str, list[str]], float, bool]]] = [[]]
    used, page_room = 0.0, room + BAND
    for item in rows_text:
        if paged[-1] and (used + item[2] > page_room or item[3]):
            paged.append([])
            used, page_room = 0.0, room
        paged[-1].append(item)
        used += item[2]

    pages: list[_PageBuilder] = []
    page_of: dict[int, int] = {}
    for index, items in enumerate(paged):
        builder = _PageBuilder(index + 1, width, height, size, columns, header, header_height)
        y = header_height + (BAND if index else 0)
        for step, cells, row_h, continuation in items:
            builder.add_row(step, cells, Box(0, y, width, row_h), lanes, lane_of, symbol=not continuation)
            if not continuation:
                page_of[step.number] = index
            y += row_h
        builder.rows_bottom = y
        pages.append(builder)

    _route(content, pages, page_of)
    return [p.build() for p in pages]


def _header(columns: list[Column], actors, size: float) -> tuple[tuple[TextBlock, ...], float]:
    """The two-level header and the column-number row."""
    line_h = size * textmetrics.LINE_HEIGHT
    lanes = [c for c in columns if c.key == "lane"]
    names = [textmetrics.wrap(a.name, c.w - 2 * PAD, size, bold=True) for a, c in zip(actors, lanes, strict=False)]
    second = max([len(n) for n in names] + [2]) * line_h + 2 * PAD
    first = line_h + 2 * PAD
    numbers = line_h + PAD
    blocks: list[TextBlock] = []

    def block(label: str, x: float, y: float, w: float, h: float) -> None:
        lines = tuple(textmetrics.wrap(label, w - 2 * PAD, size, bold=True))
        top = y + (h - len(lines) * line_h) / 2
        blocks.append(TextBlock(Box(x, top, w, len(lines) * line_h), lines, size, bold=True, align="center"))

    by_key = {c.key: c for c in columns}
    spans = {"no": "No", "text": "Kegiatan", "notes": "Keterangan"}
    for key, label in spans.items():
        column = by_key[key]
        block(label, column.x, 0, column.w, first + second)
    lane_left, lane_right = lanes[0].x, lanes[-1].x + lanes[-1].w
    block("Pelaksana", lane_left, 0, lane_right - lane_left, first)
    mutu = [by_key["requirements"], by_key["duration"], by_key["output"]]
    block("Mutu Baku", mutu[0].x, 0, mutu[-1].x + mutu[-1].w - mutu[0].x, first)
    for lane, lines in zip(lanes, names, strict=False):
        top = first + (second - len(lines) * line_h) / 2
        blocks.append(TextBlock(Box(lane.x, top, lane.w, len(lines) * line_h), tuple(lines), size, True, "center"))
    for column, label in zip(mutu, ("Kelengkapan", "Waktu", "Output"), strict=True):
        block(label, column.x, first, column.w, second)
    for number, column in enumerate(columns, 1):
        blocks.append(
            TextBlock(
                Box(column.x, first + second + PAD / 2, column.w, line_h), (str(number),), size - 1, False, "center"
            )
        )
    return tuple(blocks), first + second + numbers


class _PageBuilder:
    def __init__(self, number, width, height, size, columns, header, header_height):
        self.number, self.width, self.height, self.size = number, width, height, size
        self.columns, self.header, self.header_height = columns, header, header_height
        self.rows: list[tuple[int, Box]] = []
        self.continuations: set[int] = set()
        self.texts: list[TextBlock] = []
        self.symbols: dict[int, Symbol] = {}
        self.joined: list[Symbol] = []
        self.joins: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self.paddings: dict[int, set[float]] = {}  # step -> heights in its row's padding lines run along
        self.ports: dict[int, _Port] = {}
        self.connectors: list[Connector] = []
        self.lines: list[Line] = []
        self.labels: list[Label] = []
        self.rows_bottom = header_height + BAND
        self.tracks: dict[tuple[int, str], int] = {}
        self.label_requests: list[tuple[str, tuple[float, float], str, int]] = []
        self.band_slots: dict[bool, list[float]] = {True: [], False: []}  # bottom band?, connector xs
        self.track_xs: list[float] = []
        lanes = [c for c in columns if c.key == "lane"]
        self.lanes = lanes
        self.lane_left = lanes[0].x if lanes else 0.0
        self.lane_right = lanes[-1].x + lanes[-1].w if lanes else 0.0
        self.symbol_width: float = min(lanes[0].w * 0.5, 56.0) if lanes else 0.0

    # --- rows and symbols -------------------------------------------------------------------
    def add_row(self, step: StepData, cells, row: Box, lanes, lane_of, symbol: bool = True) -> None:
        """A step's row; without ``symbol``, the rest of a step too tall for its page."""
        self.rows.append((step.number, row))
        line_h = self.size * textmetrics.LINE_HEIGHT
        for column in self.columns:
            if column.key == "lane":
                continue
            lines = tuple(cells[column.key])
            # The number sits in the middle of its row; every other cell starts at the top, as printed.
            middle = column.key == "no"
            top = row.y + PAD + 1 if not middle else row.cy - len(lines) * line_h / 2
            box = Box(column.x + PAD, top, column.w - 2 * PAD, len(lines) * line_h)
            align = "center" if column.key in ("no", "duration") else "left"
            self.texts.append(TextBlock(box, lines, self.size, align=align))
        if not symbol:
            self.continuations.add(step.number)
            return
        lane = lane_of.get(step.actor)
        if lane is None or lane >= len(lanes):
            return  # a draft step without an actor has no symbol yet
        column = lanes[lane]
        if step.kind == "decision":
            w, h = min(column.w * 0.5, 44.0), min(26.0, row.h - 10)
        else:
            w, h = self.symbol_width, 16.0
        symbol = Symbol(step.number, step.kind, Box(column.x + (column.w - w) / 2, row.cy - h / 2, w, h), lane)
        self.symbols[step.number] = symbol
        self.ports[step.number] = port = _Port(symbol)
        self._join(step, symbol, port, lanes, lane_of)

    def _join(self, step: StepData, symbol: Symbol, port: _Port, lanes, lane_of) -> None:
        """The step's further actors: the same symbol in each of their lanes, joined to the step's own
        by a line without arrow, as signed SOPs draw work done together. The flow neither enters nor
        leaves on the sides the joining lines take."""
        others = sorted(
            {lane_of[k] for k in step.co_actors if k in lane_of and lane_of[k] < len(lanes)} - {symbol.lane}
        )
        if not others:
            return
        box = symbol.box
        for side, group in (
            ("left", [i for i in reversed(others) if i < symbol.lane]),
            ("right", [i for i in others if i > symbol.lane]),
        ):
            previous = symbol
            for lane in group:
                column = lanes[lane]
                joined = Symbol(
                    step.number, step.kind, Box(column.x + (column.w - box.w) / 2, box.y, box.w, box.h), lane
                )
                self.joined.append(joined)
                near, far = (previous.box.x, joined.box.right) if side == "left" else (previous.box.right, joined.box.x)
                self.joins.append(((near, box.cy), (far, box.cy)))
                previous = joined
            if group:
                port.exits.add(side)
                port.used.add(side)
                port.joined.add(side)
                port.entries[side] = len(port.slots())

    # --- channels -----------------------------------------------------------------------------
    def track(self, lane: int, side: str, forbid: frozenset[str] = frozenset()) -> tuple[float, str]:
        """The next free vertical track in ``lane``'s margin, on ``side`` while it has room, else the other.

        Returns the track's x and the side it is on; the caller enters or leaves symbols on that side.
        Tracks never reach into a symbol's extent.
        """
        column = self.lanes[lane]
        margin = (column.w - self.symbol_width) / 2
        capacity = max(1, int((margin - RULE_CLEARANCE - 1) // TRACK) + 1)
        for candidate in (side, "left" if side == "right" else "right"):
            if candidate in forbid:
                continue
            k = self.tracks.get((lane, candidate), 0)
            if k < capacity:
                self.tracks[(lane, candidate)] = k + 1
                offset = RULE_CLEARANCE + TRACK * k
                x = column.x + column.w - offset if candidate == "right" else column.x + offset
                self.track_xs.append(x)
                return x, candidate
        # Both margins full (a lane with a great many loops on one page): squeeze between the tracks.
        k = self.tracks.get((lane, side), 0)
        self.tracks[(lane, side)] = k + 1
        offset = RULE_CLEARANCE + TRACK * (k - capacity) + TRACK / 2
        x = column.x + column.w - offset if side == "right" else column.x + offset
        self.track_xs.append(x)
        return x, side

    def build(self) -> Page:
        _place_labels(self)
        grid = []
        for _, row in self.rows:
            grid.append((0.0, row.bottom, self.width, row.bottom))
        lanes = self.lanes
        return Page(
            number=self.number, width=self.width, height=self.height, font_size=self.size,
            columns=tuple(self.columns), header=self.header, header_height=self.header_height,
            rows=tuple(self.rows), texts=tuple(self.texts), symbols=tuple(self.symbols.values()),
            connectors=tuple(self.connectors), lines=tuple(self.lines), labels=tuple(self.labels),
            lane_range=(lanes[0].x, lanes[-1].x + lanes[-1].w) if lanes else (0.0, 0.0), grid=tuple(grid),
            continued=tuple(sorted(self.continuations)), joined=tuple(self.joined), joins=tuple(self.joins),
        )  # fmt: skip


# --- routing -----------------------------------------------------------------------------------


def _edges(content: VersionContent) -> list[tuple[int, int, str | None]]:
    edges = []
    for step in content.steps:
        if step.kind == "decision":
            for target, label in ((step.yes, "Ya"), (step.no, "Tidak")):
                if target is not None:
                    edges.append((step.number, target, label))
        elif step.next is not None and step.kind != "end":
            edges.append((step.number, step.next, None))
    return edges


def _port_point(symbol: Symbol, side: str, role: str) -> tuple[float, float]:
    """Where a line leaves (role "out") or enters ("in") a symbol on ``side``."""
    box = symbol.box
    if side == "bottom":
        return box.cx, box.bottom
    if side == "top":
        return box.cx, box.y
    # Rectangles keep exits above and entries below the middle, so both may use one side.
    shift = 0.0 if symbol.kind == "decision" else box.h / 4 * (-1 if role == "out" else 1)
    return (box.right if side == "right" else box.x), box.cy + shift


def _lane_free(page: _PageBuilder, lane: int, top: float, bottom: float, exclude: set[int]) -> bool:
    """No symbol of ``lane`` stands between heights ``top`` and ``bottom`` (its own excepted; a joined
    symbol stands in the way of every line, its own step's too)."""
    return not any(
        s.lane == lane and s.box.bottom > top and s.box.y < bottom
        for s in [*(s for s in page.symbols.values() if s.step not in exclude), *page.joined]
    )


def _route(content: VersionContent, pages: list[_PageBuilder], page_of: dict[int, int]) -> None:
    letters = iter(string.ascii_uppercase + string.ascii_lowercase)
    for source, target, label in _edges(content):
        if source not in page_of or target not in page_of:
            continue
        p1, p2 = pages[page_of[source]], pages[page_of[target]]
        a, b = p1.symbols.get(source), p2.symbols.get(target)
        if a is None or b is None:
            continue
        if p1 is p2:
            _route_on_page(p1, a, b, label)
            continue
        letter = next(letters, "?")
        forward = p2.number > p1.number
        # On the source page: out of a side, along a track, to a connector in the bottom band (top band
        # when the flow goes back); on the target page, from the same letter to the target's side.
        preferred = _side_towards(a.lane, b.lane) if a.lane != b.lane else "right"
        port = p1.ports[a.step]
        # A side a joining line takes is open to a line that leaves by the bottom (``_lead_out``).
        open_sides = port.joined if "bottom" not in port.exits else set()
        track, exit_side = p1.track(a.lane, _free_side(port, preferred), forbid=frozenset(port.exits - open_sides))
        box, level = _band_place(p1, bottom=forward, near=track)
        p1.connectors.append(Connector(letter, box, points_down=forward))
        lead, direction = _lead_out(p1, a, exit_side)
        turn = lead[-1][1]
        into = box.y if forward else box.bottom
        index = _add_line(
            p1,
            [*lead, (track, turn), (track, level), (box.cx, level), (box.cx, into)],
            f"step:{a.step}",
            "connector:out",
        )
        if label:
            _label(p1, label, lead[0], direction, index)
        track, entry_side = p2.track(b.lane, p2.ports[b.step].entry_side("right"))
        box, level = _band_place(p2, bottom=not forward, near=track)
        p2.connectors.append(Connector(letter, box, points_down=forward))
        end = p2.ports[b.step].enter(entry_side, from_below=not forward)  # a flow back arrives from below
        out = box.bottom if forward else box.y
        _add_line(
            p2, [(box.cx, out), (box.cx, level), (track, level), (track, end[1]), end], "connector:in", f"step:{b.step}"
        )


def _band_place(page: _PageBuilder, *, bottom: bool, near: float) -> tuple[Box, float]:
    """A connector in the top or bottom band, at least a connector apart from the others there, and
    the height at which its line runs across the band (one height per connector)."""
    taken = page.band_slots[bottom]
    gap = CONNECTOR + 2
    # Nearest the track first; the band is empty across the whole page, so it may go beyond the lanes.
    # Steps of 4.5 tracks keep a connector's stub off the other lines' tracks.
    candidates = [near + sign * TRACK * 4.5 * k for k in range(0, 80) for sign in ((1,) if k == 0 else (1, -1))]

    def free(c: float) -> bool:
        inside = CONNECTOR <= c <= page.width - CONNECTOR
        return (
            inside and all(abs(c - t) >= gap for t in taken) and all(abs(c - t) > 1 for t in page.track_xs if t != near)
        )

    x = next((c for c in candidates if free(c)), near)
    taken.append(x)
    k = len(taken) - 1
    if bottom:
        top = page.rows_bottom + BAND - CONNECTOR - 1
        level = page.rows_bottom + 1.5 + 1.5 * min(k, 12)
    else:
        top = page.header_height + 1
        level = page.header_height + CONNECTOR + 3 + 1.5 * min(k, 12)
    return Box(x - CONNECTOR / 2, top, CONNECTOR, CONNECTOR), level


def _side_towards(lane_from: int, lane_to: int) -> str:
    return "left" if lane_to < lane_from else "right"


def _free_side(port: _Port, preferred: str) -> str:
    """``preferred`` while no other line leaves from it (entries never collide with exits: they use
    other heights), or while a joining line takes it and the bottom is free (the line leaves by the
    bottom then, ``_lead_out``, rather than away from its target); else the other side."""
    if preferred not in port.exits or (preferred in port.joined and "bottom" not in port.exits):
        return preferred
    return "left" if preferred == "right" else "right"


def _add_line(page: _PageBuilder, points: list[tuple[float, float]], source: str, target: str) -> int:
    cleaned = [points[0]]
    for point in points[1:]:
        if point != cleaned[-1]:
            cleaned.append(point)
    page.lines.append(Line(tuple(cleaned), source, target))
    return len(page.lines) - 1


def _label(page: _PageBuilder, text: str, at: tuple[float, float], direction: str, line: int) -> None:
    """Ask for a Ya/Tidak label beside the start of a decision's exit; placed once the page's lines exist."""
    page.label_requests.append((text, at, direction, line))


def _crosses(box: Box, a: tuple[float, float], b: tuple[float, float]) -> bool:
    (x1, y1), (x2, y2) = a, b
    if abs(y1 - y2) < 0.01:
        return box.y < y1 < box.bottom and min(x1, x2) < box.right and max(x1, x2) > box.x
    return box.x < x1 < box.right and min(y1, y2) < box.bottom and max(y1, y2) > box.y


def _overlaps(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def _label_spots(points, w: float, h: float) -> list[Box]:
    """Places beside a line, nearest its start first: both sides of each segment, stepping along it."""
    spots = []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = abs(x2 - x1) + abs(y2 - y1)
        for t in [0.0, 2.0, 5.0, 9.0] + [13.0 + 4 * i for i in range(int(length // 4))]:
            if t > length:
                break
            if abs(y1 - y2) < 0.01:  # horizontal: above or below
                d = 1 if x2 > x1 else -1
                x = x1 + d * (1.5 + t) - (0 if d > 0 else w)
                spots += [Box(x, y1 - h - 1, w, h), Box(x, y1 + 1, w, h)]
            else:  # vertical: right or left
                d = 1 if y2 > y1 else -1
                y = y1 + d * (1 + t) - (0 if d > 0 else h)
                spots += [Box(x1 + 2, y, w, h), Box(x1 - w - 2, y, w, h)]
    return spots or [Box(points[0][0] + 2, points[0][1] + 1, w, h)]


def _place_labels(page: _PageBuilder) -> None:
    """Each label at the first spot near its exit that no line, symbol or other label touches."""
    size = page.size - 0.5
    segments = [seg for line in page.lines for seg in zip(line.points, line.points[1:], strict=False)]
    segments += page.joins
    solid = [s.box for s in [*page.symbols.values(), *page.joined]] + [c.box for c in page.connectors]
    placed: list[Box] = []
    for text, _at, direction, line in page.label_requests:
        w, h = textmetrics.width(text, size) + 2, size * textmetrics.LINE_HEIGHT
        spots = _label_spots(page.lines[line].points, w, h)
        source = page.symbols.get(int(page.lines[line].source[5:]))
        # Over the half of the diamond on the exit's side: within the symbol's width, where no track runs.
        if source is not None and direction in ("left", "right"):
            box = source.box
            x = box.cx + 3 if direction == "right" else box.cx - 3 - w
            spots[2:2] = [Box(x, box.y - h - 0.5, w, h), Box(x, box.bottom + 0.5, w, h)]
        candidates = spots
        chosen = next(
            (
                box
                for box in candidates
                if not any(_crosses(box, *seg) for seg in segments)
                and not any(_overlaps(box, other) for other in solid + placed)
            ),
            candidates[0],
        )
        placed.append(chosen)
        page.labels.append(Label(text, chosen, line))


def _lead_out(page: _PageBuilder, a: Symbol, side: str) -> tuple[list[tuple[float, float]], str]:
    """The first points of a line leaving ``a`` towards ``side``, and the side it leaves by: out of
    that side, or, where a line joining a further actor's symbol takes the side, out of the bottom and
    down into the row's lower padding, below the joined symbols, before it turns."""
    port = page.ports[a.step]
    if side in port.joined and "bottom" not in port.exits:
        start = _exit(page, a, "bottom")
        return [start, (start[0], _padding_height(page, a, below=True))], "bottom"
    return [_exit(page, a, side)], side


def _exit(page: _PageBuilder, a: Symbol, side: str) -> tuple[float, float]:
    page.ports[a.step].used.add(side)
    page.ports[a.step].exits.add(side)
    return _port_point(a, side, "out")


def _route_on_page(page: _PageBuilder, a: Symbol, b: Symbol, label: str | None) -> None:
    source, target = f"step:{a.step}", f"step:{b.step}"
    port_a, port_b = page.ports[a.step], page.ports[b.step]
    down = b.box.y > a.box.bottom
    # 1. Straight down the same lane.
    straight = down and a.lane == b.lane and "bottom" not in port_a.exits and "top" not in port_b.used
    if straight and _lane_free(page, a.lane, a.box.bottom, b.box.y, {a.step, b.step}):
        start = _exit(page, a, "bottom")
        index = _add_line(page, [start, port_b.enter("top")], source, target)
        if label:
            _label(page, label, start, "bottom", index)
        return
    # 2. An L into the next row of another lane: out of the side, across, down into the top.
    if down and a.lane != b.lane and "top" not in port_b.used:
        side = _side_towards(a.lane, b.lane)
        if side not in port_a.exits and _lane_free(page, b.lane, a.box.y, b.box.y, {a.step, b.step}):
            start = _exit(page, a, side)
            end = port_b.enter("top")
            index = _add_line(page, [start, (end[0], start[1]), end], source, target)
            if label:
                _label(page, label, start, side, index)
            return
    # 3. Through a channel: out of a side, along a track in the margin of the target's lane, into its side.
    preferred = "right" if a.lane == b.lane else _side_towards(a.lane, b.lane)
    out_side = _free_side(port_a, preferred)
    entry_side = port_b.entry_side("right" if a.lane == b.lane else ("left" if b.lane > a.lane else "right"))
    track, entry_side = page.track(b.lane, entry_side)
    lead, direction = _lead_out(page, a, out_side)
    start = lead[-1]
    end = port_b.enter(entry_side, from_below=a.box.y > b.box.y)
    points = [*lead, (track, start[1]), (track, end[1]), end]
    behind = (out_side == "right" and track < start[0]) or (out_side == "left" and track > start[0])
    if direction == out_side and behind:
        # The track lies behind the exit side (same lane): step out a little first, then around.
        opposite = "left" if out_side == "right" else "right"
        out_track, _side = page.track(a.lane, out_side, forbid=frozenset({opposite}))
        border = _between_rows(page, a, b)
        points = [start, (out_track, start[1]), (out_track, border), (track, border), (track, end[1]), end]
    index = _add_line(page, points, source, target)
    if label:
        _label(page, label, lead[0], direction, index)


def _between_rows(page: _PageBuilder, a: Symbol, b: Symbol) -> float:
    """A height in ``a``'s row padding, on the side towards ``b``: no symbol and no grid line there."""
    return _padding_height(page, a, below=b.box.y > a.box.y)


def _padding_height(page: _PageBuilder, a: Symbol, *, below: bool) -> float:
    """A height in the padding of ``a``'s row, below or above its symbols, that no other line of the
    row runs along: kept off the row's rule and, for a second line, one track nearer the symbols."""
    row = next(r for n, r in page.rows if n == a.step)
    taken = page.paddings.setdefault(a.step, set())
    sign = -1 if below else 1
    edge = row.bottom if below else row.y
    limit = a.box.bottom + 1 if below else a.box.y - 1
    for k in range(4):
        y = edge + sign * (RULE_CLEARANCE + TRACK * k)
        if y not in taken and (y >= limit if below else y <= limit):
            break
    else:
        y = edge + sign * RULE_CLEARANCE
    taken.add(y)
    return y
