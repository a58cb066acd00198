"""The life of a version as plain data: ``{(state, action): (next_state, permission)}``.

``permission`` is the unit permission codename the actor must hold (org.permissions), or SYSTEM
for moves only the scheduler makes. Everything that changes a version's status goes through
``workflow.services.version_transition`` with this table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from org import permissions
from sop.models import VersionStatus as S

SYSTEM = "system"


class Action(models.TextChoices):
    SUBMIT = "submit", _("Ajukan untuk diperiksa")
    WITHDRAW = "withdraw", _("Tarik kembali ke draf")
    RETURN = "return", _("Kembalikan ke penyusun")
    PASS = "pass", _("Teruskan ke pengesah")
    ESTABLISH = "establish", _("Tetapkan")
    ENTER_INTO_FORCE = "enter_into_force", _("Mulai berlaku")
    SUPERSEDE = "supersede", _("Digantikan versi baru")
    REVOKE = "revoke", _("Cabut")
    REGISTER = "register", _("Catat SOP yang sudah ditandatangani")


TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (S.DRAFT, Action.SUBMIT): (S.IN_REVIEW, permissions.DRAFT),
    (S.IN_REVIEW, Action.WITHDRAW): (S.DRAFT, permissions.DRAFT),
    (S.IN_REVIEW, Action.RETURN): (S.DRAFT, permissions.REVIEW),
    (S.IN_REVIEW, Action.PASS): (S.AWAITING_ESTABLISHMENT, permissions.REVIEW),
    (S.AWAITING_ESTABLISHMENT, Action.RETURN): (S.DRAFT, permissions.ESTABLISH),
    (S.AWAITING_ESTABLISHMENT, Action.ESTABLISH): (S.ESTABLISHED, permissions.ESTABLISH),
    (S.ESTABLISHED, Action.ENTER_INTO_FORCE): (S.IN_FORCE, SYSTEM),
    (S.IN_FORCE, Action.SUPERSEDE): (S.SUPERSEDED, SYSTEM),
    (S.IN_FORCE, Action.REVOKE): (S.REVOKED, permissions.ESTABLISH),
    # Digitising the archive: an SOP signed on paper enters the portal in force, without review.
    (S.DRAFT, Action.REGISTER): (S.IN_FORCE, permissions.ESTABLISH),
}

# Moves that must explain themselves: the comment (or reason) may not be empty.
COMMENT_REQUIRED = {Action.RETURN, Action.REVOKE}

# Moves where the actor judges someone else's work: the drafter may not make them (separation of duties).
JUDGEMENTS = {Action.RETURN, Action.PASS, Action.ESTABLISH}


def actions_from(state: str) -> list[str]:
    """The actions the table allows from ``state`` for people (not the scheduler)."""
    return [action for (s, action), (_, perm) in TRANSITIONS.items() if s == state and perm != SYSTEM]
