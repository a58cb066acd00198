"""One page of flowchart geometry -> an SVG document (a string). Everything typed comes out as text."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .layout import Box, Page
from .text import FAMILY, LINE_HEIGHT

STROKE = "#000"
ARROW = 4.0
# How each kind of shape is painted, as presentation attributes rather than a <style> element: the
# same SVG stands inline in the portal's pages, whose Content-Security-Policy takes style elements
# from the portal's own files only, and in the PDF.
PAINT = {
    "grid": f'stroke="{STROKE}" stroke-width=".6" fill="none"',
    "symbol": f'fill="#fff" stroke="{STROKE}" stroke-width=".9"',
    "flow": f'fill="none" stroke="{STROKE}" stroke-width=".8"',
    "arrow": f'fill="{STROKE}"',
    "head": 'fill="#e9ecef"',
}


def _f(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(block) -> str:
    line_h = block.size * LINE_HEIGHT
    anchor = "middle" if block.align == "center" else "start"
    x = block.box.cx if block.align == "center" else block.box.x
    weight = ' font-weight="bold"' if block.bold else ""
    spans = []
    for i, line in enumerate(block.lines):
        baseline = block.box.y + line_h * i + block.size * 0.95
        spans.append(f'<tspan x="{_f(x)}" y="{_f(baseline)}">{escape(line)}</tspan>')
    return f'<text font-size="{_f(block.size)}" text-anchor="{anchor}"{weight}>{"".join(spans)}</text>'


def _symbol(kind: str, box: Box, step: int, joint: bool = False) -> str:
    # data-step: pages that follow a procedure being carried out mark its steps (cases), and a click on
    # it opens the step's comments; data-joint: the symbol of a further actor of the step.
    marks = f'data-step="{step}"' + (' data-joint="1"' if joint else "")
    if kind == "decision":
        points = f"{_f(box.cx)},{_f(box.y)} {_f(box.right)},{_f(box.cy)} {_f(box.cx)},{_f(box.bottom)} {_f(box.x)},{_f(box.cy)}"
        return f'<polygon class="sym-decision" {marks} points="{points}" {PAINT["symbol"]}/>'
    radius = box.h / 2 if kind in ("start", "end") else 0
    return (
        f'<rect class="sym-{kind}" {marks} x="{_f(box.x)}" y="{_f(box.y)}" width="{_f(box.w)}"'
        f' height="{_f(box.h)}" rx="{_f(radius)}" ry="{_f(radius)}" {PAINT["symbol"]}/>'
    )


def _connector(connector) -> str:
    box = connector.box
    tip = box.h * 0.35
    if connector.points_down:
        path = f"M{_f(box.x)},{_f(box.y)} H{_f(box.right)} V{_f(box.bottom - tip)} L{_f(box.cx)},{_f(box.bottom)} L{_f(box.x)},{_f(box.bottom - tip)} Z"
        text_y = box.y + (box.h - tip) / 2 + 2.3
    else:
        path = f"M{_f(box.x)},{_f(box.bottom)} H{_f(box.right)} V{_f(box.y + tip)} L{_f(box.cx)},{_f(box.y)} L{_f(box.x)},{_f(box.y + tip)} Z"
        text_y = box.y + tip + (box.h - tip) / 2 + 2.3
    label = f'<text x="{_f(box.cx)}" y="{_f(text_y)}" font-size="6.5" text-anchor="middle" font-weight="bold">{escape(connector.label)}</text>'
    return f'<path class="connector" d="{path}" {PAINT["symbol"]}/>{label}'


def _arrowhead(points) -> str:
    (x1, y1), (x2, y2) = points[-2], points[-1]
    if abs(x2 - x1) >= abs(y2 - y1):
        d = 1 if x2 > x1 else -1
        tri = f"M{_f(x2)},{_f(y2)} L{_f(x2 - d * ARROW)},{_f(y2 - ARROW / 2)} L{_f(x2 - d * ARROW)},{_f(y2 + ARROW / 2)} Z"
    else:
        d = 1 if y2 > y1 else -1
        tri = f"M{_f(x2)},{_f(y2)} L{_f(x2 - ARROW / 2)},{_f(y2 - d * ARROW)} L{_f(x2 + ARROW / 2)},{_f(y2 - d * ARROW)} Z"
    return f'<path class="arrow" d="{tri}" {PAINT["arrow"]}/>'


def svg(page: Page, *, title: str = "", fit: bool = False) -> str:
    """The page as a standalone SVG element sized in points: the whole sheet of paper, or (``fit``, for
    the screen) only as tall as what is drawn on it."""
    w, h = page.width, (_drawn_bottom(page) if fit else page.height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sop-flowchart" viewBox="0 0 {_f(w)} {_f(h)}"'
        f' width="{_f(w)}pt" height="{_f(h)}pt" role="img" aria-label={quoteattr(title or "Bagan alir SOP")}'
        f" font-family={quoteattr(FAMILY + ', DejaVu Sans, sans-serif')}>",
    ]
    if title:
        out.append(f"<title>{escape(title)}</title>")
    # Table: header background, outer frame, column borders, row borders.
    rows_bottom = page.rows[-1][1].bottom if page.rows else page.header_height
    first_row_top = page.rows[0][1].y if page.rows else page.header_height
    out.append(f'<rect class="head" x="0" y="0" width="{_f(w)}" height="{_f(page.header_height)}" {PAINT["head"]}/>')
    out.append(f'<rect class="grid" x="0" y="0" width="{_f(w)}" height="{_f(page.header_height)}" {PAINT["grid"]}/>')
    table = [f"M0,{_f(first_row_top)} H{_f(w)} V{_f(rows_bottom)} H0 Z"]
    lane_left, lane_right = page.lane_range
    first_level = _first_level_height(page)
    mutu_keys = ("requirements", "duration", "output")
    previous = None
    for column in page.columns[1:]:
        # Inside the spans "Pelaksana" and "Mutu Baku" the borders start below the first header level.
        spanned = (column.key == "lane" and previous == "lane") or (column.key in mutu_keys and previous in mutu_keys)
        table.append(f"M{_f(column.x)},{_f(first_level if spanned else 0)} V{_f(page.header_height)}")
        table.append(f"M{_f(column.x)},{_f(first_row_top)} V{_f(rows_bottom)}")
        previous = column.key
    table.append(f"M{_f(lane_left)},{_f(first_level)} H{_f(lane_right)}")
    mutu = [c for c in page.columns if c.key in ("requirements", "duration", "output")]
    table.append(f"M{_f(mutu[0].x)},{_f(first_level)} H{_f(mutu[-1].x + mutu[-1].w)}")
    number_row = page.header[-1].box.y - 1.5
    table.append(f"M0,{_f(number_row)} H{_f(w)}")
    for _, row in page.rows[:-1]:
        table.append(f"M0,{_f(row.bottom)} H{_f(w)}")
    out.append(f'<path class="grid" d="{" ".join(table)}" {PAINT["grid"]}/>')
    out += [_text(block) for block in page.header]
    out += [_text(block) for block in page.texts]
    for line in page.lines:
        d = "M" + " L".join(f"{_f(x)},{_f(y)}" for x, y in line.points)
        out.append(f'<path class="flow" d="{d}" {PAINT["flow"]}/>{_arrowhead(line.points)}')
    for (x1, y1), (x2, y2) in page.joins:
        out.append(f'<path class="join" d="M{_f(x1)},{_f(y1)} L{_f(x2)},{_f(y2)}" {PAINT["flow"]}/>')
    out += [_symbol(s.kind, s.box, s.step) for s in page.symbols]
    out += [_symbol(s.kind, s.box, s.step, joint=True) for s in page.joined]
    out += [_connector(c) for c in page.connectors]
    for label in page.labels:
        out.append(
            f'<text x="{_f(label.box.x + 1)}" y="{_f(label.box.y + label.box.h * 0.8)}" font-size="{_f(page.font_size - 0.5)}">'
            f"{escape(label.text)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _drawn_bottom(page: Page) -> float:
    """The lowest point drawn on the page (rows, off-page connectors, flow lines), with room for the
    stroke."""
    bottoms = [page.rows[-1][1].bottom if page.rows else page.header_height]
    bottoms += [c.box.y + c.box.h for c in page.connectors]
    bottoms += [y for line in page.lines for _, y in line.points]
    return min(page.height, max(bottoms) + 1)


def _first_level_height(page: Page) -> float:
    """Bottom of the first header level ("Pelaksana", "Mutu Baku"): the text is centred in it."""
    pelaksana = next(b for b in page.header if b.lines == ("Pelaksana",))
    return pelaksana.box.bottom + pelaksana.box.y
