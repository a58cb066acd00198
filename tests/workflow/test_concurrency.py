"""Two approvals at the same moment give exactly one transition (PostgreSQL, two real connections)."""

import threading

import pytest
from django.db import connections
from django.utils import timezone

from org.models import Role
from sop.models import SOPVersion, VersionStatus
from tests.factories import UserFactory, grant
from workflow import services
from workflow.models import TransitionLog
from workflow.transitions import Action


@pytest.mark.postgresql
def test_two_simultaneous_establishments_give_one_move(flushable_db, agency, make_version):
    heads = []
    for name in ("kepala1", "kepala2"):
        head = UserFactory(username=name)
        grant(head, agency.unit, Role.HEAD)
        heads.append(head)
    version = make_version("awaiting")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def establish(head):
        try:
            barrier.wait()
            services.version_establish(
                version=SOPVersion.objects.get(pk=version.pk),
                actor=head,
                effective_date=timezone.localdate(),
                reauthenticated=True,
            )
            outcomes.append("ok")
        except services.InvalidTransition as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=establish, args=(h,)) for h in heads]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    refused = next(o for o in outcomes if o != "ok")
    assert "sudah berstatus «Berlaku»" in refused
    assert TransitionLog.objects.filter(version=version, action=Action.ESTABLISH).count() == 1
    assert SOPVersion.objects.get(pk=version.pk).status == VersionStatus.IN_FORCE
