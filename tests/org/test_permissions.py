"""The role predicates and unit filters for every role and every place in the tree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from org import permissions
from org.models import Membership, Role
from tests.factories import UserFactory, grant

# What each role may do on its own unit (and so on the units below it).
EXPECTED = {
    Role.STAFF: {permissions.VIEW},
    Role.DRAFTER: {permissions.VIEW, permissions.DRAFT},
    Role.REVIEWER: {permissions.VIEW, permissions.REVIEW},
    Role.HEAD: {permissions.VIEW, permissions.ESTABLISH, permissions.MANAGE},
    Role.UNIT_ADMIN: {permissions.VIEW, permissions.MANAGE},
}
ALL = [permissions.VIEW, permissions.DRAFT, permissions.REVIEW, permissions.ESTABLISH, permissions.MANAGE]
PLACES = ["unit", "sub", "root", "other"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("codename", ALL)
@pytest.mark.parametrize("place", PLACES)
def test_has_unit_perm_role_covers_own_unit_and_sub_units_only(agency, role, codename, place):
    user = UserFactory()
    grant(user, agency.unit, role)
    allowed = codename in EXPECTED[role] and place in ("unit", "sub")
    assert permissions.has_unit_perm(user, getattr(agency, place), codename) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_units_with_perm_role_lists_unit_and_descendants(agency, role):
    user = UserFactory()
    grant(user, agency.unit, role)
    assert set(permissions.units_with_perm(user, permissions.VIEW)) == {agency.unit, agency.sub}


@pytest.mark.django_db
@pytest.mark.parametrize("codename", ALL)
def test_has_unit_perm_anonymous_denied(agency, codename):
    assert permissions.has_unit_perm(AnonymousUser(), agency.unit, codename) is False
    assert not permissions.units_with_perm(AnonymousUser(), codename).exists()


@pytest.mark.django_db
def test_has_unit_perm_inactive_user_denied(agency, drafter):
    drafter.is_active = False
    drafter.save()
    assert permissions.can_draft(drafter, agency.unit) is False
    assert not permissions.units_with_perm(drafter, permissions.VIEW).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("place", PLACES)
def test_has_unit_perm_superuser_everywhere(agency, superuser, place):
    for codename in ALL:
        assert permissions.has_unit_perm(superuser, getattr(agency, place), codename)


@pytest.mark.django_db
def test_has_unit_perm_role_on_root_covers_whole_tree(agency):
    user = UserFactory()
    grant(user, agency.root, Role.REVIEWER)
    for place in PLACES:
        assert permissions.can_review(user, getattr(agency, place))


@pytest.mark.django_db
def test_sync_unit_permissions_revoked_membership_removes_rights(agency, drafter):
    Membership.objects.filter(user=drafter).delete()
    permissions.sync_unit_permissions(user=drafter)
    assert permissions.can_draft(drafter, agency.unit) is False
    assert permissions.can_view_unit_sops(drafter, agency.unit) is False


@pytest.mark.django_db
def test_sync_unit_permissions_keeps_right_held_through_another_role(agency):
    user = UserFactory()
    grant(user, agency.unit, Role.DRAFTER)
    grant(user, agency.unit, Role.REVIEWER)
    Membership.objects.filter(user=user, role=Role.DRAFTER).delete()
    permissions.sync_unit_permissions(user=user)
    assert permissions.can_view_unit_sops(user, agency.unit)
    assert permissions.can_review(user, agency.unit)
    assert not permissions.can_draft(user, agency.unit)


@pytest.mark.django_db
def test_sync_unit_permissions_twice_changes_nothing(agency, head):
    from guardian.models import UserObjectPermission

    before = sorted(UserObjectPermission.objects.filter(user=head).values_list("permission__codename", "object_pk"))
    permissions.sync_unit_permissions(user=head)
    after = sorted(UserObjectPermission.objects.filter(user=head).values_list("permission__codename", "object_pk"))
    assert before == after
    assert len(after) == 3


@pytest.mark.django_db
def test_units_with_perm_runs_the_same_few_queries_whatever_the_memberships(agency, django_assert_num_queries):
    """Two to work the rights out (held permissions; the units they cover) and the list itself."""
    user = UserFactory()
    grant(user, agency.unit, Role.DRAFTER)
    with django_assert_num_queries(3):
        assert len(list(permissions.units_with_perm(user, permissions.DRAFT))) == 2
    for unit in (agency.other, agency.root):
        grant(user, unit, Role.DRAFTER)
        grant(user, unit, Role.REVIEWER)
    with django_assert_num_queries(3):
        assert len(list(permissions.units_with_perm(user, permissions.DRAFT))) == 4


@pytest.mark.django_db
def test_membership_grant_service_requires_manager(agency, head, drafter):
    from django.core.exceptions import PermissionDenied

    from org import services

    newcomer = UserFactory()
    with pytest.raises(PermissionDenied):
        services.membership_grant(user=newcomer, unit=agency.unit, role=Role.DRAFTER, actor=drafter)
    assert not permissions.can_draft(newcomer, agency.unit)
    services.membership_grant(user=newcomer, unit=agency.sub, role=Role.DRAFTER, actor=head)
    assert permissions.can_draft(newcomer, agency.sub)
    assert not permissions.can_draft(newcomer, agency.unit)
