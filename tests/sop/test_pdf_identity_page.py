"""The identity sheet stands on one page, as on every signed original: the content of each signed
sample (shared/samples, import-dev and import-dev2), as the importer reads it, printed by the portal,
leaves page 1 whole and starts the flowchart on page 2. Its type is as large as that allows."""

import subprocess

from digitise.reader.reader import read_pdf
from sop import pdf
from sop.content import ActorData, LegalBasisData, RelatedData, StepData, VersionContent
from tests.digitise.pdfs import SAMPLES
from tests.sop.test_pdf import words

ALL_SAMPLES = sorted(SAMPLES.glob("**/*.pdf"))


def typed_in(result) -> VersionContent:
    """A signed SOP as a person would type it into the portal from what the importer read."""
    identity = result.identity
    key = {name: k for k, name in enumerate(result.actors, 1)}
    return VersionContent(
        number=identity.nomor or "SOP",
        title=identity.nama or "SOP",
        status="in_force",
        unit_lines=tuple(identity.agency_lines),
        date_created=identity.tanggal_pembuatan,
        date_effective=identity.tanggal_efektif,
        signer_name=identity.disahkan_oleh.nama,
        signer_nip=identity.disahkan_oleh.nip,
        signer_position=identity.disahkan_oleh.jabatan,
        legal_bases=tuple(LegalBasisData(kind=text) for text in identity.dasar_hukum),
        qualifications=tuple(identity.kualifikasi_pelaksana),
        related=tuple(RelatedData(text) for text in identity.keterkaitan),
        equipment=tuple(identity.peralatan),
        warnings=tuple(identity.peringatan),
        records=tuple(identity.pencatatan),
        actors=tuple(ActorData(k, name) for name, k in key.items()),
        steps=tuple(
            StepData(s.number, s.kind, s.kegiatan or "-", key.get(s.actor), next=s.next, yes=s.yes, no=s.no)
            for s in result.steps
        ),
    )


def page_text(data: bytes, number: int) -> str:
    args = ["pdftotext", "-f", str(number), "-l", str(number), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def test_every_signed_samples_identity_sheet_stands_on_one_page_as_in_the_original():
    assert len(ALL_SAMPLES) == 46
    for path in ALL_SAMPLES:
        content = typed_in(read_pdf(path.read_bytes()))
        data = pdf.render_pdf(content, content_hash="a" * 64)
        first, second = words(page_text(data, 1)), words(page_text(data, 2))
        # Page 1 holds the sheet to its last box and the verification line; page 2 is the flowchart.
        for entry in [*content.records, *content.warnings, *map(str, content.legal_bases)][-3:]:
            assert words(entry)[:40] in first, (path.name, entry)
        assert "Sidik isi (SHA-256)" in first, path.name
        assert "PENCATATAN DAN PENDATAAN" not in second and "Pelaksana" in second, path.name


def _identity_size(content: VersionContent) -> float:
    document = pdf._document(
        content,
        content_hash="",
        letterhead=None,
        paper="",
        workday_minutes=450,
        note="",
    )
    table = next(
        box
        for page in document.pages  # a draft's first page lists its problems
        for box in page._page_box.descendants()
        if getattr(box, "element", None) is not None and box.element.get("class") == "identity"
    )
    return round(table.style["font_size"] * 0.75, 1)  # CSS pixels to points


def test_a_short_sheet_keeps_its_full_type_and_a_long_one_shrinks_only_as_far_as_it_must():
    short = VersionContent(number="SOP-1", title="Uji", legal_bases=(LegalBasisData("Undang-Undang", "25", 2009),))
    assert _identity_size(short) == pdf.IDENTITY_SIZES[0]
    long = VersionContent(
        number="SOP-1",
        title="Uji",
        legal_bases=tuple(
            LegalBasisData("Peraturan Menteri Keuangan", str(n), 2016, "Penatausahaan Barang Milik Negara " * 2)
            for n in range(14)
        ),
        qualifications=tuple(f"Memahami peraturan terkait penatausahaan barang persediaan {n}" for n in range(6)),
    )
    size = _identity_size(long)
    assert size < pdf.IDENTITY_SIZES[0]
    data = pdf.render_pdf(long)  # a draft: its problems first, then the sheet on one page
    assert "PENCATATAN DAN PENDATAAN" in page_text(data, 2)
    assert "Pelaksana" in page_text(data, 3)
