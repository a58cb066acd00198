"""Who sees which SOPs and versions: own units, sub-units, other units, public SOPs in force."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sop import selectors
from tests.factories import SOPFactory, SOPVersionFactory, UserFactory


@pytest.fixture
def sops(agency):
    """One internal draft in each place, and a public SOP of the other unit in force plus its new draft."""
    made = {
        "unit_draft": SOPVersionFactory(sop__unit=agency.unit).sop,
        "sub_draft": SOPVersionFactory(sop__unit=agency.sub).sop,
        "root_draft": SOPVersionFactory(sop__unit=agency.root).sop,
        "other_internal_in_force": SOPVersionFactory(sop__unit=agency.other, in_force=True).sop,
        "other_public_draft": SOPVersionFactory(sop__unit=agency.other, sop__is_public_service=True).sop,
    }
    public = SOPFactory(unit=agency.other, is_public_service=True)
    SOPVersionFactory(sop=public, in_force=True, revision=0)
    SOPVersionFactory(sop=public, revision=1)
    made["other_public_in_force"] = public
    return made


def visible(user, sops) -> set[str]:
    ids = set(selectors.sops_visible_to(user).values_list("pk", flat=True))
    return {name for name, sop in sops.items() if sop.pk in ids}


OWN = {"unit_draft", "sub_draft", "other_public_in_force"}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["drafter", "reviewer", "head", "unit_admin"])
def test_sops_visible_to_member_sees_own_unit_sub_units_and_public_in_force(request, sops, who):
    assert visible(request.getfixturevalue(who), sops) == OWN


@pytest.mark.django_db
def test_sops_visible_to_other_unit_member_sees_own_unit_and_public(outsider, sops):
    assert visible(outsider, sops) == {
        "other_internal_in_force",
        "other_public_draft",
        "other_public_in_force",
    }


@pytest.mark.django_db
def test_sops_visible_to_user_without_role_sees_only_public_in_force(sops):
    assert visible(UserFactory(), sops) == {"other_public_in_force"}


@pytest.mark.django_db
def test_sops_visible_to_anonymous_sees_only_public_in_force(sops):
    assert visible(AnonymousUser(), sops) == {"other_public_in_force"}


@pytest.mark.django_db
def test_sops_visible_to_superuser_sees_all(superuser, sops):
    assert visible(superuser, sops) == set(sops)


@pytest.mark.django_db
def test_versions_visible_to_outsider_hides_draft_of_public_sop(drafter, sops):
    public = sops["other_public_in_force"]
    statuses = set(selectors.versions_visible_to(drafter).filter(sop=public).values_list("status", flat=True))
    assert statuses == {"in_force"}


@pytest.mark.django_db
def test_access_sop_not_visible_and_missing_both_404(drafter, sops):
    with pytest.raises(Http404):
        selectors.access_sop(drafter, sops["root_draft"].pk)
    with pytest.raises(Http404):
        selectors.access_sop(drafter, 999999)
    assert selectors.access_sop(drafter, sops["unit_draft"].pk) == sops["unit_draft"]


@pytest.mark.django_db
def test_sop_list_current_version_prefers_in_force_then_newest(agency, drafter):
    sop = SOPFactory(unit=agency.unit)
    in_force = SOPVersionFactory(sop=sop, in_force=True, revision=0)
    SOPVersionFactory(sop=sop, revision=1)
    only_drafts = SOPFactory(unit=agency.unit)
    SOPVersionFactory(sop=only_drafts, revision=0)
    newest = SOPVersionFactory(sop=only_drafts, revision=1)
    current = {s.pk: s.current_id for s in selectors.sop_list(drafter)}
    assert current[sop.pk] == in_force.pk
    assert current[only_drafts.pk] == newest.pk


@pytest.mark.django_db
def test_sub_unit_staff_read_the_sops_in_force_of_the_units_above_but_not_their_drafts(agency):
    from org.models import Role
    from tests.factories import grant

    staff = UserFactory()
    grant(staff, agency.sub, Role.DRAFTER)
    above_in_force = SOPVersionFactory(sop__unit=agency.unit, in_force=True).sop
    SOPVersionFactory(sop=above_in_force, revision=1)  # its next draft
    above_draft = SOPVersionFactory(sop__unit=agency.unit).sop
    beside_in_force = SOPVersionFactory(sop__unit=agency.other, in_force=True).sop
    ids = set(selectors.sops_visible_to(staff).values_list("pk", flat=True))
    assert above_in_force.pk in ids and above_draft.pk not in ids and beside_in_force.pk not in ids
    statuses = set(selectors.versions_visible_to(staff).filter(sop=above_in_force).values_list("status", flat=True))
    assert statuses == {"in_force"}


@pytest.mark.django_db
def test_staff_of_a_unit_the_sop_is_shared_with_read_its_version_in_force_only(agency, head, outsider):
    from sop import services

    sop = SOPVersionFactory(sop__unit=agency.unit, in_force=True).sop
    SOPVersionFactory(sop=sop, revision=1)
    assert sop.pk not in set(selectors.sops_visible_to(outsider).values_list("pk", flat=True))
    services.sop_share(sop=sop, unit=agency.other, actor=head)
    assert sop.pk in set(selectors.sops_visible_to(outsider).values_list("pk", flat=True))
    statuses = set(selectors.versions_visible_to(outsider).filter(sop=sop).values_list("status", flat=True))
    assert statuses == {"in_force"}
