"""Who must hear of a move, and what they read. Only people of the SOP's unit (or above it) are told."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org import permissions
from org.models import User
from sop.enums import VersionStatus
from sop.models import SOPVersion

from . import rules
from .models import TransitionLog
from .transitions import Action


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    recipients: list[str]

    def send(self) -> int:
        """One e-mail per person, so nobody learns who else was told; returns how many went out."""
        send_mass_mail([(self.subject, self.body, None, [r]) for r in self.recipients])
        return len(self.recipients)


def recipients(log: TransitionLog) -> list[User]:
    """The people who must act next (or must know the result), never the actor, never outsiders."""
    version, unit = log.version, log.version.sop.unit
    if log.action == Action.SUBMIT:  # the reviewers who may pass it on (workflow.rules)
        people = rules.who_may(version, Action.PASS, state=log.to_status)
    elif log.action == Action.PASS:  # the heads who may establish it
        people = rules.who_may(version, Action.ESTABLISH, state=log.to_status)
    elif log.action == Action.RETURN:
        people = User.objects.filter(pk__in=[version.created_by_id, version.updated_by_id], is_active=True)
    elif log.action in (Action.ESTABLISH, Action.ENTER_INTO_FORCE, Action.REVOKE):
        people = permissions.users_with_perm(unit, permissions.DRAFT)
    else:
        return []
    return [p for p in people.exclude(email="").order_by("pk") if p.pk != log.actor_id]


SUBJECTS = {
    Action.SUBMIT: gettext_lazy("SOP %(number)s menunggu pemeriksaan Anda"),
    Action.PASS: gettext_lazy("SOP %(number)s menunggu penetapan Anda"),
    Action.RETURN: gettext_lazy("SOP %(number)s dikembalikan untuk diperbaiki"),
    Action.ESTABLISH: gettext_lazy("SOP %(number)s telah ditetapkan"),
    Action.ENTER_INTO_FORCE: gettext_lazy("SOP %(number)s mulai berlaku"),
    Action.REVOKE: gettext_lazy("SOP %(number)s dicabut"),
}


def message_for(log: TransitionLog) -> Message | None:
    """The e-mail for a move, or None when nobody has to hear of it."""
    people = recipients(log)
    if not people:
        return None
    sop = log.version.sop
    url = settings.ESOP_BASE_URL.rstrip("/") + log.version.get_absolute_url()
    lines = [
        f"{sop.number} — {sop.title}",
        _("Revisi %(r)s: %(from)s → %(to)s")
        % {"r": log.version.revision, "from": log.get_from_status_display(), "to": log.get_to_status_display()},
    ]
    if log.actor_id:
        lines.append(_("Oleh: %(name)s") % {"name": log.actor.get_full_name()})
    if log.comment:
        lines.append(_("Catatan: %(comment)s") % {"comment": log.comment})
    lines += ["", _("Buka: %(url)s") % {"url": url}]
    return Message(
        subject="[e-SOP] " + str(SUBJECTS[log.action]) % {"number": sop.number},
        body="\n".join(lines),
        recipients=[p.email for p in people],
    )


REFERRING = {
    Action.REVOKE: gettext_lazy("SOP %(number)s yang dirujuk SOP Anda dicabut"),
    Action.SUPERSEDE: gettext_lazy("SOP %(number)s yang dirujuk SOP Anda digantikan revisi baru"),
}


def referring_messages(log: TransitionLog) -> list[Message]:
    """When an SOP is revoked or replaced, the heads of every SOP whose version in force (or about to
    be) names it in KETERKAITAN: each may have to revise theirs. One e-mail per referring SOP."""
    if log.action not in REFERRING:
        return []
    sop = log.version.sop
    referring = (
        SOPVersion.objects.filter(
            status__in=(VersionStatus.ESTABLISHED, VersionStatus.IN_FORCE), related_sops__target=sop
        )
        .exclude(sop=sop)
        .select_related("sop__unit")
        .distinct()
        .order_by("sop__number")
    )
    messages = []
    for version in referring:
        heads = permissions.users_with_perm(version.sop.unit, permissions.ESTABLISH).exclude(email="").order_by("pk")
        if not heads:
            continue
        url = settings.ESOP_BASE_URL.rstrip("/") + version.get_absolute_url()
        lines = [
            _("%(number)s — %(title)s, yang dirujuk pada KETERKAITAN SOP Anda:")
            % {"number": sop.number, "title": sop.title},
            _("revisi %(r)s kini %(status)s.")
            % {"r": log.version.revision, "status": log.get_to_status_display().lower()},
            "",
            _("SOP Anda: %(number)s — %(title)s") % {"number": version.sop.number, "title": version.sop.title},
            _("Periksa apakah keterkaitannya masih sesuai; bila tidak, buka revisi: %(url)s") % {"url": url},
        ]
        messages.append(
            Message(
                subject="[e-SOP] " + str(REFERRING[log.action]) % {"number": sop.number},
                body="\n".join(lines),
                recipients=[p.email for p in heads],
            )
        )
    return messages
