"""The one place that turns roles into rights.

A membership (user x unit x role) becomes django-guardian object permissions on that unit; a
permission held on a unit covers every unit below it in the tree. Coverage has one definition, ``covering_paths``;
every answer comes from ``_rights`` (two small queries, once a request within one): ``units_with_perm``
and ``unit_scope_q`` are filters of unit ids to compose into other querysets, the ``can_*``
predicates look the unit up among them.

Permission codenames (on ``org.Unit``):
- ``view_unit_sops``: read every SOP of the unit, drafts included;
- ``draft_sop``: create SOPs and edit drafts;
- ``review_sop``: check drafts submitted for review;
- ``establish_sop``: establish (penetapan) and revoke;
- ``manage_unit``: manage the unit's memberships.
"""

from __future__ import annotations

import json
from contextvars import ContextVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import BigIntegerField, Q, QuerySet, Subquery
from django.db.models.expressions import OuterRef, RawSQL
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission

from .models import Membership, Role, Unit, User
from .signals import rights_changed

VIEW = "view_unit_sops"
DRAFT = "draft_sop"
REVIEW = "review_sop"
ESTABLISH = "establish_sop"
MANAGE = "manage_unit"
ALL_UNIT_PERMS = frozenset({VIEW, DRAFT, REVIEW, ESTABLISH, MANAGE})

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.STAFF: (VIEW,),
    Role.DRAFTER: (VIEW, DRAFT),
    Role.REVIEWER: (VIEW, REVIEW),
    Role.HEAD: (VIEW, ESTABLISH, MANAGE),
    Role.UNIT_ADMIN: (VIEW, MANAGE),
}

AnyUser = User | AnonymousUser

# Within one request the units a user's rights cover are asked for dozens of times (every selector
# and the navigation compose them): ``PermissionMemoMiddleware`` opens a memo so that each is one
# small query whose ids the others reuse, instead of a nested EXISTS over guardian rows planned and
# run again in every query. Outside a request (tasks, shell, tests calling selectors) nothing is
# memoised; a change of memberships or of the unit tree empties the memo.
_memo: ContextVar[dict | None] = ContextVar("esop_permission_memo", default=None)


def request_memo() -> dict | None:
    """This request's memo (None outside a request), for what other apps read once per request too
    (the agency's settings)."""
    return _memo.get()


class PermissionMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def memo_clear() -> None:
    """Rights or the unit tree changed: forget what this request has memoised, and tell the apps
    that keep what follows from rights (``org.signals.rights_changed``: workflow's inbox counts)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()
    rights_changed.send(sender=Unit)


def _unit_object_permissions(user: User) -> QuerySet[UserObjectPermission]:
    return UserObjectPermission.objects.filter(user=user, content_type=ContentType.objects.get_for_model(Unit))


@transaction.atomic
def sync_unit_permissions(*, user: User) -> None:
    """Make the user's guardian permissions on units match their memberships exactly."""
    memo_clear()
    codenames = {c for perms in ROLE_PERMISSIONS.values() for c in perms}
    wanted = {
        (codename, str(unit_id))
        for role, unit_id in Membership.objects.filter(user=user).values_list("role", "unit_id")
        for codename in ROLE_PERMISSIONS[role]
    }
    current = _unit_object_permissions(user).filter(permission__codename__in=codenames)
    have = {
        (codename, pk): row_id
        for row_id, codename, pk in current.values_list("id", "permission__codename", "object_pk")
    }
    stale = [row_id for key, row_id in have.items() if key not in wanted]
    if stale:
        UserObjectPermission.objects.filter(id__in=stale).delete()
    missing = wanted - have.keys()
    if missing:
        ct = ContentType.objects.get_for_model(Unit)
        perms = {p.codename: p for p in ct.permission_set.filter(codename__in=codenames)}
        UserObjectPermission.objects.bulk_create(
            UserObjectPermission(user=user, content_type=ct, object_pk=pk, permission=perms[codename])
            for codename, pk in sorted(missing)
        )


def covering_paths(path: str) -> list[str]:
    """THE rule of coverage, the one definition every answer below uses: a right held on a unit
    covers that unit and every unit below it, so a unit is covered by the units whose materialised
    paths are prefixes of its own (itself and its ancestors; treebeard: ``steplen`` characters a level)."""
    step = Unit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _covered_by(path: str, held: set[str]) -> bool:
    return not held.isdisjoint(covering_paths(path))


APPLYING = "applying"  # the key, among the codenames, of the units whose SOPs apply to the user


def _rights(user: User) -> dict[str, list[int]]:
    """For every codename ``user`` holds, the ids of the units it covers and, under ``APPLYING``, of
    the units whose SOPs apply to them (those they read and every unit above those); two queries."""
    unit_path = Unit.objects.filter(pk=Cast(OuterRef("object_pk"), BigIntegerField())).values("path")[:1]
    held = [
        (codename, path)
        for codename, path in _unit_object_permissions(user).values_list("permission__codename", Subquery(unit_path))
        if path
    ]
    if not held:
        return {}
    by_codename: dict[str, set[str]] = {}
    for codename, path in held:
        by_codename.setdefault(codename, set()).add(path)
    read = by_codename.get(VIEW, set())
    above = {covering for path in read for covering in covering_paths(path)}
    # The candidates: every unit below a held unit (the SQL form of covering_paths), and those above.
    wanted = Q(path__in=above)
    for path in {path for _codename, path in held}:
        wanted |= Q(path__startswith=path)
    units = list(Unit.objects.filter(wanted).values_list("pk", "path"))
    rights = {
        codename: [pk for pk, path in units if _covered_by(path, paths)] for codename, paths in by_codename.items()
    }
    rights[APPLYING] = [pk for pk, path in units if path in above or _covered_by(path, read)]
    return rights


def _rights_of(user: User) -> dict[str, list[int]]:
    """``_rights`` of ``user``: once a request (the memo), afresh outside one."""
    memo = _memo.get()
    if memo is None:
        return _rights(user)
    if user.pk not in memo:
        memo[user.pk] = _rights(user)
    return memo[user.pk]


def _by_ids(user: User, what: str) -> QuerySet[Unit]:
    """The units whose ids ``_rights_of(user)[what]`` lists."""
    # One parameter, not one placeholder per unit (a few hundred ids in several filters of every
    # query cost more to send than to run), and never an empty list, which Django would short-cut:
    # a filter of a Count(filter=...) with no unit would turn the whole aggregate into zeros.
    ids = _rights_of(user).get(what, [])
    if connection.vendor == "postgresql":
        return Unit.objects.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,)))
    return Unit.objects.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),)))


def units_with_perm(user: AnyUser, codename: str) -> QuerySet[Unit]:
    """Units where ``user`` holds ``codename`` on the unit itself or on one of its ancestors."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return _by_ids(user, codename)


def units_applying_to(user: AnyUser) -> QuerySet[Unit]:
    """Units whose SOPs in force apply to ``user``: every unit where they read SOPs and every unit
    above those (a sub-unit's staff follow the SOPs of the units above them)."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return _by_ids(user, APPLYING)


def held_codenames(user: AnyUser) -> set[str]:
    """Every unit permission ``user`` holds on some unit (superusers: all), in one query."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ALL_UNIT_PERMS)
    return set(_rights_of(user)) - {APPLYING}


def unit_scope_q(user: AnyUser, codename: str, unit_field: str = "unit") -> Q:
    """A filter for any model with a unit foreign key: rows of units where ``user`` holds ``codename``."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q()
    return Q(**{f"{unit_field}__in": units_with_perm(user, codename)})


def has_unit_perm(user: AnyUser, unit: Unit, codename: str) -> bool:
    """Whether ``user`` holds ``codename`` on ``unit``, directly or through a parent unit."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return unit.pk in _rights_of(user).get(codename, ())


def can_view_unit_sops(user: AnyUser, unit: Unit) -> bool:
    return has_unit_perm(user, unit, VIEW)


def can_draft(user: AnyUser, unit: Unit) -> bool:
    return has_unit_perm(user, unit, DRAFT)


def can_review(user: AnyUser, unit: Unit) -> bool:
    return has_unit_perm(user, unit, REVIEW)


def can_establish(user: AnyUser, unit: Unit) -> bool:
    return has_unit_perm(user, unit, ESTABLISH)


def can_manage_unit(user: AnyUser, unit: Unit) -> bool:
    return has_unit_perm(user, unit, MANAGE)


def users_with_perm(unit: Unit, codename: str) -> QuerySet[User]:
    """Active users holding ``codename`` on ``unit`` directly or through one of its ancestors."""
    covering = [str(pk) for pk in Unit.objects.filter(path__in=covering_paths(unit.path)).values_list("pk", flat=True)]
    return User.objects.filter(
        is_active=True,
        userobjectpermission__content_type=ContentType.objects.get_for_model(Unit),
        userobjectpermission__permission__codename=codename,
        userobjectpermission__object_pk__in=covering,
    ).distinct()


# --- Who may give which role -------------------------------------------------------------------
# Roles rank by the power they carry; nobody gives (or takes away) a role above the highest role
# they hold over the unit, nobody changes their own roles, and pengesah (a legal signatory power)
# is given only by a portal administrator or by the pengesah of a unit above.
ROLE_RANK: dict[str, int] = {Role.STAFF: 0, Role.DRAFTER: 1, Role.REVIEWER: 2, Role.UNIT_ADMIN: 3, Role.HEAD: 4}


def role_grant_rule(actor: AnyUser):
    """The rule of role grants for ``actor``, in one query: a function ``(unit, person) -> roles``
    giving the roles ``actor`` may grant to or revoke from ``person`` in ``unit`` (``person=None``:
    anyone but ``actor``). Pages ask it for each row; the services for the one change."""
    if not actor.is_authenticated or not actor.is_active:
        return lambda unit, person=None: frozenset()
    if actor.is_superuser:
        every = frozenset(Role.values)
        return lambda unit, person=None: frozenset() if person is not None and person.pk == actor.pk else every
    held = list(Membership.objects.filter(user=actor).values_list("role", "unit__path"))

    def grantable(unit: Unit, person: User | None = None) -> frozenset[str]:
        if person is not None and person.pk == actor.pk:
            return frozenset()
        covering = covering_paths(unit.path)
        over = [(role, path) for role, path in held if path in covering]
        if not any(MANAGE in ROLE_PERMISSIONS[role] for role, _path in over):
            return frozenset()
        top = max(ROLE_RANK[role] for role, _path in over)
        roles = {role for role in Role.values if ROLE_RANK[role] <= top}
        if not any(role == Role.HEAD and path != unit.path for role, path in over):
            roles.discard(Role.HEAD)
        return frozenset(roles)

    return grantable


def roles_grantable(actor: AnyUser, unit: Unit, person: User | None = None) -> frozenset[str]:
    """The roles ``actor`` may grant to or revoke from ``person`` in ``unit`` (see ``role_grant_rule``)."""
    return role_grant_rule(actor)(unit, person)


def unit_perms(user: AnyUser, unit: Unit) -> set[str]:
    """Every permission codename ``user`` holds on ``unit`` (directly or from above)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ALL_UNIT_PERMS)
    return {codename for codename, ids in _rights_of(user).items() if codename != APPLYING and unit.pk in ids}
