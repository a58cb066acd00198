"""The names of the SOP domain that everything may import (no models): statuses, step kinds, lists."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    IN_REVIEW = "in_review", _("Dalam pemeriksaan")
    AWAITING_ESTABLISHMENT = "awaiting", _("Menunggu penetapan")
    ESTABLISHED = "established", _("Ditetapkan")
    IN_FORCE = "in_force", _("Berlaku")
    SUPERSEDED = "superseded", _("Digantikan")
    REVOKED = "revoked", _("Dicabut")


# A version in one of these states is the signed record: its content never changes again.
FROZEN_STATUSES = frozenset(
    {VersionStatus.ESTABLISHED, VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED, VersionStatus.REVOKED}
)
# States whose printed document says DRAF, and those whose says TIDAK BERLAKU.
UNSIGNED_STATUSES = frozenset({VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.AWAITING_ESTABLISHMENT})
NO_LONGER_IN_FORCE = frozenset({VersionStatus.SUPERSEDED, VersionStatus.REVOKED})


class ListKind(models.TextChoices):
    QUALIFICATION = "kualifikasi", _("Kualifikasi pelaksana")
    EQUIPMENT = "peralatan", _("Peralatan/perlengkapan")
    WARNING = "peringatan", _("Peringatan")
    RECORD = "pencatatan", _("Pencatatan dan pendataan")


class StepKind(models.TextChoices):
    START = "start", _("Mulai")
    ACTIVITY = "activity", _("Kegiatan")
    DECISION = "decision", _("Keputusan")
    END = "end", _("Selesai")


class DurationUnit(models.TextChoices):
    MINUTE = "menit", _("menit")
    HOUR = "jam", _("jam")
    DAY = "hari", _("hari")
    WORKDAY = "hari kerja", _("hari kerja")
    WEEK = "minggu", _("minggu")
    MONTH = "bulan", _("bulan")
    YEAR = "tahun", _("tahun")


class Relation(models.TextChoices):
    """How an entry of KETERKAITAN relates to this SOP."""

    PREREQUISITE = "prasyarat", _("Prasyarat")
    FOLLOW_ON = "lanjutan", _("Lanjutan")
    RELATED = "terkait", _("Terkait")


class ChangeReason(models.TextChoices):
    """Why a revision was opened (change control)."""

    REGULATION = "regulasi", _("Perubahan regulasi")
    EVALUATION = "evaluasi", _("Hasil evaluasi")
    MONITORING = "monitoring", _("Hasil monitoring")
    FEEDBACK = "masukan", _("Masukan")
    COMPLAINT = "pengaduan", _("Pengaduan")
    AUDIT = "audit", _("Temuan audit")
    OTHER = "lainnya", _("Lainnya")
