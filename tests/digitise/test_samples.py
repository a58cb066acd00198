"""The importer on the twelve signed samples: every field the evaluation counts, as typed from the PDF."""

import json
from decimal import Decimal

import pytest

from digitise.reader.evaluation import IDENTITY_FIELDS, compare
from digitise.reader.reader import read_pdf
from digitise.reader.result import to_json
from sop.durations import Duration

from .pdfs import EXPECTED, SAMPLE_FILES, sample


def test_every_sample_has_an_expected_result():
    assert len(SAMPLE_FILES) == 12, "shared/samples and shared/samples/import-dev hold twelve signed SOPs"
    assert sorted(p.stem for p in SAMPLE_FILES) == sorted(p.stem for p in EXPECTED.glob("*.json"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem[:7])
def test_sample_reads_as_typed_from_the_pdf(path):
    expected = json.loads((EXPECTED / f"{path.stem}.json").read_text())
    actual = to_json(read_pdf(path.read_bytes()), file=path.name)
    score = compare(expected, actual)
    assert score.differences == []
    assert score.identity_right == len(IDENTITY_FIELDS)
    assert score.steps_found == score.steps_present == len(expected["steps"])
    assert actual["actors"] == expected["actors"]


def test_sample_dates_are_parsed_to_dates():
    identity = read_pdf(sample("bps-043").read_bytes()).identity
    assert (identity.tanggal_pembuatan.isoformat(), identity.tanggal_revisi.isoformat()) == ("2021-01-08", "2025-05-26")
    assert identity.tanggal_efektif.isoformat() == "2025-06-02"
    assert read_pdf(sample("bps-025").read_bytes()).identity.tanggal_revisi is None  # printed "-"


def test_sample_durations_are_read_as_printed():
    steps = read_pdf(sample("bps-001").read_bytes()).steps
    assert (steps[0].waktu, steps[0].duration) == ("10 hari", Duration(Decimal(10), None, "hari"))
    assert (steps[2].waktu, steps[2].duration) == ("Sesuai masa kontrak", Duration(text="Sesuai masa kontrak"))


def test_sample_missing_box_is_a_warning_naming_the_page():
    result = read_pdf(sample("bps-009").read_bytes())
    assert "Halaman 1: kotak PERALATAN/PERLENGKAPAN tidak ditemukan." in result.warnings
    assert result.identity.peralatan == []
    assert result.identity.confidence["peralatan"] == 0.0


def test_sample_boxes_joined_across_lanes_are_a_step_of_several_actors():
    result = read_pdf(sample("bps-001").read_bytes())
    step = result.steps[6]
    assert (step.actor, step.co_actors) == (
        "Biro Umum/Bagian Umum/Subbag Umum",
        ["Operator/Approver SAKTI Modul Persediaan"],
    )
    assert not any("langkah 7: simbol di beberapa kolom" in w for w in result.warnings)


def test_sample_the_actor_of_a_joint_step_is_the_lane_the_flow_passes_through():
    """bps-012 step 7: four boxes joined by one line; the flow comes into and leaves the last lane's."""
    step = read_pdf(sample("bps-012").read_bytes()).steps[6]
    assert step.actor == "Kepala"
    assert step.co_actors == ["Tim Kerja", "Tim Sakip", "Tim Perencanaan, Penganggaran dan Pemantauan Evaluasi"]
    assert step.confidence["actor"] == 1.0


def test_sample_a_terminator_beside_a_box_still_warns_and_takes_the_first_lane():
    result = read_pdf(sample("bps-025").read_bytes())
    assert (result.steps[0].actor, result.steps[0].co_actors, result.steps[0].kind) == ("Bagian Umum", [], "start")
    assert any(w.startswith("Halaman 2, langkah 1: simbol di beberapa kolom") for w in result.warnings)


def test_sample_restarted_numbering_continues_and_says_so():
    result = read_pdf(sample("bps-029").read_bytes())
    assert [s.number for s in result.steps] == list(range(1, 67))
    assert sum("penomoran langkah mulai lagi" in w for w in result.warnings) == 7
    assert [s.kind for s in result.steps if s.kind == "start"] == ["start"] * 8


def test_sample_continuation_page_without_header_is_read():
    result = read_pdf(sample("bps-012").read_bytes())
    assert [s.number for s in result.steps if s.page == 3] == [10, 11, 12, 13, 14]
    assert result.steps[-1].kind == "end"


def test_sample_flow_lines_are_traced_with_their_labels():
    steps = {s.number: s for s in read_pdf(sample("bps-011").read_bytes()).steps}
    assert [steps[n].next for n in (1, 2, 3, 5, 7, 9, 10, 11)] == [2, 3, 4, 6, 8, 10, 11, 12]
    # "Tidak" loops back to the first step, "Ya" goes on (as drawn).
    assert (steps[4].yes, steps[4].no) == (5, 1)
    assert (steps[6].yes, steps[6].no) == (7, 1)
    assert steps[4].confidence["flow"] > 0.5 and steps[12].next is None


def test_sample_flow_follows_a_line_that_skips_a_step():
    steps = read_pdf(sample("bps-025").read_bytes()).steps
    assert steps[1].next == 4  # the scanned letter goes on to the agenda, not to the e-mail download


def test_sample_untraced_flow_is_assumed_in_order_and_said():
    result = read_pdf(sample("bps-025").read_bytes())
    decision = result.steps[4]
    assert decision.kind == "decision" and decision.yes == 6 and decision.no is None
    assert decision.confidence["flow"] < 0.5
    assert (
        "Langkah 5 (keputusan): cabang Ya/Tidak tidak dapat ditelusuri; Ya diisi langkah berikutnya, Tidak perlu diisi."
        in result.warnings
    )
    assert any(w.startswith("Garis alir dari langkah 1, ") for w in result.warnings)
