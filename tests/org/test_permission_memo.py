"""Within a request, the units a user's rights cover are worked out once (org.permissions memo):
they must be the same units as the lazy queries outside a request, and follow a change at once."""

import pytest

from org import permissions
from org.models import Role
from tests.factories import UnitFactory, UserFactory, grant

CODENAMES = sorted(permissions.ALL_UNIT_PERMS)


def _lazy(user):
    rights = {c: set(permissions.units_with_perm(user, c).values_list("pk", flat=True)) for c in CODENAMES}
    rights["applying"] = set(permissions.units_applying_to(user).values_list("pk", flat=True))
    return rights, permissions.held_codenames(user)


def _memoised(user):
    token = permissions._memo.set({})
    try:
        return _lazy(user)
    finally:
        permissions._memo.reset(token)


@pytest.mark.django_db
def test_memo_answers_as_the_lazy_queries_for_every_kind_of_member(agency):
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
        lazy, memo = _lazy(user), _memoised(user)
        assert lazy == memo, user
        for unit in [agency.root, agency.unit, agency.sub, agency.other, deep]:
            token = permissions._memo.set({})
            try:
                memo_perms = permissions.unit_perms(user, unit)
                memo_has = {c for c in CODENAMES if permissions.has_unit_perm(user, unit, c)}
            finally:
                permissions._memo.reset(token)
            assert memo_perms == memo_has == permissions.unit_perms(user, unit)
    # The sub-unit's reviewer reads the SOPs of the units above (applying), not of its siblings.
    assert lazy_applying(people[1]) == {agency.root.pk, agency.unit.pk, agency.sub.pk, deep.pk}


def lazy_applying(user):
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
