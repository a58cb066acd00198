"""The flow lines of a flowchart page: which symbol each line leaving a symbol arrives at.

A line is followed pixel by pixel in the drawn page from where it leaves a symbol (the vertices of
a diamond, the sides of the other symbols) along straight runs and right-angle turns, until it
meets another symbol. It is an outgoing line when an arrowhead sits at that end. A decision's
branches are told apart by the "Ya"/"Tidak" (or "Y"/"T") written beside their first run.
Anything unclear (a line that forks, ends in the open or meets a line) is left untraced.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .geometry import SCALE, PageImage, Shape, Word

YES = re.compile(r"^(ya|y|yes)$", re.IGNORECASE)
NO = re.compile(r"^(tidak|t|tdk|no)$", re.IGNORECASE)
# A label belongs to a branch when it is written this close (points) to the branch's first run.
LABEL_REACH = 22.0


@dataclass(frozen=True)
class Placed:
    """A symbol drawn in the row of a step."""

    step: int
    shape: Shape


@dataclass(frozen=True)
class Link:
    """A line from a symbol of ``source`` to a symbol of ``target`` (None: an off-page connector):
    ``source_shape`` and ``target_shape``, the symbols it leaves and meets."""

    source: int
    target: int | None
    label: str  # "yes", "no" or ""
    source_shape: Shape | None = field(default=None, compare=False)
    target_shape: Shape | None = field(default=None, compare=False)


def page_links(image: PageImage, words: list[Word], placed: list[Placed]) -> list[Link]:
    """The outgoing lines of every symbol on the page, as links between steps."""
    tracer = _Tracer(image, placed)
    labels = [
        (w, "yes" if YES.match(w.text.strip(".:")) else "no")
        for w in words
        if YES.match(w.text.strip(".:")) or NO.match(w.text.strip(".:"))
    ]
    links: list[Link] = []
    for index, item in enumerate(placed):
        if item.shape.kind == "connector":
            continue
        exits = []
        for start, direction in tracer.attachments(item.shape):
            end = tracer.follow(start, direction, source=index)
            if end is None:
                continue
            target, arrow, first_run = end
            exits.append((target, arrow, first_run))
        outgoing = [e for e in exits if e[1]]
        if item.shape.kind == "decision":
            named = _named(outgoing or exits, labels)
            for (target, _arrow, _run), label in named:
                if label:
                    links.append(Link(item.step, _step_of(placed, target), label, item.shape, placed[target].shape))
            continue
        for target, _arrow, _run in outgoing:
            links.append(Link(item.step, _step_of(placed, target), "", item.shape, placed[target].shape))
    return links


def carries_flow(image: PageImage, shape: Shape) -> bool:
    """Whether a flow line meets ``shape``: at its top or bottom, or at a side away from its middle.
    The line joining the symbols of a step drawn in several lanes (work done together) meets each of
    them at the very middle of a side, and nowhere else."""
    middle = (shape.top + shape.bottom) / 2 * SCALE
    return any(
        dy != 0 or abs(point[1] - middle) > 0.6 * SCALE for point, (_dx, dy) in _Tracer(image, []).attachments(shape)
    )


def _step_of(placed: list[Placed], index: int) -> int | None:
    item = placed[index]
    return None if item.shape.kind == "connector" else item.step


def _named(exits, labels) -> list:
    """Each exit with the label written beside its first run ("" when none); a lone unnamed second
    exit of a decision takes the other label."""
    named = []
    for exit_ in exits:
        run = exit_[2]
        best, distance = "", LABEL_REACH
        for word, label in labels:
            d = min(math.dist((word.cx, word.cy), point) for point in run)
            if d < distance:
                best, distance = label, d
        named.append([exit_, best])
    given = {label for _e, label in named if label}
    if len(named) == 2 and len(given) == 1:
        other = "no" if "yes" in given else "yes"
        for pair in named:
            if not pair[1]:
                pair[1] = other
    if len([p for p in named if p[1]]) != len({p[1] for p in named if p[1]}):
        return []  # two branches with the same label: no way to tell them apart
    return [tuple(p) for p in named]


class _Tracer:
    def __init__(self, image: PageImage, placed: list[Placed]):
        self.image = image
        self.width, self.height = image.width, image.height
        self.ink = image._ink_bytes
        pad = 3
        self.boxes = [
            (
                round(p.shape.x0 * SCALE) - pad,
                round(p.shape.top * SCALE) - pad,
                round(p.shape.x1 * SCALE) + pad,
                round(p.shape.bottom * SCALE) + pad,
            )
            for p in placed
        ]

    def dark(self, x: int, y: int) -> bool:
        return 0 <= x < self.width and 0 <= y < self.height and self.ink[y * self.width + x] == 0

    def attachments(self, shape: Shape) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Where lines leave the symbol: a point just outside it and the direction away from it."""
        x0, y0 = round(shape.x0 * SCALE), round(shape.top * SCALE)
        x1, y1 = round(shape.x1 * SCALE), round(shape.bottom * SCALE)
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        gap = 5  # past the outline (the shape is the paper inside it)
        if shape.kind == "decision":
            # From each vertex outwards: the branch may start further off (after a label, a rule).
            found = []
            vertices = (((x0, cy), (-1, 0)), ((x1, cy), (1, 0)), ((cx, y0), (0, -1)), ((cx, y1), (0, 1)))
            for (x, y), (dx, dy) in vertices:
                for distance in range(gap, 32):
                    hit = self._line_near(x + dx * distance, y + dy * distance, (dx, dy), spread=4)
                    if hit:
                        found.append((hit, (dx, dy)))
                        break
            # Some branches leave from an edge rather than a vertex: look along the sides too.
            return found + [
                (point, d)
                for point, d in self._side_lines(x0, y0, x1, y1)
                if not any(math.dist(point, p) < 16 for p, _d in found)
            ]
        return self._side_lines(x0, y0, x1, y1)

    def _side_lines(self, x0: int, y0: int, x1: int, y1: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        found: list[tuple[tuple[int, int], tuple[int, int]]] = []
        # A line may start a few pixels away from the outline; look at several distances.
        for gap in (5, 8, 11, 14):
            sides = [
                ((0, -1), [(x, y0 - gap) for x in range(x0 + 2, x1 - 1)]),
                ((0, 1), [(x, y1 + gap) for x in range(x0 + 2, x1 - 1)]),
                ((-1, 0), [(x0 - gap, y) for y in range(y0 + 2, y1 - 1)]),
                ((1, 0), [(x1 + gap, y) for y in range(y0 + 2, y1 - 1)]),
            ]
            for direction, points in sides:
                run: list[tuple[int, int]] = []
                for point in [*points, None]:
                    if point is not None and self._leaves(point, direction):
                        run.append(point)
                        continue
                    if run and len(run) <= 6:  # a line, not a side drawn twice or a rule beside it
                        middle = run[len(run) // 2]
                        if not any(d == direction and math.dist(p, middle) < 16 for p, d in found):
                            found.append((middle, direction))
                    run = []
        return found

    def _leaves(self, point, direction) -> bool:
        x, y = point
        dx, dy = direction
        return all(self.dark(x + dx * k, y + dy * k) for k in range(0, 4))

    def _line_near(self, x, y, direction, spread):
        dx, _dy = direction
        for off in sorted(range(-spread, spread + 1), key=abs):
            px, py = (x + off, y) if dx == 0 else (x, y + off)
            if self._leaves((px, py), direction):
                return (px, py)
        return None

    def _inside(self, x: int, y: int, source: int) -> int | None:
        for index, (a, b, c, d) in enumerate(self.boxes):
            if index != source and a <= x <= c and b <= y <= d:
                return index
        return None

    def follow(self, start, direction, *, source: int, limit: int = 8000):
        """(target symbol, arrowhead at the target, the first straight run) or None."""
        x, y = start
        dx, dy = direction
        path = [(x, y)]
        first_run: list[tuple[float, float]] | None = None
        turns = 0
        for _step in range(limit):
            hit = self._inside(x, y, source)
            if hit is not None:
                return self._arrived(hit, path, first_run, (dx, dy))
            moved = False
            for off in (0, 1, -1):
                nx, ny = (x + dx + off * dy, y + dy + off * dx) if off else (x + dx, y + dy)
                if self.dark(nx, ny):
                    x, y, moved = nx, ny, True
                    break
            if moved:
                path.append((x, y))
                if len(path) > 8 and self._branches(x, y, dx, dy):
                    return None  # the line forks here: which way the flow goes is not clear
                continue
            turn = self._turn(x, y, dx, dy)
            if turn is None:
                # A gap in the line (a label written over it on white, a line stopping short of the
                # symbol): jump it when the line goes on straight within a few points.
                gap = next(
                    (k for k in range(2, 25) if all(self.dark(x + dx * j, y + dy * j) for j in range(k, k + 3))), None
                )
                if gap is None:
                    landing = next(
                        (
                            self._inside(x + dx * k, y + dy * k, source)
                            for k in range(2, 25)
                            if self._inside(x + dx * k, y + dy * k, source) is not None
                        ),
                        None,
                    )
                    return None if landing is None else self._arrived(landing, path, first_run, (dx, dy))
                x, y = x + dx * gap, y + dy * gap
                path.append((x, y))
                continue
            if first_run is None:
                first_run = list(path)
            (x, y), (dx, dy) = turn
            turns += 1
            if turns > 12:
                return None
            path.append((x, y))
        return None

    def _arrived(self, target: int, path, first_run, direction):
        """What follow() answers at the target: it, whether an arrowhead points at it, the first run."""
        run = first_run if first_run is not None else path
        return (
            target,
            self._arrowhead(path, direction),
            [(px / SCALE, py / SCALE) for px, py in run[:: max(1, len(run) // 20)]],
        )

    def _branches(self, x, y, dx, dy) -> bool:
        """Whether another line leaves this one here on one side only (a fork; a crossing has both)."""
        sides = [self._line_beside(x, y, sign * dy, sign * dx) for sign in (1, -1)]
        if sides[0] == sides[1]:
            return False
        # A corner also has ink on one side; a fork goes on straight as well.
        return all(any(self.dark(x + dx * k + o * dy, y + dy * k + o * dx) for o in (-1, 0, 1)) for k in range(1, 8))

    def _line_beside(self, x, y, sx, sy) -> bool:
        """Whether a line runs from (x, y) in direction (sx, sy): ink for 18 pixels, or ink up to a
        symbol it ends on (a line crossed just above the arrowhead into a diamond's tip)."""
        for k in range(3, 18):
            px, py = x + sx * k, y + sy * k
            if not self.dark(px, py):
                return k > 4 and self._inside(px, py, source=-1) is not None
        return True

    def _turn(self, x, y, dx, dy):
        """Where a line bends at a right angle: exactly one way on, else None."""
        options = {}
        for back in range(0, 4):
            bx, by = x - dx * back, y - dy * back
            for tx, ty in ((dy, dx), (-dy, -dx)):
                if (tx, ty) in options:
                    continue
                if all(self.dark(bx + tx * k, by + ty * k) for k in range(2, 7)):
                    options[(tx, ty)] = (bx + tx * 2, by + ty * 2)
        if len(options) != 1:
            return None
        ((direction, point),) = options.items()
        return point, direction

    def _arrowhead(self, path, direction) -> bool:
        """Whether the line thickens into an arrowhead just before it meets the symbol."""
        dx, dy = direction
        thick = 0
        # Only the last straight run: just before a turn, the line turning reads as a head on one side.
        across = 0 if dx == 0 else 1
        start = len(path) - 1
        while start > 0 and abs(path[start - 1][across] - path[-1][across]) <= 1:
            start -= 1
        # Not the last pixels: there a diamond's own edges spread beside the line's end.
        for x, y in path[max(8, start, len(path) - 18) : -4]:
            width = 1
            for sign in (1, -1):
                k = 1
                while k < 12 and self.dark(x + sign * k * dy, y + sign * k * dx):
                    k += 1
                width += k - 1
            # A head is a few points wide over several pixels; a ruled line crossing is wider and thin.
            thick += 4 <= width <= 20
        return thick >= 3
