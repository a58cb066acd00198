"""The importer reads back what the portal itself prints: another layout than the signed samples."""

from io import StringIO

import pytest
from django.core.management import call_command

from digitise.reader.reader import read_pdf
from sop import pdf, selectors
from sop.content import content_of
from sop.models import SOP


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize("number", ["SOP-001/UMUM/2025", "SOP-001/PDP/2025", "SOP-002/BKAD/2025"])
def test_round_trip_portal_pdf_reads_back_as_drafted(demo, number):
    version = SOP.objects.get(number=number).versions.order_by("-revision").first()
    content = content_of(version)
    printed = pdf.render_pdf(content, letterhead=selectors.letterhead(version))
    result = read_pdf(printed)
    identity = result.identity
    assert identity.nomor == content.number
    assert identity.nama.casefold() == content.title.casefold()  # the sheet prints the title in capitals
    assert (identity.tanggal_pembuatan, identity.tanggal_efektif) == (content.date_created, content.date_effective)
    assert (identity.disahkan_oleh.nama, identity.disahkan_oleh.nip) == (content.signer_name, content.signer_nip)
    assert identity.dasar_hukum == [str(entry) for entry in content.legal_bases]
    assert identity.kualifikasi_pelaksana == list(content.qualifications)
    assert identity.peralatan == list(content.equipment)
    assert result.actors == [actor.name for actor in content.actors]
    assert [(s.number, s.kegiatan, s.actor, s.kind) for s in result.steps] == [
        (s.number, s.text, content.actor_name(s.actor), s.kind) for s in content.steps
    ]
