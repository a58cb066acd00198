"""Who may take which action on a version: the one answer, derived from the transition table.

Three forms of one rule, side by side, so that they cannot drift apart:

- ``allowed_actions(user, version)`` / ``refusal(user, version, action)``: the predicate, for the
  service (which raises the refusal) and the version page (which offers exactly the allowed actions);
- ``actionable(user, action)``: a filter of versions, for the inbox (what waits for ``user``);
- ``who_may(version, action)``: a filter of users, for the e-mail recipients (who must act next).

An action is allowed when the table has it from the version's status, the person holds the table's
permission on the SOP's unit (or a unit above it), and separation of duties allows it: nobody judges
(returns, passes on, establishes) a version they drafted or last changed, and whoever passed a
version on may not also establish it. ``tests/workflow/test_rules.py`` proves the three forms agree
over every state, action and role, people holding two roles included.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from org import permissions
from org.models import User
from sop.models import SOPVersion

from .models import TransitionLog
from .transitions import JUDGEMENTS, SYSTEM, TRANSITIONS, Action

# Actions a person takes from the version page (registering archived SOPs happens elsewhere).
PAGE_ACTIONS = (Action.SUBMIT, Action.WITHDRAW, Action.RETURN, Action.PASS, Action.ESTABLISH, Action.REVOKE)


def _states(action: str) -> list[str]:
    """The states from which people (not the scheduler) may take ``action``, with its permission."""
    return [state for (state, a), (_next, perm) in TRANSITIONS.items() if a == action and perm != SYSTEM]


def _permission(state: str, action: str) -> str | None:
    entry = TRANSITIONS.get((state, action))
    return entry[1] if entry and entry[1] != SYSTEM else None


# --- Separation of duties, in each form ----------------------------------------------------------


def _own_work(user: User, version: SOPVersion) -> bool:
    return user.pk in (version.created_by_id, version.updated_by_id)


def _passed_on(user: User, version: SOPVersion) -> bool:
    return TransitionLog.objects.filter(version=version, action=Action.PASS, actor=user).exists()


def _duties_refusal(user: User, version: SOPVersion, action: str) -> str | None:
    """Predicate form: why separation of duties forbids ``action`` (None: it does not)."""
    if action not in JUDGEMENTS:
        return None
    if _own_work(user, version):
        return _("Anda menyusun atau terakhir mengubah versi ini, sehingga tidak boleh memeriksa atau menetapkannya.")
    if action == Action.ESTABLISH and _passed_on(user, version):
        return _("Anda sudah meneruskan pemeriksaan versi ini, sehingga tidak boleh juga menetapkannya.")
    return None


def _duties_versions_q(user: User, action: str) -> Q:
    """Version-filter form of ``_duties_refusal``: the versions ``user`` may judge."""
    if action not in JUDGEMENTS:
        return Q()
    q = ~(Q(created_by=user) | Q(updated_by=user))
    if action == Action.ESTABLISH:
        q &= ~Q(pk__in=TransitionLog.objects.filter(action=Action.PASS, actor=user).values("version"))
    return q


def _duties_users(users: QuerySet[User], version: SOPVersion, action: str) -> QuerySet[User]:
    """User-filter form of ``_duties_refusal``: the people who may judge ``version``."""
    if action not in JUDGEMENTS:
        return users
    users = users.exclude(pk__in=[pk for pk in (version.created_by_id, version.updated_by_id) if pk])
    if action == Action.ESTABLISH:
        passed = TransitionLog.objects.filter(version=version, action=Action.PASS, actor__isnull=False)
        users = users.exclude(pk__in=passed.values("actor"))
    return users


# --- The three forms ------------------------------------------------------------------------------


def refusal(user: User | None, version: SOPVersion, action: str, perms: set[str] | None = None) -> str | None:
    """Why ``user`` may not take ``action`` on ``version`` in its state (None: they may). The action
    must be one the table has from the version's status (the service checks that first)."""
    permission = _permission(version.status, action)
    if permission is None:
        return _("Perpindahan ini hanya dilakukan otomatis oleh sistem.")
    if user is None:
        return _("Anda tidak berwenang melakukan tindakan ini pada SOP unit tersebut.")
    if perms is None:
        perms = permissions.unit_perms(user, version.sop.unit)
    if permission not in perms:
        return _("Anda tidak berwenang melakukan tindakan ini pada SOP unit tersebut.")
    return _duties_refusal(user, version, action)


def allowed_actions(user: User, version: SOPVersion, perms: set[str] | None = None) -> list[str]:
    """The page actions ``user`` may take on ``version`` now, in the table's order."""
    if perms is None:
        perms = permissions.unit_perms(user, version.sop.unit)
    return [
        action
        for action in PAGE_ACTIONS
        if (version.status, action) in TRANSITIONS and refusal(user, version, action, perms) is None
    ]


def actionable(user: User, action: str) -> Q:
    """A filter of SOPVersion: the versions on which ``user`` may take ``action`` now."""
    q = Q(pk__in=[])
    for state in _states(action):
        permission = TRANSITIONS[(state, action)][1]
        q |= Q(status=state) & permissions.unit_scope_q(user, permission, "sop__unit")
    return q & _duties_versions_q(user, action)


def who_may(version: SOPVersion, action: str, *, state: str | None = None) -> QuerySet[User]:
    """The active people of the SOP's unit (or above it) who may take ``action`` on ``version`` when it
    is in ``state`` (its status by default: the recipients of a move are asked after the move, when
    the version may have moved on). Portal administrators, who may do anything, are not listed: they
    are not told of every move."""
    permission = _permission(state or version.status, action)
    if permission is None:
        return User.objects.none()
    return _duties_users(permissions.users_with_perm(version.sop.unit, permission), version, action)
