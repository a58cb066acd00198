"""Indonesian dates as identity sheets print them."""

import datetime

import pytest

from digitise.reader.dates import parse_date

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


@pytest.mark.parametrize("month", range(1, 13))
def test_date_every_indonesian_month_parses(month):
    assert parse_date(f"02 {MONTHS[month - 1]} 2025") == datetime.date(2025, month, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 Juni 2025", datetime.date(2025, 6, 2)),
        ("02 JUNI 2025", datetime.date(2025, 6, 2)),
        ("2 Pebruari 2024", datetime.date(2024, 2, 2)),  # old spelling
        ("30 Nopember 2023", datetime.date(2023, 11, 30)),
        ("17 Agutus 2022", datetime.date(2022, 8, 17)),  # typo
        ("1 Okotber 2021", datetime.date(2021, 10, 1)),  # typo
        ("5 Desmber 2020", datetime.date(2020, 12, 5)),  # typo
        ("12 Sep. 2024", datetime.date(2024, 9, 12)),  # abbreviation
        ("12-Mei-2024", datetime.date(2024, 5, 12)),
        ("02/06/2025", datetime.date(2025, 6, 2)),  # day first
        ("2025-06-02", datetime.date(2025, 6, 2)),
        ("Bengkulu, 8 Januari 2021", datetime.date(2021, 1, 8)),
        ("2 June 2025", datetime.date(2025, 6, 2)),
    ],
)
def test_date_variants_and_typos_parse(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "-", "–", "belum ditetapkan", "31 Februari 2025", "2 Zulu 2025", "13/13/2025"])
def test_date_without_a_real_date_is_none(text):
    assert parse_date(text) is None
