"""Waktu as people write it: read, printed back, measured; old content hashes unchanged."""

import datetime
from decimal import Decimal

import pytest

from sop import durations
from sop.content import ActorData, LegalBasisData, StepData, VersionContent, content_hash, from_json, to_json
from sop.durations import Duration


@pytest.mark.parametrize(
    ("written", "duration", "printed"),
    [
        ("1 Hari Kerja", Duration(Decimal(1), None, "hari kerja"), "1 hari kerja"),
        ("5 HK", Duration(Decimal(5), None, "hari kerja"), "5 hari kerja"),
        ("1-3 Hari", Duration(Decimal(1), Decimal(3), "hari"), "1–3 hari"),
        ("1 s.d. 3 hari kerja", Duration(Decimal(1), Decimal(3), "hari kerja"), "1–3 hari kerja"),
        ("2 sampai dengan 4 minggu", Duration(Decimal(2), Decimal(4), "minggu"), "2–4 minggu"),
        ("10 menit.", Duration(Decimal(10), None, "menit"), "10 menit"),
        ("0,5 jam", Duration(Decimal("0.5"), None, "jam"), "0,5 jam"),
        ("1 thn", Duration(Decimal(1), None, "tahun"), "1 tahun"),
        ("3", Duration(Decimal(3)), "3"),
        ("Semesteran", Duration(text="Semesteran"), "Semesteran"),
        ("Sesuai  kebutuhan", Duration(text="Sesuai kebutuhan"), "Sesuai kebutuhan"),
        ("dua jam", Duration(text="dua jam"), "dua jam"),
        ("-", Duration(), ""),
        ("", Duration(), ""),
    ],
)
def test_a_time_is_read_as_written_and_printed_back_as_the_sop_prints_it(written, duration, printed):
    assert durations.read(written) == duration
    assert str(duration) == printed
    assert durations.read(printed) == duration  # what is printed reads back the same


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0 hari", "Waktu harus angka lebih dari 0."),
        ("-1 jam", "Waktu harus angka lebih dari 0."),
        ("3-1 hari", "Rentang waktu ditulis dari yang kecil ke yang besar, mis. 1–3 hari."),
        ("2-2 jam", "Rentang waktu ditulis dari yang kecil ke yang besar, mis. 1–3 hari."),
        ("123456 menit", "Waktu terlalu besar; tuliskan dengan satuan yang lebih besar."),
        ("x" * 101, "Waktu paling panjang 100 karakter."),
    ],
)
def test_a_number_that_cannot_be_a_time_is_refused_when_typed_and_kept_as_text_when_printed(written, message):
    with pytest.raises(durations.Unreadable, match=message.replace(".", r"\.")):
        durations.read(written)
    assert durations.parse(written) == Duration(text=written[: durations.TEXT_MAX])


@pytest.mark.parametrize(
    ("duration", "minutes", "workdays"),
    [
        (Duration(Decimal(30), None, "menit"), 30, Decimal("0.0667")),
        (Duration(Decimal(2), None, "jam"), 120, Decimal("0.2667")),
        (Duration(Decimal(1), None, "hari kerja"), 450, Decimal(1)),
        (Duration(Decimal(1), Decimal(3), "hari"), 1350, Decimal(3)),  # a range: at most its upper bound
        (Duration(Decimal(1), None, "minggu"), 2250, Decimal(5)),
        (Duration(Decimal(1), None, "bulan"), 9450, Decimal(21)),
        (Duration(Decimal(1), None, "tahun"), 112500, Decimal(250)),
        (Duration(Decimal(3)), None, None),  # no unit yet
        (Duration(text="Sesuai kebutuhan"), None, None),
    ],
)
def test_a_time_is_measured_in_working_minutes_and_days_where_it_can_be(duration, minutes, workdays):
    assert (duration.minutes, duration.workdays) == (minutes, workdays)


def _content(scheme=1, **step) -> VersionContent:
    return VersionContent(
        scheme=scheme,
        number="1",
        title="T",
        unit_lines=("A",),
        date_created=datetime.date(2024, 1, 2),
        actors=(ActorData(5, "X"),),
        steps=(
            StepData(1, "start", "Mulai", 5, duration_value=Decimal("1.5"), duration_unit="jam", next=2, **step),
            StepData(2, "end", "Selesai", 5),
        ),
        legal_bases=(LegalBasisData("UU", "1", 2000, "x"),),
        warnings=("w",),
    )


def test_content_hashed_before_times_were_kept_as_written_keeps_its_hash():
    """This hash was computed before ranges and free text existed: every PDF signed then still verifies."""
    assert content_hash(_content()) == "d4d0597dd77280a55559d91aca2919240d510c10b71f9f958d51fed83be0e138"
    assert content_hash(from_json(to_json(_content()))) == content_hash(_content())


def test_a_range_or_a_text_is_content_the_hash_covers():
    ranged = _content(duration_value_max=Decimal(3))
    assert content_hash(ranged) != content_hash(_content())
    assert from_json(to_json(ranged)).steps[0].duration == "1,5–3 jam"
    assert content_hash(_content(duration_text="Sesuai kebutuhan")) != content_hash(_content())
