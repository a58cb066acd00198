"""Files that are not signed text SOPs are refused with a clear message, within limits of time and memory."""

import re

import pytest

from digitise.reader.reader import read_pdf
from digitise.reader.result import Refused
from digitise.reader.sandbox import read_limited

from .pdfs import minimal_pdf, sample, scanned_pdf


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 a zip file named .pdf", "Berkas ini bukan PDF."),
        (b"", "Berkas ini bukan PDF."),
        (minimal_pdf(text="x", encrypted=True), "terkunci dengan kata sandi"),
        (sample("bps-011").read_bytes()[:20000], "rusak atau tidak lengkap"),
        (minimal_pdf(500), "PDF ini 500 halaman; satu SOP paling banyak 60 halaman"),
        (
            minimal_pdf(text="NOMOR SOP 1 NAMA SOP Uji No Kegiatan Pelaksana Waktu Output", height=14400),
            "ukuran halaman",
        ),
        (minimal_pdf(text="Dengan hormat, kami mengundang Bapak/Ibu hadir dalam rapat koordinasi."), "bukan SOP AP"),
        (scanned_pdf(), "tidak memiliki lapisan teks (hasil pindai)"),
    ],
    ids=["not-pdf", "empty", "encrypted", "truncated", "500-pages", "huge-page", "not-an-sop", "scanned"],
)
def test_bad_file_is_refused_with_its_reason(data, message):
    with pytest.raises(Refused, match=re.escape(message)):
        read_limited(data)


def test_bad_file_reader_refuses_the_same_without_the_sandbox():
    with pytest.raises(Refused, match="hasil pindai"):
        read_pdf(scanned_pdf())


def test_bad_file_over_the_memory_limit_is_refused_and_the_caller_goes_on():
    # A flowchart page of 4900 x 4900 pt: its pictures take about half a gigabyte, far over 64 MB.
    heavy = minimal_pdf(text="NOMOR SOP 1 NAMA SOP Uji No Kegiatan Pelaksana Waktu Output", width=4900, height=4900)
    with pytest.raises(Refused, match="terlalu berat"):
        read_limited(heavy, memory=64 * 1024 * 1024)
    assert len(read_limited(sample("bps-011").read_bytes()).steps) == 12


def test_bad_file_over_the_time_limit_is_refused():
    with pytest.raises(Refused, match=r"terlalu (berat|lama)"):
        read_limited(sample("bps-029").read_bytes(), seconds=0)


def test_bad_file_too_large_is_refused_before_reading():
    with pytest.raises(Refused, match="paling besar 20 MB"):
        read_limited(b"%PDF-" + b"0" * (20 * 1024 * 1024 + 1))
