"""The transition table, parametrized over every move, every role and every place in the tree."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from org import permissions
from org.models import Role
from sop.models import VersionStatus
from tests.factories import UserFactory, grant
from workflow import services
from workflow.models import TransitionLog
from workflow.transitions import SYSTEM, TRANSITIONS, Action

ROLE_PERMS = {
    Role.STAFF: set(),
    Role.DRAFTER: {permissions.DRAFT},
    Role.REVIEWER: {permissions.REVIEW},
    Role.HEAD: {permissions.ESTABLISH},
    Role.UNIT_ADMIN: set(),
}
PLACES = ["own", "parent", "other"]


def _arguments(action: str) -> dict:
    return {
        "comment": "Alasan yang jelas" if action in (Action.RETURN, Action.REVOKE) else "",
        "reauthenticated": action == Action.ESTABLISH,
        "effective_date": timezone.localdate() + datetime.timedelta(days=30) if action == Action.ESTABLISH else None,
        "signature": services.Signature("Kepala", "", "Kepala Dinas", timezone.localdate())
        if action == Action.REGISTER
        else None,
    }


def _person(agency, role: str, place: str):
    user = UserFactory()
    unit = {"own": agency.unit, "parent": agency.root, "other": agency.other}[place]
    grant(user, unit, role)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), list(TRANSITIONS))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("place", PLACES)
def test_transition_allowed_exactly_for_roles_of_the_unit_and_above(agency, make_version, state, action, role, place):
    version = make_version(state)
    actor = _person(agency, role, place)
    target, needed = TRANSITIONS[(state, action)]
    allowed = needed != SYSTEM and needed in ROLE_PERMS[role] and place in ("own", "parent")
    if allowed:
        services.version_transition(version=version, action=action, actor=actor, **_arguments(action))
        version.refresh_from_db()
        assert version.status == target  # establishing with a future date stops at "established"
        log = TransitionLog.objects.get(version=version, action=action)
        assert (log.actor, log.from_status, log.to_status) == (actor, state, target)
    else:
        with pytest.raises(PermissionDenied):
            services.version_transition(version=version, action=action, actor=actor, **_arguments(action))
        version.refresh_from_db()
        assert version.status == state
        assert not TransitionLog.objects.filter(version=version).exists()


NOT_IN_TABLE = [(s, a) for s in VersionStatus.values for a in Action.values if (s, a) not in TRANSITIONS]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), NOT_IN_TABLE)
def test_transition_not_in_table_raises_invalid_and_changes_nothing(make_version, superuser, state, action):
    version = make_version(state)
    with pytest.raises(services.InvalidTransition):
        services.version_transition(version=version, action=action, actor=superuser, **_arguments(action))
    version.refresh_from_db()
    assert version.status == state
    assert not TransitionLog.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), [k for k, (_, p) in TRANSITIONS.items() if p == SYSTEM])
def test_system_moves_refused_to_people_even_superusers(make_version, superuser, state, action):
    version = make_version(state)
    with pytest.raises(PermissionDenied):
        services.version_transition(version=version, action=action, actor=superuser)
    version.refresh_from_db()
    assert version.status == state


@pytest.mark.django_db
def test_invalid_transition_and_permission_denied_are_different_errors(agency, make_version):
    version = make_version("draft")
    stranger = _person(agency, Role.DRAFTER, "other")
    with pytest.raises(PermissionDenied):
        services.version_submit(version=version, actor=stranger)
    reviewer = _person(agency, Role.REVIEWER, "own")
    with pytest.raises(services.InvalidTransition) as error:
        services.version_pass(version=version, actor=reviewer)
    assert not isinstance(error.value, PermissionDenied)
    assert "berstatus «Draf»" in str(error.value)


@pytest.mark.django_db
def test_submit_invalid_procedure_refused_with_problems(agency, author, make_version):
    version = make_version("draft")
    version.steps.filter(number=2).update(yes_step=None)
    with pytest.raises(ValidationError) as error:
        services.version_submit(version=version, actor=author)
    assert 'Keputusan pada langkah 2 belum memiliki tujuan jika "Ya".' in error.value.messages
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "role"),
    [("in_review", "return", Role.REVIEWER), ("awaiting", "return", Role.HEAD), ("in_force", "revoke", Role.HEAD)],
)
def test_return_and_revoke_require_a_comment(agency, make_version, state, action, role):
    version = make_version(state)
    actor = _person(agency, role, "own")
    with pytest.raises(ValidationError) as error:
        services.version_transition(version=version, action=action, actor=actor, comment="   ")
    assert "comment" in error.value.message_dict
    version.refresh_from_db()
    assert version.status == state


@pytest.mark.django_db
def test_return_comment_becomes_review_comment_for_the_drafter(agency, make_version):
    version = make_version("in_review")
    reviewer = _person(agency, Role.REVIEWER, "own")
    services.version_return(version=version, actor=reviewer, comment="Lengkapi dasar hukum")
    assert list(version.review_comments.values_list("text", "author")) == [("Lengkapi dasar hukum", reviewer.pk)]


@pytest.mark.django_db
def test_withdraw_refused_once_review_started(agency, author, make_version):
    version = make_version("draft")
    services.version_submit(version=version, actor=author)
    reviewer = _person(agency, Role.REVIEWER, "own")
    services.comment_add(version=version, actor=reviewer, text="Sedang saya periksa")
    with pytest.raises(ValidationError):
        services.version_transition(version=version, action=Action.WITHDRAW, actor=author)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


@pytest.mark.django_db
def test_withdraw_before_review_back_to_draft(author, make_version):
    version = make_version("draft")
    services.version_submit(version=version, actor=author)
    services.version_transition(version=version, action=Action.WITHDRAW, actor=author)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
