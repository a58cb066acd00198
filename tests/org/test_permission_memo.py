"""The units a user's rights cover, worked out once a request (org.permissions memo) or afresh
outside one by the same code, against treebeard's own answer of which units lie below and above:
a right held on a unit covers it and every unit below it; the SOPs of the units read, and of every
unit above them, apply. And the memo follows a change at once."""

import pytest

from org import permissions
from org.models import Membership, Role, Unit
from tests.factories import UnitFactory, UserFactory, grant

CODENAMES = sorted(permissions.ALL_UNIT_PERMS)


def _answers(user):
    rights = {c: set(permissions.units_with_perm(user, c).values_list("pk", flat=True)) for c in CODENAMES}
    rights["applying"] = set(permissions.units_applying_to(user).values_list("pk", flat=True))
    return rights, permissions.held_codenames(user)


def _memoised(user):
    token = permissions._memo.set({})
    try:
        return _answers(user)
    finally:
        permissions._memo.reset(token)


def _expected(user):
    """What the rule says, from the tree itself (treebeard's descendants and ancestors)."""
    rights = {c: set() for c in CODENAMES}
    read = set()
    for membership in Membership.objects.filter(user=user).select_related("unit"):
        below = {membership.unit.pk} | set(Unit.objects.get_descendants(membership.unit).values_list("pk", flat=True))
        for codename in permissions.ROLE_PERMISSIONS[membership.role]:
            rights[codename] |= below
        read |= below | set(Unit.objects.get_ancestors(membership.unit).values_list("pk", flat=True))
    rights["applying"] = read
    return rights, {c for c in CODENAMES if rights[c]}


@pytest.mark.django_db
def test_rights_in_and_outside_a_request_are_those_of_the_tree_for_every_kind_of_member(agency):
    deep = UnitFactory(parent=agency.sub, code="SEKSI", name="Seksi Uji")
    people = []
    for unit, role in [
        (agency.unit, Role.DRAFTER),
        (agency.sub, Role.REVIEWER),
        (agency.root, Role.REVIEWER),
        (deep, Role.HEAD),
        (agency.other, Role.UNIT_ADMIN),
    ]:
        user = UserFactory()
        grant(user, unit, role)
        people.append(user)
    both = UserFactory()
    grant(both, agency.sub, Role.DRAFTER)
    grant(both, agency.other, Role.HEAD)
    people += [both, UserFactory()]  # and one without any role
    for user in people:
        expected = _expected(user)
        assert _answers(user) == expected == _memoised(user), user
        for unit in Unit.objects.all():
            token = permissions._memo.set({})
            try:
                memo_perms = permissions.unit_perms(user, unit)
                memo_has = {c for c in CODENAMES if permissions.has_unit_perm(user, unit, c)}
            finally:
                permissions._memo.reset(token)
            held_here = {c for c in CODENAMES if unit.pk in expected[0][c]}
            assert memo_perms == memo_has == permissions.unit_perms(user, unit) == held_here, (user, unit)
    # The sub-unit's reviewer reads the SOPs of the units above (applying), not of its siblings.
    assert applying(people[1]) == {agency.root.pk, agency.unit.pk, agency.sub.pk, deep.pk}


@pytest.mark.django_db
def test_users_with_a_right_are_those_holding_it_on_the_unit_or_above(agency):
    deep = UnitFactory(parent=agency.sub, code="SEKSI", name="Seksi Uji")
    above, here, below, aside = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    grant(above, agency.root, Role.DRAFTER)
    grant(here, agency.sub, Role.DRAFTER)
    grant(below, deep, Role.DRAFTER)
    grant(aside, agency.other, Role.DRAFTER)
    found = set(permissions.users_with_perm(agency.sub, permissions.DRAFT))
    assert found == {above, here}


def applying(user):
    return set(permissions.units_applying_to(user).values_list("pk", flat=True))


@pytest.mark.django_db
def test_memo_follows_a_change_of_roles_and_of_the_tree_in_the_same_request(agency, drafter):
    token = permissions._memo.set({})
    try:
        assert not permissions.can_review(drafter, agency.unit)
        grant(drafter, agency.unit, Role.REVIEWER)
        assert permissions.can_review(drafter, agency.unit)
        new = UnitFactory(parent=agency.unit, code="BARU", name="Bidang Baru")
        assert permissions.can_draft(drafter, new)
    finally:
        permissions._memo.reset(token)


@pytest.mark.django_db
def test_inactive_and_anonymous_hold_nothing_in_a_request(agency, drafter):
    from django.contrib.auth.models import AnonymousUser

    drafter.is_active = False
    token = permissions._memo.set({})
    try:
        assert not permissions.units_with_perm(drafter, permissions.VIEW).exists()
        assert not permissions.units_with_perm(AnonymousUser(), permissions.VIEW).exists()
    finally:
        permissions._memo.reset(token)
