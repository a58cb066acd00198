"""Who hears of a case, and what they read: the step's people at their turn and when it runs late,
the unit's heads once it is past twice its time."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org import permissions
from org.models import User
from workflow.notifications import Message

from .models import CaseNotice, NoticeKind


def notice_recipients(notice: CaseNotice) -> list[User]:
    case = notice.case
    if notice.kind == NoticeKind.ESCALATED:
        people = permissions.users_with_perm(case.sop.unit, permissions.ESTABLISH)
    else:
        people = User.objects.filter(
            pk__in=case.sop.actor_assignments.filter(actor_name=case.current_actor).values("user_id"), is_active=True
        )
        if not people.exists():  # nobody mapped to the actor: the person who started the case
            people = User.objects.filter(pk=case.started_by_id, is_active=True)
    return list(people.exclude(email="").order_by("pk"))


def notice_message(notice: CaseNotice) -> Message | None:
    """The e-mail of ``notice``; None when its step is no longer current or nobody is to be told."""
    case = notice.case
    if not case.is_running or case.current_step != notice.step_number:
        return None
    people = notice_recipients(notice)
    if not people:
        return None
    values = {"number": case.sop.number, "ref": case.reference, "n": case.current_step, "actor": case.current_actor}
    subject = {
        NoticeKind.TURN: _("Langkah %(n)s SOP %(number)s (%(ref)s) menunggu Anda"),
        NoticeKind.LATE: _("Langkah %(n)s SOP %(number)s (%(ref)s) melewati waktu baku"),
        NoticeKind.ESCALATED: _("Langkah %(n)s SOP %(number)s (%(ref)s) melewati dua kali waktu baku"),
    }[notice.kind] % values
    url = settings.ESOP_BASE_URL.rstrip("/") + case.get_absolute_url()
    lines = [f"{case.sop.number} — {case.sop.title}", _("Rujukan: %(ref)s") % values]
    lines.append(_("Langkah sekarang: %(n)s, oleh %(actor)s") % values)
    if case.current_due_at:
        lines.append(_("Batas waktu baku langkah ini: %(due)s") % {"due": _when(case.current_due_at)})
    lines += ["", _("Buka: %(url)s") % {"url": url}]
    return Message(subject="[e-SOP] " + subject, body="\n".join(lines), recipients=[p.email for p in people])


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H.i")
