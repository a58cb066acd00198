"""Digitising signed SOPs: a batch of uploaded PDFs for a unit, and each file with what was read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from sop.models import SOPVersion


class ImportBatch(models.Model):
    """One upload of signed PDFs for a unit; each file becomes a draft SOP (or is refused, with why)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "sop_importbatch"  # made when the importer lived in sop; the rows stayed put
        verbose_name = _("impor SOP")
        verbose_name_plural = _("impor SOP")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.unit} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("digitise:batch", args=[self.pk])


def import_upload_path(instance: ImportFile, filename: str) -> str:
    return f"impor/{instance.batch_id}/{filename}"


class ImportFile(models.Model):
    """One file of a batch: waiting, being read, imported (with or without warnings) or refused."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RUNNING = "running", _("Sedang dibaca")
        IMPORTED = "imported", _("Diimpor")
        WARNINGS = "warnings", _("Diimpor dengan catatan")
        REFUSED = "refused", _("Ditolak")

    DONE = (Status.IMPORTED, Status.WARNINGS, Status.REFUSED)

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("nama berkas"), max_length=255)
    upload = models.FileField(upload_to=import_upload_path, max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    message = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    # The recovered structure (digitise.reader.result.to_json), kept for the review page.
    result = models.JSONField(null=True, blank=True)
    version = models.ForeignKey(
        SOPVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_files"
    )
    attempts = models.PositiveSmallIntegerField(default=0)  # failed saves (a passing fault), see digitise.batches
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sop_importfile"
        verbose_name = _("berkas impor")
        verbose_name_plural = _("berkas impor")
        ordering = ["batch", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("digitise:review", args=[self.pk])

    @property
    def done(self) -> bool:
        return self.status in self.DONE
