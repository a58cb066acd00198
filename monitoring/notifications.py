"""The e-mails of the periodic review: who is reminded, and what they read."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org import permissions
from org.models import User
from workflow.notifications import Message

from .models import Feedback, ReadRequest, ReminderKind, ReviewReminder


def reminder_recipients(reminder: ReviewReminder) -> list[User]:
    """Drafters before and on the due date; the unit head once it is overdue."""
    perm = permissions.ESTABLISH if reminder.kind == ReminderKind.OVERDUE else permissions.DRAFT
    return list(permissions.users_with_perm(reminder.sop.unit, perm).exclude(email="").order_by("pk"))


def reminder_message(reminder: ReviewReminder) -> Message | None:
    people = reminder_recipients(reminder)
    if not people:
        return None
    sop = reminder.sop
    due = date_format(reminder.due_on, "j F Y")
    if reminder.kind == ReminderKind.OVERDUE:
        subject = _("Reviu SOP %(number)s terlambat sejak %(due)s") % {"number": sop.number, "due": due}
    elif reminder.kind == ReminderKind.DUE_DAY:
        subject = _("Reviu SOP %(number)s jatuh tempo hari ini") % {"number": sop.number}
    else:
        subject = _("Reviu SOP %(number)s jatuh tempo %(due)s") % {"number": sop.number, "due": due}
    url = settings.ESOP_BASE_URL.rstrip("/") + sop.get_absolute_url()
    body = "\n".join(
        [
            f"{sop.number} — {sop.title}",
            _("Jatuh tempo reviu berkala: %(due)s") % {"due": due},
            _("Catat hasil reviu (masih sesuai atau perlu revisi) di halaman SOP."),
            "",
            _("Buka: %(url)s") % {"url": url},
        ]
    )
    return Message(subject="[e-SOP] " + subject, body=body, recipients=[p.email for p in people])


def reading_message(user: User, requests: list[ReadRequest], *, reminder: bool) -> Message | None:
    """One e-mail per person listing every SOP they are asked to read (invitation or reminder)."""
    if not user.email or not requests:
        return None
    base = settings.ESOP_BASE_URL.rstrip("/")
    if reminder:
        subject = _("Pengingat: %(n)s SOP belum Anda nyatakan sudah dibaca") % {"n": len(requests)}
        intro = _("SOP berikut masih menunggu pernyataan Anda «sudah membaca dan memahami»:")
    else:
        subject = _("Mohon baca %(n)s SOP yang berlaku") % {"n": len(requests)}
        intro = _("SOP berikut mulai berlaku. Bacalah, lalu nyatakan «sudah membaca dan memahami» di halaman SOP:")
    lines = [intro, ""]
    for request in requests:
        sop = request.sop
        lines.append(f"- {sop.number} — {sop.title} ({_('revisi')} {request.version.revision})")
        if request.version.change_summary:
            lines.append("  " + _("Apa yang berubah: %(summary)s") % {"summary": request.version.change_summary})
        lines.append(f"  {base}{sop.get_absolute_url()}")
    lines += ["", _("Daftar bacaan Anda: %(url)s") % {"url": base + reverse("monitoring:reading_list")}]
    return Message(subject="[e-SOP] " + subject, body="\n".join(lines), recipients=[user.email])


def feedback_message(feedback: Feedback, *, answered: bool) -> Message | None:
    """New feedback to the unit's drafters and head; an answer to the person who sent it."""
    sop = feedback.sop
    base = settings.ESOP_BASE_URL.rstrip("/")
    if answered:
        # A public complaint has no account to write to: the complainant reads the answer by its code.
        author = feedback.author
        people = [author] if author and author.is_active and author.email else []
        subject = _("Masukan Anda tentang SOP %(number)s telah dijawab") % {"number": sop.number}
        lines = [
            f"{sop.number} — {sop.title}",
            _("Masukan Anda: %(text)s") % {"text": feedback.text},
            _("Jawaban (%(name)s): %(answer)s")
            % {"name": feedback.answered_by.get_full_name(), "answer": feedback.answer},
            "",
            _("Buka: %(url)s") % {"url": base + sop.get_absolute_url() + "#masukan"},
        ]
    else:
        people = [
            p
            for perm in (permissions.DRAFT, permissions.ESTABLISH)
            for p in permissions.users_with_perm(sop.unit, perm)
            if p.email and p.pk != feedback.author_id
        ]
        subject = _("Masukan baru tentang SOP %(number)s") % {"number": sop.number}
        if feedback.is_complaint:
            subject = _("Pengaduan masyarakat tentang SOP %(number)s") % {"number": sop.number}
        lines = [
            f"{sop.number} — {sop.title}",
            f"{feedback.get_kind_display()} — {feedback.sender}",
            feedback.text,
            "",
        ]
        if feedback.due_on:
            lines.append(_("Dijawab paling lambat %(day)s.") % {"day": date_format(feedback.due_on, "j F Y")})
        lines.append(_("Jawab di: %(url)s") % {"url": base + reverse("monitoring:feedback_inbox")})
    if not people:
        return None
    return Message(subject="[e-SOP] " + subject, body="\n".join(lines), recipients=sorted({p.email for p in people}))
