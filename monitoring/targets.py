"""The four indicators an agency's digitisation of SOPs is judged on, each against its target, with
a status in words as well as colour: tercapai (met), sesuai jadwal (on track), perlu perhatian
(behind), belum diukur (nothing to measure yet).

1. SOP terdigitalisasi: every SOP of the planned inventory in the portal (in force, imported or being
   drafted) by the unit's target date, one year after its start unless set otherwise.
2. Waktu layanan: at least 50% shorter than before the portal (median of the SOPs in force that have
   a baseline or an earlier version).
3. Kompetensi pegawai: 90% of the staff competent in the SOPs they work by: of the people asked to
   read the versions in force, those who passed the version's quiz (or, for a version without a
   quiz, confirmed reading it).
4. Kepuasan masyarakat: an IKM of at least 80 (Permen PANRB 14/2017).

Pure: figures in, indicators out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

MET, ON_TRACK, BEHIND, NONE = "met", "on_track", "behind", "none"
SERVICE_TARGET = -50  # percent change of the service time
COMPETENCE_TARGET = 0.9
SATISFACTION_TARGET = 80.0


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    value: str  # the figure, as shown
    target: str
    status: str
    note: str = ""

    @property
    def status_label(self) -> str:
        return {
            MET: _("Tercapai"),
            ON_TRACK: _("Sesuai jadwal"),
            BEHIND: _("Perlu perhatian"),
            NONE: _("Belum diukur"),
        }[self.status]


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def coverage(
    sops: int, planned: int | None, start: datetime.date | None, target: datetime.date | None, today: datetime.date
) -> Indicator:
    """SOPs in the portal against the planned inventory, and where they should be by today on the
    way from ``start`` (0%) to ``target`` (100%)."""
    name, goal = _("SOP terdigitalisasi"), _("%(p)s%% dari SOP yang direncanakan") % {"p": 100}
    if target:
        goal = _("100%% dari SOP yang direncanakan pada %(day)s") % {"day": date_format(target, "j F Y")}
    if not planned:
        return Indicator("coverage", name, str(sops), goal, NONE, _("Target jumlah SOP unit belum diisi."))
    share = sops / planned
    if share >= 1:
        return Indicator(
            "coverage", name, _percent(share), goal, MET, _("%(n)s dari %(p)s SOP") % {"n": sops, "p": planned}
        )
    expected = None
    if start and target and target > start:
        expected = min(1.0, max(0.0, (today - start).days / (target - start).days))
    note = _("%(n)s dari %(p)s SOP") % {"n": sops, "p": planned}
    if expected is None:
        return Indicator(
            "coverage", name, _percent(share), goal, BEHIND if target and today > target else ON_TRACK, note
        )
    note += "; " + _("seharusnya %(e)s pada hari ini") % {"e": _percent(expected)}
    return Indicator("coverage", name, _percent(share), goal, ON_TRACK if share >= expected else BEHIND, note)


def service_time(compared: int, halved: int, median: float | None) -> Indicator:
    name, goal = _("Waktu layanan"), _("setidaknya %(p)s%% lebih singkat") % {"p": -SERVICE_TARGET}
    if not compared or median is None:
        return Indicator("service", name, "–", goal, NONE, _("Belum ada SOP berlaku dengan pembanding waktu."))
    value = f"{'+' if median > 0 else '−' if median < 0 else ''}{abs(round(median))}%"
    note = _("median dari %(n)s SOP; %(k)s SOP ≥50%% lebih cepat") % {"n": compared, "k": halved}
    return Indicator("service", name, value, goal, MET if median <= SERVICE_TARGET else BEHIND, note)


def competence(competent_share: float | None, requested: int) -> Indicator:
    name, goal = (
        _("Kompetensi pegawai"),
        _("%(p)s%% pegawai kompeten pada SOP yang mereka jalankan") % {"p": round(COMPETENCE_TARGET * 100)},
    )
    if competent_share is None:
        return Indicator("competence", name, "–", goal, NONE, _("Belum ada permintaan membaca SOP berlaku."))
    note = _("lulus kuis kompetensi, atau menyatakan sudah membaca SOP yang belum berkuis (%(n)s permintaan)") % {
        "n": requested
    }
    status = MET if competent_share >= COMPETENCE_TARGET else BEHIND
    return Indicator("competence", name, _percent(competent_share), goal, status, note)


def satisfaction(ikm: float | None, respondents: int) -> Indicator:
    name, goal = _("Kepuasan masyarakat"), _("IKM setidaknya 80")
    if ikm is None:
        return Indicator("satisfaction", name, "–", goal, NONE, _("Belum ada jawaban survei tahun ini."))
    value = f"{ikm:.2f}".replace(".", ",")
    note = _("IKM tahun berjalan dari %(n)s responden") % {"n": respondents}
    return Indicator("satisfaction", name, value, goal, MET if ikm >= SATISFACTION_TARGET else BEHIND, note)


def indicators(figures, start: datetime.date | None, target: datetime.date | None, today: datetime.date):
    """The four indicators of a unit's ``monitoring.indicators.Figures``."""
    return [
        coverage(figures.sops, figures.planned, start, target, today),
        service_time(figures.service_compared, figures.service_halved, figures.service_change_median),
        competence(figures.competent_share, figures.reads_requested),
        satisfaction(figures.ikm, figures.survey_responses),
    ]
