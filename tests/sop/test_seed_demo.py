from io import StringIO

import pytest
from django.core.management import call_command

from org import permissions
from org.models import Membership, Unit, User
from sop import selectors
from sop.content import content_of
from sop.models import SOP, Actor, LegalBasis, ListItem, SOPVersion, Step, VersionStatus
from sop.procedure import validate

MODELS = [Unit, User, Membership, SOP, SOPVersion, Actor, Step, LegalBasis, ListItem]


def snapshot():
    return {
        "counts": {m.__name__: m.objects.count() for m in MODELS},
        "units": list(Unit.objects.order_by("path").values_list("path", "code", "name", "kind")),
        "users": list(User.objects.order_by("username").values_list("username", "full_name", "nip", "password")),
        "sops": list(SOP.objects.order_by("number").values_list("number", "title", "unit__code", "is_public_service")),
        "steps": list(
            Step.objects.order_by("version__sop__number", "number").values_list("text", "kind", "actor__name")
        ),
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_same_data():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
    assert "esop-demo-2026" in out.getvalue() and "rina" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_sops_are_complete_and_valid():
    call_command("seed_demo", stdout=StringIO())
    admin = User.objects.get(username="admin")
    assert SOP.objects.count() >= 4
    decisions_looping_back = 0
    purposes, relations = 0, set()
    for version in SOPVersion.objects.all():
        content = content_of(selectors.version_with_content(admin, version.pk))
        assert validate(content) == [], version
        purposes += bool(content.purpose and content.scope and content.definitions)
        relations |= {r.relation for r in content.related}
        assert 8 <= len(content.steps) <= 17
        assert len(content.actors) >= 3
        decisions_looping_back += sum(1 for s in content.steps if s.kind == "decision" and s.no and s.no < s.number)
    assert decisions_looping_back >= 1
    assert purposes >= 1 and relations >= {"terkait", "prasyarat"}  # tujuan and the rest, a kind of keterkaitan
    assert SOPVersion.objects.filter(status=VersionStatus.IN_FORCE).count() >= 2


@pytest.mark.django_db
def test_seed_demo_every_role_has_a_user_with_rights():
    call_command("seed_demo", stdout=StringIO())
    umum = Unit.objects.get(code="UMUM")
    assert permissions.can_draft(User.objects.get(username="rina"), umum)
    assert permissions.can_review(User.objects.get(username="dedi"), umum)
    assert permissions.can_establish(User.objects.get(username="hendra"), umum)
    assert not permissions.can_draft(User.objects.get(username="wulan"), umum)


@pytest.mark.django_db
def test_seed_demo_has_a_draft_returned_with_remarks_to_answer():
    from workflow.models import ReviewComment, TransitionLog

    call_command("seed_demo", stdout=StringIO())
    returned = TransitionLog.objects.get(action="return")
    assert returned.version.status == VersionStatus.DRAFT and returned.actor.username == "dedi"
    remarks = ReviewComment.objects.filter(version=returned.version, parent=None)
    assert remarks.count() == 3 and remarks.filter(step_number=3).exists()  # the reason, a step, the whole
    # The drafter has begun: step 3 put right since the return and its remark answered, none marked done.
    answer = remarks.get(step_number=3).replies.get()
    assert answer.author.username == "sari" and not remarks.filter(resolved_at__isnull=False).exists()
    kept = next(s for s in returned.content["steps"] if s["number"] == 3)
    assert kept["notes"] != returned.version.steps.get(number=3).notes
    call_command("seed_demo", stdout=StringIO())
    assert TransitionLog.objects.filter(action="return").count() == 1  # once, however often it runs
