"""Cases (pelaksanaan): an SOP in force carried out step by step, and who fills each actor column."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sop.models import SOP, SOPVersion


class ActorAssignment(models.Model):
    """A person who fills an actor column (pelaksana) of an SOP in its unit. Kept per SOP by the
    actor's name, so the mapping outlives revisions that keep the column."""

    sop = models.ForeignKey(SOP, on_delete=models.CASCADE, related_name="actor_assignments")
    actor_name = models.CharField(_("pelaksana"), max_length=150)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pemetaan pelaksana")
        verbose_name_plural = _("pemetaan pelaksana")
        ordering = ["sop", "actor_name", "user"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "actor_name", "user"], name="assignment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sop} {self.actor_name}: {self.user}"


class CaseStatus(models.TextChoices):
    RUNNING = "running", _("Berjalan")
    FINISHED = "finished", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class Case(models.Model):
    """One carrying out of an SOP, on the version in force when it started (kept to the end).

    The current step is kept on the row (number, actor, since when, its standard time and how far its
    lateness has been told) so that lists, inboxes and the overdue check read one row per case; the
    figures a finished case adds to (its time, steps on time, deviations) are kept on it too."""

    sop = models.ForeignKey(SOP, on_delete=models.PROTECT, related_name="cases")
    version = models.ForeignKey(SOPVersion, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(_("nomor rujukan"), max_length=100)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("dimulai"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RUNNING)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    tracking_code = models.CharField(_("kode lacak"), max_length=20, unique=True, null=True, blank=True)
    current_step = models.PositiveIntegerField(_("langkah sekarang"), null=True, blank=True)
    current_actor = models.CharField(_("pelaksana langkah sekarang"), max_length=150, blank=True)
    current_since = models.DateTimeField(null=True, blank=True)
    current_standard = models.PositiveIntegerField(null=True, blank=True)  # working minutes
    current_due_at = models.DateTimeField(null=True, blank=True)  # past its mutu baku time from then
    current_escalate_at = models.DateTimeField(null=True, blank=True)  # past twice its time: the head is told
    current_alerted = models.PositiveSmallIntegerField(default=0)  # 0, 1: actor told of lateness, 2: head told
    standard_minutes = models.PositiveIntegerField(null=True, blank=True)  # the version's service time
    actual_minutes = models.PositiveIntegerField(null=True, blank=True)  # working minutes, once finished
    steps_done = models.PositiveIntegerField(default=0)
    steps_timed = models.PositiveIntegerField(default=0)  # done steps that have a mutu baku time
    steps_on_time = models.PositiveIntegerField(default=0)
    deviations = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("pelaksanaan SOP")
        verbose_name_plural = _("pelaksanaan SOP")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["sop", "status"]),
            models.Index(fields=["status", "current_due_at"]),
            models.Index(
                fields=["sop", "current_actor"], condition=models.Q(status="running"), name="case_running_actor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sop.number} {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status == CaseStatus.RUNNING

    @property
    def is_late(self) -> bool:
        """Running, its current step past its mutu baku time."""
        return self.is_running and self.current_due_at is not None and self.current_due_at <= timezone.now()


class Choice(models.TextChoices):
    YES = "yes", _("Ya")
    NO = "no", _("Tidak")


class CaseStep(models.Model):
    """A step of a case as it happened: who did it and when, its output, the branch taken at a
    decision, and, for a step done out of order, why (a deviation)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    step_number = models.PositiveIntegerField(_("langkah"))
    actor_name = models.CharField(_("pelaksana"), max_length=150, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("mulai"))
    done_at = models.DateTimeField(_("selesai"))
    choice = models.CharField(_("keputusan"), max_length=3, choices=Choice.choices, blank=True)
    output = models.TextField(_("output"), max_length=2000, blank=True)
    note = models.TextField(_("catatan"), max_length=2000, blank=True)
    deviation_reason = models.TextField(_("alasan menyimpang dari urutan"), max_length=2000, blank=True)
    standard_minutes = models.PositiveIntegerField(null=True, blank=True)
    actual_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("langkah pelaksanaan")
        verbose_name_plural = _("langkah pelaksanaan")
        ordering = ["case", "done_at", "pk"]
        indexes = [models.Index(fields=["case", "step_number"])]

    def __str__(self) -> str:
        return f"{self.case} #{self.step_number}"

    @property
    def is_deviation(self) -> bool:
        return bool(self.deviation_reason)

    @property
    def on_time(self) -> bool | None:
        if self.standard_minutes is None:
            return None
        return self.actual_minutes <= self.standard_minutes


class NoticeKind(models.TextChoices):
    TURN = "turn", _("giliran langkah")
    LATE = "late", _("langkah melewati waktu baku")
    ESCALATED = "escalated", _("langkah melewati dua kali waktu baku")


class CaseNotice(models.Model):
    """An e-mail about a case, written before it is handed to the worker (``esop.outbox``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=NoticeKind.choices)
    step_number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} #{self.step_number}"
