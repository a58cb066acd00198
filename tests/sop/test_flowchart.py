"""Geometry of the flowchart: symbols in their lane and row, lines from edge to edge with right angles,
never through a symbol or a label, never along another line; connectors in matching pairs."""

import itertools
import random
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from sop.content import ActorData, StepData, VersionContent
from sop.flowchart import layout, svg
from sop.flowchart.layout import Box

EPS = 0.01


def procedure(
    n_steps: int,
    n_actors: int,
    seed: int,
    loops: float = 0.2,
    long_text: bool = False,
    reach: int = 8,
    joint: float = 0.0,
) -> VersionContent:
    """A random procedure; decisions loop back at most ``reach`` steps (0: anywhere); with ``joint``
    the chance that an activity or decision is carried out by one to three further actors too."""
    rng = random.Random(seed)
    actors = tuple(ActorData(i + 1, f"Pelaksana {i + 1}") for i in range(n_actors))
    steps = []
    for n in range(1, n_steps + 1):
        kind = "start" if n == 1 else "end" if n == n_steps else ("decision" if rng.random() < loops else "activity")
        text = f"Langkah {n} " + " ".join(
            rng.choice(["menerima", "memeriksa", "berkas", "surat", "menyetujui"])
            for _ in range(rng.randint(2, 40 if long_text else 9))
        )
        actor = actors[rng.randrange(n_actors)].key
        if kind == "decision":
            yes, no = n + 1, rng.randint(max(1, n - reach) if reach else 1, n - 1)
            steps.append(StepData(n, kind, text + "?", actor=actor, yes=yes, no=no))
        elif kind == "end":
            steps.append(StepData(n, kind, text, actor=actor))
        else:
            steps.append(
                StepData(
                    n,
                    kind,
                    text,
                    actor=actor,
                    next=n + 1,
                    requirements="Berkas",
                    duration_value=Decimal(1),
                    duration_unit="hari",
                    output="Hasil",
                )
            )
    for a in actors:  # every actor used at least once
        if all(s.actor != a.key for s in steps):
            i = rng.randrange(len(steps))
            steps[i] = StepData(**{**steps[i].__dict__, "actor": a.key})
    for i, step in enumerate(steps):
        if step.kind in ("activity", "decision") and n_actors > 1 and rng.random() < joint:
            others = [a.key for a in actors if a.key != step.actor]
            if step.kind == "decision":  # on one side of its actor (procedure.validate: joint_decision_sides)
                side = rng.choice([[k for k in others if k < step.actor], [k for k in others if k > step.actor]])
                others = side or others
            co = tuple(sorted(rng.sample(others, rng.randint(1, min(3, len(others))))))
            steps[i] = StepData(**{**step.__dict__, "co_actors": co})
    return VersionContent(number="SOP-1", title="Uji", actors=actors, steps=tuple(steps))


def segments(line):
    return list(zip(line.points, line.points[1:], strict=False))


def inside(box: Box, x: float, y: float) -> bool:
    """Strictly inside (the border does not count)."""
    return box.x + EPS < x < box.right - EPS and box.y + EPS < y < box.bottom - EPS


def crosses(box: Box, a, b) -> bool:
    """Does the axis-aligned segment a-b pass through the interior of ``box``?"""
    (x1, y1), (x2, y2) = a, b
    if abs(y1 - y2) < EPS:  # horizontal
        return box.y + EPS < y1 < box.bottom - EPS and min(x1, x2) < box.right - EPS and max(x1, x2) > box.x + EPS
    return box.x + EPS < x1 < box.right - EPS and min(y1, y2) < box.bottom - EPS and max(y1, y2) > box.y + EPS


def crosses_diamond(box: Box, a, b) -> bool:
    """Does the segment pass through the inside of the diamond drawn in ``box``? (sampled every 0.25 pt)"""
    (x1, y1), (x2, y2) = a, b
    steps = max(1, int((abs(x2 - x1) + abs(y2 - y1)) / 0.25))
    for i in range(1, steps):
        x, y = x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps
        if abs(x - box.cx) / (box.w / 2) + abs(y - box.cy) / (box.h / 2) < 0.98:
            return True
    return False


def on_edge(box: Box, point) -> bool:
    x, y = point
    on_x = box.x - EPS <= x <= box.right + EPS
    on_y = box.y - EPS <= y <= box.bottom + EPS
    return on_x and on_y and not inside(box, x, y)


def diamond_edge(box: Box, point) -> bool:
    x, y = point
    return abs(abs(x - box.cx) / (box.w / 2) + abs(y - box.cy) / (box.h / 2) - 1) < 0.02


def check_page(page, content, labels: bool = True):
    lanes = [c for c in page.columns if c.key == "lane"]
    rows = dict(page.rows)
    actor_index = {a.key: i for i, a in enumerate(content.actors)}
    by_step = {s.number: s for s in content.steps}
    symbols = {s.step: s for s in page.symbols}
    # Every symbol inside its actor's lane and its step's row.
    for sym in page.symbols:
        lane, row = lanes[actor_index[by_step[sym.step].actor]], rows[sym.step]
        assert lane.x <= sym.box.x and sym.box.right <= lane.x + lane.w, sym
        assert row.y <= sym.box.y and sym.box.bottom <= row.bottom, sym
        assert sym.kind == by_step[sym.step].kind
    # The symbols of a step's further actors: one in each of their lanes, in the step's row, as tall as
    # the step's own, joined to it in a chain of lines without arrow along the symbols' middle.
    for step in content.steps:
        if step.number not in symbols:
            continue
        joined = [s for s in page.joined if s.step == step.number]
        own = symbols[step.number]
        wanted = {actor_index[k] for k in step.co_actors} - {own.lane}
        assert sorted(s.lane for s in joined) == sorted(wanted), step
        chain = sorted([own, *joined], key=lambda s: s.lane)
        for sym in joined:
            lane = lanes[sym.lane]
            assert lane.x <= sym.box.x and sym.box.right <= lane.x + lane.w, sym
            assert (sym.kind, sym.box.y, sym.box.h) == (own.kind, own.box.y, own.box.h)
        for left, right in itertools.pairwise(chain):
            assert ((left.box.right, own.box.cy), (right.box.x, own.box.cy)) in [
                tuple(sorted(j)) for j in page.joins
            ], (step, page.joins)
    assert len(page.joins) == len(page.joined)
    for label in page.labels if labels else ():
        assert not any(crosses(label.box, *join) for join in page.joins), label
    ends = {**{f"step:{n}": s.box for n, s in symbols.items()}}
    obstacles = [*page.symbols, *page.joined, *page.connectors]
    all_segments = [(i, seg) for i, line in enumerate(page.lines) for seg in segments(line)]
    for line in page.lines:
        for a, b in segments(line):
            assert abs(a[0] - b[0]) < EPS or abs(a[1] - b[1]) < EPS, f"not a right angle: {line}"
            for thing in obstacles:
                hit = (
                    crosses_diamond(thing.box, a, b)
                    if getattr(thing, "kind", "") == "decision"
                    else crosses(thing.box, a, b)
                )
                assert not hit, f"line {line.source}->{line.target} crosses {thing}"
            for label in page.labels if labels else ():
                assert not crosses(label.box, a, b), f"line {line.source}->{line.target} crosses label {label}"
        # Starts and ends on a symbol's (or connector's) edge.
        for end, point in ((line.source, line.points[0]), (line.target, line.points[-1])):
            if end.startswith("step:"):
                box = ends[end]
                kind = symbols[int(end[5:])].kind
                assert diamond_edge(box, point) if kind == "decision" else on_edge(box, point), (end, point, box)
            else:
                assert any(on_edge(c.box, point) for c in page.connectors), (end, point)
    # No two lines run along each other.
    for i, (a1, b1) in all_segments:
        for j, (a2, b2) in all_segments:
            if i >= j:
                continue
            assert not overlap((a1, b1), (a2, b2)), f"lines {page.lines[i]} and {page.lines[j]} overlap"
        for join in page.joins:  # a flow line never runs along a joining line
            assert not overlap((a1, b1), join), f"line {page.lines[i]} runs along the join {join}"


def overlap(s1, s2) -> bool:
    (a1, b1), (a2, b2) = s1, s2
    if abs(a1[1] - b1[1]) < EPS and abs(a2[1] - b2[1]) < EPS and abs(a1[1] - a2[1]) < EPS:  # both horizontal, same y
        lo, hi = max(min(a1[0], b1[0]), min(a2[0], b2[0])), min(max(a1[0], b1[0]), max(a2[0], b2[0]))
        return hi - lo > 0.5
    if abs(a1[0] - b1[0]) < EPS and abs(a2[0] - b2[0]) < EPS and abs(a1[0] - a2[0]) < EPS:  # both vertical, same x
        lo, hi = max(min(a1[1], b1[1]), min(a2[1], b2[1])), min(max(a1[1], b1[1]), max(a2[1], b2[1]))
        return hi - lo > 0.5
    return False


def check_document(content, paper="A4", labels: bool = True):
    pages = layout(content, paper)
    placed = [n for p in pages for n, _ in p.rows]
    for page in pages:  # a number twice means a row carried over from the page before
        numbers = [n for n, _ in page.rows]
        assert {n for n in numbers if numbers.count(n) > 1 or n in page.continued} <= set(page.continued)
    symbols = [s.step for p in pages for s in p.symbols]
    assert sorted(symbols) == symbols and len(set(symbols)) == len(symbols), "each symbol once, in order"
    assert [n for i, n in enumerate(placed) if i == 0 or placed[i - 1] != n] == [s.number for s in content.steps], (
        "every step, in order; a step too tall for a page goes on in rows of its own number"
    )
    letters: dict[str, list[tuple[int, bool]]] = {}
    for page in pages:
        assert page.header and page.header == pages[0].header, "header repeated on every page"
        bottoms = [row.bottom for _, row in page.rows]
        assert all(b <= page.height + EPS for b in bottoms)
        check_page(page, content, labels)
        for c in page.connectors:
            letters.setdefault(c.label, []).append((page.number, c.points_down))
        ET.fromstring(svg(page, title=content.title))  # well-formed
    for letter, places in letters.items():
        assert len(places) == 2 and places[0][0] != places[1][0], f"connector {letter} not in a pair on two pages"
    return pages


@pytest.mark.parametrize("seed", range(200))
def test_random_procedures_geometry(seed):
    rng = random.Random(seed)
    check_document(procedure(rng.randint(3, 45), rng.randint(2, 8), seed))


@pytest.mark.parametrize("seed", range(150))
def test_steps_of_several_actors_draw_joined_symbols_that_no_flow_line_crosses(seed):
    rng = random.Random(seed)
    check_document(procedure(rng.randint(3, 40), rng.randint(2, 9), seed, joint=0.3))


@pytest.mark.parametrize("seed", range(100))
def test_pathological_density_keeps_lines_off_symbols_and_each_other(seed):
    """One lane, a decision in four, loops back anywhere: labels may get crowded, lines may not."""
    rng = random.Random(seed)
    check_document(procedure(rng.randint(3, 45), rng.randint(1, 3), seed, loops=0.25, reach=0), labels=False)


@pytest.mark.parametrize(("steps", "pages"), [(5, 1), (17, 2), (60, 5)])
def test_page_count_grows_with_steps(steps, pages):
    content = procedure(steps, 4, seed=steps, loops=0)
    assert len(check_document(content)) == pages


def test_ten_actors_fit_with_smaller_font():
    pages = check_document(procedure(12, 10, seed=3))
    assert pages[0].font_size < 7 and len([c for c in pages[0].columns if c.key == "lane"]) == 10
    assert pages[0].columns[-1].x + pages[0].columns[-1].w <= pages[0].width + EPS


def test_hundred_steps_paginate():
    pages = check_document(procedure(100, 5, seed=100))
    assert len(pages) >= 8


def test_very_long_text_wraps_inside_cells():
    pages = check_document(procedure(8, 3, seed=8, long_text=True))
    for page in pages:
        for block in page.texts:
            column = next(c for c in page.columns if c.x <= block.box.x < c.x + c.w)
            assert block.box.x + block.box.w <= column.x + column.w + EPS


def test_backward_flow_across_pages_gets_connectors_the_other_way_round():
    steps = [StepData(1, "start", "Mulai", actor=1, next=2)]
    steps += [StepData(n, "activity", f"Kegiatan {n}", actor=1 + n % 2, next=n + 1) for n in range(2, 30)]
    steps += [StepData(30, "decision", "Ulangi?", actor=1, yes=31, no=2), StepData(31, "end", "Selesai", actor=2)]
    content = VersionContent(number="X", title="X", actors=(ActorData(1, "A"), ActorData(2, "B")), steps=tuple(steps))
    pages = check_document(content)
    back = [(p.number, c) for p in pages for c in p.connectors if not c.points_down]
    assert {n for n, _ in back} == {1, pages[-1].number}


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "Ŝ Ä ☃ 🙂", "مرحبا", "ꦧꦱꦗꦮ", "a" * 300, "&amp; <b>"])
def test_any_typed_character_comes_out_as_text(text):
    content = VersionContent(
        number="X",
        title=text,
        actors=(ActorData(1, text),),
        steps=(StepData(1, "start", text, actor=1, next=2, notes=text), StepData(2, "end", text, actor=1)),
    )
    document = svg(layout(content)[0], title=text)
    tree = ET.fromstring(document)
    assert tree.find(".//{http://www.w3.org/2000/svg}script") is None
    joined = "".join(tree.itertext())
    assert text[:20] in joined


def test_empty_and_actorless_draft_still_renders():
    content = VersionContent(number="X", title="Draf", actors=(), steps=(StepData(1, "activity", "", actor=None),))
    pages = layout(content)
    assert len(pages) == 1 and not pages[0].symbols
    ET.fromstring(svg(pages[0]))


def test_a_step_taller_than_a_page_keeps_its_symbol_and_continues_overleaf_under_its_number():
    notes = " ".join(f"kata{i:04d}" for i in range(600))
    steps = (
        StepData(1, "start", "Mulai", actor=1, next=2),
        StepData(2, "activity", "Memeriksa", actor=2, next=3, notes=notes),
        StepData(3, "end", "Selesai", actor=1),
    )
    content = VersionContent(number="X", title="X", actors=(ActorData(1, "A"), ActorData(2, "B")), steps=steps)
    pages = check_document(content)
    carried = [p for p in pages if 2 in p.continued]
    assert len(carried) >= 2 and all(p.number > 1 for p in carried)
    assert sum(1 for p in pages for s in p.symbols if s.step == 2) == 1  # one symbol, on its first page
    lines = [line for p in pages for b in p.texts for line in b.lines]
    assert sorted(w for line in lines for w in line.split() if w.startswith("kata")) == notes.split()
    for page in carried:
        assert any(b.lines[:1] == ("(lanjutan)",) for b in page.texts)
        bottom = max(row.bottom for _, row in page.rows)
        assert bottom <= page.height + EPS  # every row within its page


@pytest.mark.parametrize("actors", [7, 8, 9])
def test_many_actors_keep_lanes_wide_enough_for_capsules_and_rectangles(actors):
    """Lanes keep 17 mm (the text columns give room first): terminators stay capsules, activities
    rectangles, never circles and squares."""
    pages = check_document(procedure(14, actors, seed=actors))
    lanes = [c for c in pages[0].columns if c.key == "lane"]
    assert min(c.w for c in lanes) >= 17 * 72 / 25.4 - EPS
    for symbol in (s for p in pages for s in p.symbols if s.kind in ("start", "end", "activity")):
        assert symbol.box.w >= 1.45 * symbol.box.h, symbol


def test_a_name_too_long_for_its_lane_breaks_at_a_syllable_with_a_hyphen():
    from sop.flowchart.text import HYPHEN, wrap

    assert wrap("Sekretaris", 28, 7) == [f"Sekre{HYPHEN}", "taris"]  # not "Sekretar|is"
    assert wrap("Penatausahaan", 30, 7) == [f"Pena{HYPHEN}", f"tausa{HYPHEN}", "haan"]
    assert wrap("Sub-bagian", 25, 7)[0] == "Sub-"  # a hyphen that is typed stays the place to break


@pytest.mark.parametrize("steps", [3, 8, 17])
def test_on_screen_a_page_is_as_tall_as_what_is_drawn_on_it(steps):
    """The editor's preview and the SOP page show each flowchart page only as tall as its rows and
    connectors; the PDF keeps the whole sheet."""
    content = procedure(steps, 3, seed=steps)
    pages = layout(content, "A4")
    for page in pages:
        sheet, fitted = ET.fromstring(svg(page)), ET.fromstring(svg(page, fit=True))
        assert float(sheet.get("viewBox").split()[3]) == pytest.approx(page.height, abs=0.01)
        height = float(fitted.get("viewBox").split()[3])
        assert float(fitted.get("height").removesuffix("pt")) == pytest.approx(height)
        drawn = [page.rows[-1][1].bottom, *(c.box.y + c.box.h for c in page.connectors)]
        drawn += [y for line in page.lines for _, y in line.points]
        assert max(drawn) < height <= max(drawn) + 1.01 or height == pytest.approx(page.height, abs=0.01)
    if steps == 3:  # a short procedure: no blank sheet below it
        assert float(ET.fromstring(svg(pages[0], fit=True)).get("viewBox").split()[3]) < pages[0].height / 2
