from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.models import Unit

from . import durations
from .content import LegalBasisData
from .enums import FROZEN_STATUSES, ChangeReason, DurationUnit, ListKind, Relation, StepKind, VersionStatus


class SOP(models.Model):
    """A standard operating procedure of a unit; its content lives in its versions."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sops", verbose_name=_("unit"))
    number = models.CharField(_("nomor SOP"), max_length=100, unique=True)
    title = models.CharField(_("nama SOP"), max_length=255)
    is_public_service = models.BooleanField(
        _("SOP pelayanan publik"), default=False, help_text=_("Ditampilkan untuk umum selama berlaku.")
    )
    review_period_months = models.PositiveSmallIntegerField(
        _("periode reviu (bulan)"), default=12, validators=[MinValueValidator(1)]
    )
    # Periodic review (reviu berkala): a cycle starts when a version enters into force or a review
    # finds it still valid, and is due review_period_months later. Both empty while nothing is in force.
    review_cycle_start = models.DateField(_("awal siklus reviu"), null=True, blank=True, editable=False)
    review_due_on = models.DateField(_("jatuh tempo reviu"), null=True, blank=True, editable=False, db_index=True)
    # The service time before the portal (or before this SOP was improved), as written, with where the
    # figure comes from: the dashboard's baseline for "waktu layanan lebih cepat".
    baseline_time = models.CharField(_("waktu layanan sebelum digitalisasi/perbaikan"), max_length=100, blank=True)
    baseline_source = models.CharField(_("sumber waktu layanan sebelumnya"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")
        ordering = ["number"]
        indexes = [models.Index(fields=["unit", "number"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sop:detail", args=[self.pk])

    @property
    def baseline(self) -> durations.Amount | None:
        """The baseline service time, measured; None when not given."""
        return durations.parse(self.baseline_time).amount if self.baseline_time else None

    def review_state(self, today: datetime.date) -> str:
        """ "" (nothing due), "due" (within REVIEW_DUE_DAYS) or "overdue"."""
        return review_state(self.review_due_on, today)


class SearchWord(models.Model):
    """Every word of the SOPs' titles and texts, once (PostgreSQL triggers keep it, see migration
    0010): a typed word with a typo is matched against these few thousand words by trigrams, and
    the words found are then searched by the full-text index, instead of comparing trigrams with
    every version's whole text."""

    word = models.TextField(primary_key=True)

    def __str__(self) -> str:
        return self.word


class SharedUnit(models.Model):
    """Another unit whose staff also apply an SOP: they read its version in force and are asked to."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="shared_units")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit lain yang menerapkan SOP")
        verbose_name_plural = _("unit lain yang menerapkan SOP")
        constraints = [models.UniqueConstraint(fields=["sop", "unit"], name="shared_unit_once")]

    def __str__(self) -> str:
        return f"{self.sop_id} → {self.unit}"


# A review counts as due this many days before its date (the first reminder goes out then).
REVIEW_DUE_DAYS = 30


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` calendar months on; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def review_state_q(state: str, today: datetime.date) -> models.Q:
    """The SOPs whose review is in ``state`` ("due" or "overdue") on ``today``, as a filter."""
    if state == "overdue":
        return models.Q(review_due_on__lt=today)
    return models.Q(review_due_on__gte=today, review_due_on__lte=today + datetime.timedelta(days=REVIEW_DUE_DAYS))


def review_state(due_on: datetime.date | None, today: datetime.date) -> str:
    if due_on is None:
        return ""
    if due_on < today:
        return "overdue"
    return "due" if (due_on - today).days <= REVIEW_DUE_DAYS else ""


class FrozenVersionError(ValidationError):
    """Raised on any attempt to change the content of an established version."""

    def __init__(self):
        super().__init__(
            _("Versi yang sudah ditetapkan tidak dapat diubah. Buat revisi baru untuk mengubahnya."), code="frozen"
        )


def refuse_if_frozen(version_id: int | None) -> None:
    """Raise FrozenVersionError when the stored version is established or later.

    The database triggers of migration 0002 enforce the same rule on every path; this check only
    turns it into a clear message before the database has to say no.
    """
    if version_id and SOPVersion.objects.filter(pk=version_id, status__in=FROZEN_STATUSES).exists():
        raise FrozenVersionError


class SOPVersion(models.Model):
    """One revision of an SOP: the identity sheet; actors and steps hang below it."""

    # Fields a frozen version may still change: its status along the table, and bookkeeping.
    MUTABLE_WHEN_FROZEN = frozenset({"status", "updated_at", "lock_version"})

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="versions")
    revision = models.PositiveIntegerField(_("revisi ke"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    date_created = models.DateField(_("tanggal pembuatan"), null=True, blank=True)
    date_revised = models.DateField(_("tanggal revisi"), null=True, blank=True)
    date_effective = models.DateField(_("tanggal efektif"), null=True, blank=True)
    signer_name = models.CharField(_("nama pengesah"), max_length=150, blank=True)
    signer_nip = models.CharField(_("NIP pengesah"), max_length=18, blank=True)
    signer_position = models.CharField(_("jabatan pengesah"), max_length=200, blank=True)
    established_at = models.DateTimeField(_("waktu penetapan"), null=True, blank=True)
    content_hash = models.CharField(_("sidik isi (SHA-256)"), max_length=64, blank=True)
    # The full content as it was established (sop.content.to_json); frozen versions render from it.
    content_snapshot = models.JSONField(null=True, blank=True, editable=False)
    purpose = models.TextField(_("tujuan"), blank=True)
    scope = models.TextField(_("ruang lingkup"), blank=True)
    definitions = models.TextField(_("definisi"), blank=True)
    # The service time added up from the steps when the version is established (sop.service_time).
    service_time = models.JSONField(null=True, blank=True, editable=False)
    # Change control: why this revision was opened and what it changes, in one line (revision 0: none).
    change_reason = models.CharField(_("alasan perubahan"), max_length=12, choices=ChangeReason.choices, blank=True)
    change_summary = models.CharField(_("ringkasan perubahan"), max_length=300, blank=True)
    # A first draft begun as a copy of another SOP's version: where it started, shown on its page.
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("disalin dari")
    )
    # Steps, dasar hukum and keterkaitan as one text for search (sop.services keeps it current).
    search_text = models.TextField(blank=True, editable=False)
    # Optimistic locking: a save carries the lock it read; a mismatch means someone else saved.
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "service_time"])

    class Meta:
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")
        ordering = ["sop", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "revision"], name="version_unique_revision"),
        ]
        indexes = [
            models.Index(fields=["status", "date_effective"]),
            # "the version of this SOP in this status" (in force, above all): every list and permission filter.
            models.Index(fields=["sop", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.sop.number} rev. {self.revision}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or not set(update_fields) <= self.MUTABLE_WHEN_FROZEN):
            refuse_if_frozen(self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("sop:version", args=[self.sop_id, self.pk])

    def delete(self, *args, **kwargs):
        refuse_if_frozen(self.pk)
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES


class VersionPart(models.Model):
    """Base of everything that hangs below a version; refuses changes once the version is frozen."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        refuse_if_frozen(self.version_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_frozen(self.version_id)
        return super().delete(*args, **kwargs)


class ListItem(VersionPart):
    """One numbered entry of a plain list of the identity sheet (kualifikasi, peralatan, ...)."""

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="list_items")
    kind = models.CharField(max_length=20, choices=ListKind.choices)
    position = models.PositiveIntegerField()
    text = models.TextField(_("isi"), max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("butir identitas")
        verbose_name_plural = _("butir identitas")
        ordering = ["version", "kind", "position"]

    def __str__(self) -> str:
        return self.text


class LegalBasis(VersionPart):
    """One entry of DASAR HUKUM: kind of regulation, number, year and subject."""

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="legal_bases")
    position = models.PositiveIntegerField()
    kind = models.CharField(_("jenis"), max_length=200)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    subject = models.TextField(_("tentang"), max_length=2000, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dasar hukum")
        verbose_name_plural = _("dasar hukum")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return str(LegalBasisData(kind=self.kind, number=self.number, year=self.year, subject=self.subject))


class RelatedSOP(VersionPart):
    """One entry of KETERKAITAN: a link to another SOP of the portal, or free text."""

    Relation = Relation

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="related_sops")
    position = models.PositiveIntegerField()
    relation = models.CharField(_("hubungan"), max_length=20, choices=Relation.choices, default=Relation.RELATED)
    target = models.ForeignKey(
        SOP, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("SOP")
    )
    text = models.CharField(_("teks"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keterkaitan")
        verbose_name_plural = _("keterkaitan")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.text or (self.target.title if self.target_id else "")


class Actor(VersionPart):
    """A pelaksana column of the flowchart: a role or position that carries out steps."""

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="actors")
    position = models.PositiveIntegerField()
    name = models.CharField(_("pelaksana"), max_length=150)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pelaksana")
        verbose_name_plural = _("pelaksana")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.name


class Step(VersionPart):
    """One row of the flowchart matrix: kegiatan, its actor, mutu baku and where the flow goes next."""

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveIntegerField(_("nomor"))
    kind = models.CharField(_("jenis"), max_length=20, choices=StepKind.choices, default=StepKind.ACTIVITY)
    # May stay empty while drafting (a hint says so); procedure.validate refuses it at submission.
    text = models.TextField(_("kegiatan"), max_length=1000, blank=True)
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="steps", verbose_name=_("pelaksana")
    )
    requirements = models.TextField(_("kelengkapan"), max_length=2000, blank=True)
    duration_value = models.DecimalField(
        _("waktu"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    duration_value_max = models.DecimalField(
        _("waktu paling lama"),
        help_text=_('Batas atas rentang waktu, mis. 3 pada "1–3 hari".'),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )
    duration_unit = models.CharField(_("satuan waktu"), max_length=10, choices=DurationUnit.choices, blank=True)
    duration_text = models.CharField(
        _("waktu (teks)"),
        max_length=durations.TEXT_MAX,
        blank=True,
        help_text=_('Waktu yang bukan angka, ditulis apa adanya, mis. "Sesuai kebutuhan".'),
    )
    # Measured from the fields above on every save (durations.Duration), for the service-time figures.
    duration_minutes = models.PositiveIntegerField(_("waktu dalam menit kerja"), null=True, blank=True, editable=False)
    duration_workdays = models.DecimalField(
        _("waktu dalam hari kerja"), max_digits=10, decimal_places=4, null=True, blank=True, editable=False
    )
    output = models.TextField(_("output"), max_length=2000, blank=True)
    notes = models.TextField(_("keterangan"), max_length=2000, blank=True)
    next_step = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("langkah berikutnya")
    )
    yes_step = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("jika Ya")
    )
    no_step = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("jika Tidak")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("langkah")
        verbose_name_plural = _("langkah")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="step_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    def save(self, *args, **kwargs):
        self.measure()
        super().save(*args, **kwargs)

    @property
    def waktu(self) -> durations.Duration:
        return durations.Duration(self.duration_value, self.duration_value_max, self.duration_unit, self.duration_text)

    @property
    def duration_display(self) -> str:
        return str(self.waktu)

    def clean(self) -> None:
        if self.duration_value_max is not None and (
            self.duration_value is None or self.duration_value_max <= self.duration_value
        ):
            raise ValidationError({"duration_value_max": durations.RANGE_ORDER})

    def measure(self) -> None:
        """Set the measured minutes and working days from the time as written."""
        self.duration_minutes, self.duration_workdays = self.waktu.minutes, self.waktu.workdays


class StepActor(VersionPart):
    """A further actor of a step: one who carries it out together with the step's own actor. The
    flowchart draws a joined symbol in this actor's lane, beside the one the flow enters and leaves."""

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="step_actors")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="co_actors", verbose_name=_("langkah"))
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="joint_steps", verbose_name=_("pelaksana bersama")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pelaksana bersama")
        verbose_name_plural = _("pelaksana bersama")
        ordering = ["step", "actor__position"]
        constraints = [models.UniqueConstraint(fields=["step", "actor"], name="step_actor_unique")]

    def __str__(self) -> str:
        return f"{self.step_id}: {self.actor_id}"


class SOPTemplate(models.Model):
    """An entry of the agency's library of templates: a new SOP may begin from it (its identity
    lists, actors and steps copied). It names an established version, whose content never changes."""

    name = models.CharField(_("nama templat"), max_length=150, unique=True)
    description = models.TextField(_("keterangan"), max_length=1000, blank=True)
    version = models.ForeignKey(
        SOPVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("versi SOP"),
        limit_choices_to={"status__in": sorted(FROZEN_STATUSES)},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("templat SOP")
        verbose_name_plural = _("templat SOP")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.version_id and self.version.status not in FROZEN_STATUSES:
            raise ValidationError({"version": _("Templat diambil dari versi yang sudah ditetapkan.")})


def attachment_path(instance: VersionAttachment, filename: str) -> str:
    return f"lampiran/{instance.version.sop_id}/{instance.version_id}/{filename}"


class VersionAttachment(VersionPart):
    """A file kept with a version: for an imported SOP, the signed PDF it was read from."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Dokumen asli (impor)")

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORIGINAL)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran versi")
        verbose_name_plural = _("lampiran versi")
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.name


class SignedDocument(models.Model):
    """The electronically signed PDF of an established version, made once at penetapan and never
    touched again: revocation or a newer revision change the verification's answer, not the file.
    The render before signing is kept beside it."""

    class Method(models.TextChoices):
        PERSONAL = "pribadi", _("sertifikat elektronik pribadi")
        SEAL = "segel", _("segel elektronik instansi")
        REMOTE = "bsre", _("layanan TTE BSrE")

    version = models.OneToOneField(SOPVersion, on_delete=models.PROTECT, related_name="signed_document")
    unsigned = models.FileField(upload_to="signed/", max_length=200)
    signed = models.FileField(upload_to="signed/", max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)  # of the signed file, to recognise it when uploaded
    method = models.CharField(max_length=10, choices=Method.choices)
    signer = models.CharField(max_length=255)  # the certificate's owner, as it names itself
    issuer = models.CharField(max_length=255)
    level = models.CharField(max_length=20)  # PAdES B-B or B-T
    signed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("berkas bertanda tangan elektronik")
        verbose_name_plural = _("berkas bertanda tangan elektronik")

    def __str__(self) -> str:
        return f"{self.version} ({self.get_method_display()})"


class ExportJob(models.Model):
    """The PDFs of many SOPs in force as one ZIP, made in the background for the person who asked
    (sop.tasks.build_export); the SOPs are those their filtered list showed when they asked."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Menunggu")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sop_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    file = models.FileField(upload_to="exports/", max_length=200, blank=True)
    skipped = models.JSONField(default=list)  # numbers of the SOPs without a version in force
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("unduhan PDF")
        verbose_name_plural = _("unduhan PDF")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"ekspor {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("sop:export_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
