"""Writes to the organisation: memberships keep guardian permissions in step."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import permissions
from .models import Membership, Role, Unit, User


@transaction.atomic
def membership_grant(*, user: User, unit: Unit, role: Role | str, actor: User) -> Membership:
    """Give ``user`` the ``role`` in ``unit`` (idempotent); raises PermissionDenied for a non-manager."""
    if not permissions.can_manage_unit(actor, unit):
        raise PermissionDenied
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    permissions.sync_unit_permissions(user=user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User) -> None:
    """Take a role away; raises PermissionDenied for a non-manager."""
    if not permissions.can_manage_unit(actor, membership.unit):
        raise PermissionDenied
    user = membership.user
    membership.delete()
    permissions.sync_unit_permissions(user=user)
