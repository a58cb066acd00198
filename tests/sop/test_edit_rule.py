"""«May change this draft» is one rule (sop.selectors.edit_refusal): the predicate of the pages and
services and the filter of lists agree over every state and role, and the service refuses exactly
when the predicate says no."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from org.models import Role
from sop import selectors, services
from sop.models import SOPVersion, VersionStatus
from tests.factories import UserFactory, grant


@pytest.mark.django_db
def test_may_edit_predicate_filter_and_service_agree(agency, make_version):
    people = {"luar": UserFactory(username="luar")}
    grant(people["luar"], agency.other, Role.DRAFTER)
    for role, where in itertools.product([Role.DRAFTER, Role.REVIEWER, Role.HEAD, Role.UNIT_ADMIN], ["unit", "root"]):
        user = UserFactory(username=f"{role}-{where}")
        grant(user, getattr(agency, where), role)
        people[user.username] = user
    for state, (name, user) in itertools.product(VersionStatus.values, people.items()):
        version = make_version(state)
        allowed = selectors.may_edit(user, version)
        assert allowed == SOPVersion.objects.filter(selectors.editable_q(user), pk=version.pk).exists(), (state, name)
        assert allowed == (state == VersionStatus.DRAFT and name.startswith("penyusun-")), (state, name)
        try:
            with transaction.atomic():
                services.version_replace_identity(version=version, actor=user, purpose="diubah")
                transaction.set_rollback(True)
            accepted = True
        except (PermissionDenied, ValidationError):
            accepted = False
        assert accepted == allowed, (state, name)
