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


@pytest.mark.postgresql
def test_a_save_that_waited_for_another_gets_a_conflict_naming_the_editor(flushable_db, agency, make_version):
    """The second save waits on the row lock while the first commits; it must answer with the conflict
    (who saved), not fail: PostgreSQL's re-read of a locked row can drop outer-joined columns."""
    from sop import services as sop_services

    first, second = UserFactory(username="penyusun_a", full_name="Penyusun A"), UserFactory(username="penyusun_b")
    for user in (first, second):
        grant(user, agency.unit, Role.DRAFTER)
    version = make_version("draft")
    lock = version.lock_version
    holding, outcome = threading.Event(), []

    def first_save():
        from django.db import transaction

        try:
            with transaction.atomic():
                SOPVersion.objects.select_for_update().get(pk=version.pk)
                holding.set()
                threading.Event().wait(0.5)  # the second save queues on the lock meanwhile
                SOPVersion.objects.filter(pk=version.pk).update(updated_by=first, lock_version=lock + 1)
        finally:
            connections.close_all()

    def second_save():
        holding.wait(5)
        try:
            sop_services.step_add(version=SOPVersion.objects.get(pk=version.pk), actor=second, lock=lock)
            outcome.append("saved")
        except sop_services.EditConflict as conflict:
            outcome.append(str(conflict))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_save), threading.Thread(target=second_save)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcome) == 1 and "Penyusun A" in outcome[0]
