"""The monitoring and evaluation tables of a unit for a period, as Excel and as PDF.

Reports are built from rows the selectors read; the writers are pure (data in, bytes out).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from esop.text import xlsx
from org.models import Unit, User
from sop.documents import paper_size
from sop.flowchart.layout import PAPER_SIZES
from sop.pdf import STATIC

from .models import EVALUATION_CRITERIA, Evaluation, Monitoring


@dataclass(frozen=True)
class Report:
    title: str
    agency_lines: list[str]
    period: str
    header: list[str]
    rows: list[list[str]]
    signer_label: str
    signer_name: str
    signer_nip: str
    filename: str


def _period(start: datetime.date, end: datetime.date) -> str:
    return _("Periode %(start)s s.d. %(end)s") % {
        "start": date_format(start, "j F Y"),
        "end": date_format(end, "j F Y"),
    }


def _agency_lines(unit: Unit) -> list[str]:
    return [u.name.upper() for u in [*Unit.objects.get_ancestors(unit), unit]]


def _leading_header() -> list[str]:
    return [pgettext("nomor urut langkah", "No"), _("Prosedur"), _("Tanggal")]


def _report(*, title: str, signer_label: str, kind: str, unit: Unit, start, end, signer: User, header, rows) -> Report:
    return Report(
        title=title,
        agency_lines=_agency_lines(unit),
        period=_period(start, end),
        header=[*_leading_header(), *header],
        rows=rows,
        signer_label=signer_label,
        signer_name=signer.get_full_name(),
        signer_nip=signer.nip or "",
        filename=f"{kind}-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}",
    )


def monitoring_report(unit: Unit, start: datetime.date, end: datetime.date, signer: User) -> Report:
    """Formulir Monitoring SOP AP rows of ``unit`` and below, monitored between ``start`` and ``end``."""
    with translation.override(settings.LANGUAGE_CODE):
        records = (
            Monitoring.objects.filter(sop__unit__path__startswith=unit.path, date__range=(start, end))
            .select_related("sop", "assessor")
            .order_by("date", "sop__number", "pk")
        )
        rows = [
            [
                str(n),
                f"{m.sop.number} {m.sop.title}",
                date_format(m.date, "j F Y"),
                m.get_method_display(),
                _("Berjalan dengan baik") if m.runs_well else _("Tidak berjalan dengan baik"),
                m.assessment_note,
                m.action,
                m.assessor.get_full_name(),
            ]
            for n, m in enumerate(records, start=1)
        ]
        return _report(
            title=_("FORMULIR MONITORING SOP ADMINISTRASI PEMERINTAHAN"),
            signer_label=_("Penilai"),
            kind="monitoring",
            unit=unit,
            start=start,
            end=end,
            signer=signer,
            header=[
                _("Metode"),
                _("Penilaian terhadap penerapan"),
                _("Catatan hasil penilaian"),
                _("Tindakan yang harus diambil"),
                _("Penilai"),
            ],
            rows=rows,
        )


def evaluation_report(unit: Unit, start: datetime.date, end: datetime.date, signer: User) -> Report:
    """Formulir Evaluasi SOP AP rows: Ya/Tidak (and the note) for each of the seven criteria."""
    with translation.override(settings.LANGUAGE_CODE):
        records = (
            Evaluation.objects.filter(sop__unit__path__startswith=unit.path, date__range=(start, end))
            .select_related("sop", "evaluator")
            .order_by("date", "sop__number", "pk")
        )
        rows = []
        for n, e in enumerate(records, start=1):
            answers = [
                (_("Ya") if met else _("Tidak")) + (f" — {note}" if note else "")
                for met, note in zip(e.answers, e.notes, strict=True)
            ]
            rows.append(
                [
                    str(n),
                    f"{e.sop.number} {e.sop.title}",
                    date_format(e.date, "j F Y"),
                    *answers,
                    e.evaluator.get_full_name(),
                ]
            )
        return _report(
            title=_("FORMULIR EVALUASI SOP ADMINISTRASI PEMERINTAHAN"),
            signer_label=_("Evaluator"),
            kind="evaluasi",
            unit=unit,
            start=start,
            end=end,
            signer=signer,
            header=[*(f"{i}. {c}" for i, c in enumerate(EVALUATION_CRITERIA, start=1)), _("Evaluator")],
            rows=rows,
        )


def survey_report(unit: Unit, title: str, period, result, signer: User, *, required: int | None) -> Report:
    """The SKM result of ``unit`` (or of one SOP, named in ``title``) for ``period``, laid out as the
    regulation's recapitulation: per element the sum, the answers, the NRR and the NRR tertimbang,
    then the IKM, the IKM x 25, the grade and the respondents against the sample needed."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = (
            [
                [str(n), str(r.element.name), str(r.total), str(r.answers), f"{r.nrr:.4f}", f"{r.weighted:.4f}"]
                for n, r in enumerate(result.rows, start=1)
            ]
            if result
            else []
        )
        if result:
            rows += [
                ["", _("IKM (jumlah NRR tertimbang)"), "", "", "", f"{result.ikm:.4f}"],
                ["", _("IKM unit pelayanan (IKM × 25)"), "", "", "", f"{result.score:.2f}"],
                ["", _("Mutu pelayanan"), "", "", "", f"{result.grade} ({result.quality})"],
            ]
        respondents = result.respondents if result else 0
        rows.append(
            [
                "",
                _("Jumlah responden"),
                "",
                "",
                "",
                f"{respondents}" + (" / " + _("%(n)s dibutuhkan") % {"n": required} if required else ""),
            ]
        )
        return Report(
            title=_("LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT") + " — " + title,
            agency_lines=_agency_lines(unit),
            period=str(period),
            header=[
                pgettext("nomor urut langkah", "No"),
                _("Unsur pelayanan"),
                _("Jumlah nilai"),
                _("Jumlah jawaban"),
                _("NRR per unsur"),
                _("NRR tertimbang (× 1/9)"),
            ],
            rows=rows,
            signer_label=_("Kepala unit"),
            signer_name=signer.get_full_name(),
            signer_nip=signer.nip or "",
            filename=f"skm-{unit.code}-{period.key}",
        )


def indicator_report(unit: Unit, rows: list[tuple[Unit, list]], day: datetime.date, signer: User) -> Report:
    """Laporan capaian indikator: the four indicators of ``unit`` and of each unit below it (``rows``:
    each unit with its ``monitoring.targets.Indicator`` list), for the agency's reform reporting."""
    with translation.override(settings.LANGUAGE_CODE):
        header = [pgettext("nomor urut langkah", "No"), _("Unit")]
        for indicator in rows[0][1] if rows else []:
            header += [str(indicator.name), _("Status")]
        body = []
        for n, (u, indicators) in enumerate(rows, start=1):
            cells = [str(n), u.name]
            for i in indicators:
                cells += [i.value + (f" ({i.note})" if i.note else ""), str(i.status_label)]
            body.append(cells)
        return Report(
            title=_("LAPORAN CAPAIAN INDIKATOR DIGITALISASI SOP"),
            agency_lines=_agency_lines(unit),
            period=_("Keadaan %(day)s") % {"day": date_format(day, "j F Y")},
            header=header,
            rows=body,
            signer_label=_("Kepala unit"),
            signer_name=signer.get_full_name(),
            signer_nip=signer.nip or "",
            filename=f"capaian-indikator-{unit.code}-{day:%Y%m%d}",
        )


def to_xlsx(report: Report) -> bytes:
    """The report as an Excel workbook: title lines, the header row, the rows (all literal text)."""
    return xlsx(
        title=report.filename,
        lines=[*report.agency_lines, report.title, report.period],
        header=report.header,
        rows=report.rows,
        widths=[5, 40, 14, 24, 26, 36, 36, 26, 26, 26, 26],
    )


def to_pdf(report: Report) -> bytes:
    """The report as a landscape PDF in the look of the SOP documents, with the assessor's signature space."""
    from weasyprint import HTML

    width, height = PAPER_SIZES[paper_size()]
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "monitoring/report_pdf.html",
            {"r": report, "paper": f"{width}mm {height}mm", "fonts": STATIC.joinpath("fonts").as_uri()},
        )
    return HTML(string=html, base_url=str(STATIC)).write_pdf()
