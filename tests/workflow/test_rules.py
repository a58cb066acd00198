"""The rule of who may take which action, in its three forms (workflow.rules): the predicate the
service and the version page use, the filter of the inbox and the filter of the e-mail recipients
agree over every state, action and role, people holding two roles included; the page offers exactly
what the service accepts."""

import itertools
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from org.models import Role
from sop.models import SOPVersion, VersionStatus
from tests.factories import UserFactory, grant
from workflow import rules, services
from workflow.models import TransitionLog
from workflow.transitions import TRANSITIONS, Action

ROLES = [Role.DRAFTER, Role.REVIEWER, Role.HEAD, Role.UNIT_ADMIN]
HOLDINGS = [(r,) for r in ROLES] + list(itertools.combinations(ROLES, 2))
STATES = [s for s in VersionStatus.values]


@pytest.fixture
def people(agency):
    """One person for each role and each pair of roles in the SOP's unit, one above it, one outside."""
    people = {}
    for holding in HOLDINGS:
        user = UserFactory(username="-".join(holding))
        for role in holding:
            grant(user, agency.unit, role)
        people["-".join(holding)] = user
    above = UserFactory(username="kepala-atas")
    grant(above, agency.root, Role.HEAD)
    grant(above, agency.root, Role.REVIEWER)
    people["kepala-atas"] = above
    outside = UserFactory(username="luar")
    grant(outside, agency.other, Role.HEAD)
    people["luar"] = outside
    return people


@pytest.fixture
def versions(make_version, people, author):
    """A version in every state; the one awaiting penetapan was passed on by a reviewer-head."""
    made = {state: make_version(state) for state in STATES}
    TransitionLog.objects.create(
        version=made[VersionStatus.AWAITING_ESTABLISHMENT],
        action=Action.PASS,
        from_status=VersionStatus.IN_REVIEW,
        to_status=VersionStatus.AWAITING_ESTABLISHMENT,
        actor=people["pemeriksa-pengesah"],
    )
    # A version under review that one of the reviewers last changed: they may not judge it.
    made["in_review_own"] = make_version(VersionStatus.IN_REVIEW)
    SOPVersion.objects.filter(pk=made["in_review_own"].pk).update(updated_by=people["penyusun-pemeriksa"])
    made["in_review_own"].refresh_from_db()
    return made


def _service_accepts(version, action, user) -> bool:
    """Whether the service takes the move (rolled back); False for PermissionDenied only."""
    try:
        with transaction.atomic():
            services.version_transition(
                version=SOPVersion.objects.get(pk=version.pk),  # the move refreshes what it is given
                action=action,
                actor=user,
                comment="catatan",
                reauthenticated=True,
            )
            transaction.set_rollback(True)
    except PermissionDenied:
        return False
    except ValidationError:  # another rule (e.g. a started review cannot be withdrawn): not about who
        return True
    return True


def _offered(client, user, version) -> set[str]:
    client.force_login(user)
    html = client.get(version.get_absolute_url()).content.decode()
    offered = set(re.findall(rf"/versi/{version.pk}/tindakan/(\w+)/", html))
    if f"/versi/{version.pk}/tetapkan/" in html:
        offered.add(Action.ESTABLISH)
    return offered


@pytest.mark.django_db
def test_predicate_inbox_filter_and_recipients_agree_for_every_state_action_and_role(people, versions):
    checked = 0
    for (label, version), (name, user) in itertools.product(versions.items(), people.items()):
        for action in rules.PAGE_ACTIONS:
            if (version.status, action) not in TRANSITIONS:
                continue
            allowed = rules.refusal(user, version, action) is None
            in_filter = SOPVersion.objects.filter(rules.actionable(user, action), pk=version.pk).exists()
            recipient = rules.who_may(version, action).filter(pk=user.pk).exists()
            assert allowed == in_filter == recipient, (label, name, action, allowed, in_filter, recipient)
            checked += 1
    assert checked > 100


@pytest.mark.django_db
def test_the_page_offers_exactly_what_the_service_accepts(client, people, versions):
    for (label, version), (name, user) in itertools.product(versions.items(), people.items()):
        possible = [a for a in rules.PAGE_ACTIONS if (version.status, a) in TRANSITIONS]
        accepted = {a for a in possible if _service_accepts(version, a, user)}
        assert set(rules.allowed_actions(user, version)) == accepted, (label, name)
        if user.memberships.filter(unit=version.sop.unit).exists() or name == "kepala-atas":
            assert _offered(client, user, version) == accepted, (label, name)


@pytest.mark.django_db
def test_a_reviewer_head_who_passed_a_version_on_is_neither_offered_nor_listed_to_establish_it(
    client, people, versions
):
    """The case that was proven: the page offered «Tetapkan», the inbox listed the version, and the
    penetapan then answered a bare 403 after the password."""
    from workflow import selectors

    dual = people["pemeriksa-pengesah"]
    version = versions[VersionStatus.AWAITING_ESTABLISHMENT]
    assert Action.ESTABLISH not in rules.allowed_actions(dual, version)
    assert version.pk not in [item.version.pk for item in selectors.inbox(dual)]
    client.force_login(dual)
    page = client.get(f"/sop/{version.sop_id}/versi/{version.pk}/tetapkan/")
    assert page.status_code == 403
    assert "sudah meneruskan pemeriksaan versi ini" in page.content.decode()
    other_head = people["pengesah"]
    assert version.pk in [item.version.pk for item in selectors.inbox(other_head)]
    assert rules.who_may(version, Action.ESTABLISH).filter(pk=dual.pk).exists() is False
