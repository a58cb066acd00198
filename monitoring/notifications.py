"""The e-mails of the periodic review: who is reminded, and what they read."""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org import permissions
from org.models import User
from workflow.notifications import Message

from .models import ReminderKind, ReviewReminder


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
