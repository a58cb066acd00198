from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sop.models import SOPVersion, Step, VersionStatus

from .transitions import Action


class TransitionLog(models.Model):
    """One move of a version through the workflow: who, when, from where to where, and why."""

    version = models.ForeignKey(SOPVersion, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("dari"), max_length=20, choices=VersionStatus.choices)
    to_status = models.CharField(_("menjadi"), max_length=20, choices=VersionStatus.choices)
    # Empty for moves the scheduler makes on its own (entering into force, superseding).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("catatan"), blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    reauthenticated = models.BooleanField(_("dengan konfirmasi kata sandi"), default=False)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # At a return: the version's whole content as the reviewer saw it (sop.content.to_json), so that the
    # next review can show what the drafter changed since.
    content = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("riwayat alur kerja")
        verbose_name_plural = _("riwayat alur kerja")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["version", "action"])]

    def __str__(self) -> str:
        return f"{self.version} {self.from_status} -> {self.to_status}"


class ReviewComment(models.Model):
    """A reviewer's or head's remark on a version or one of its steps, and the drafter's answers."""

    version = models.ForeignKey(SOPVersion, on_delete=models.CASCADE, related_name="review_comments")
    step = models.ForeignKey(Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_comments")
    # Kept when the step is later deleted or renumbered, so the remark still says where it pointed.
    step_number = models.PositiveIntegerField(null=True, blank=True)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("komentar"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("komentar pemeriksaan")
        verbose_name_plural = _("komentar pemeriksaan")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
