"""E-mails reach exactly the people who must act next, once, queued after the commit."""

import pytest
from django.core import mail
from django.utils import timezone

from org.models import Role
from tests.factories import UserFactory, grant
from workflow import services
from workflow.models import TransitionLog
from workflow.tasks import send_transition_email


@pytest.fixture
def people(agency, author):
    def person(name, unit, role):
        user = UserFactory(username=name, email=f"{name}@example.go.id")
        grant(user, unit, role)
        return user

    return {
        "author": author,
        "drafter2": person("drafter2", agency.unit, Role.DRAFTER),
        "reviewer": person("reviewer", agency.unit, Role.REVIEWER),
        "reviewer_above": person("reviewer_above", agency.root, Role.REVIEWER),
        "reviewer_elsewhere": person("reviewer_elsewhere", agency.other, Role.REVIEWER),
        "head": person("head", agency.unit, Role.HEAD),
        "head_elsewhere": person("head_elsewhere", agency.other, Role.HEAD),
        "admin_unit": person("admin_unit", agency.unit, Role.UNIT_ADMIN),
    }


def recipients() -> set[str]:
    return {address.split("@")[0] for message in mail.outbox for address in message.to}


def run(django_capture_on_commit_callbacks, move):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move()
    return recipients()


@pytest.mark.django_db
def test_emails_go_to_the_next_actors_only(people, make_version, django_capture_on_commit_callbacks):
    v = make_version("draft")
    p = people
    on_commit = django_capture_on_commit_callbacks
    assert run(on_commit, lambda: services.version_submit(version=v, actor=p["author"])) == {
        "reviewer",
        "reviewer_above",
    }
    assert run(on_commit, lambda: services.version_return(version=v, actor=p["reviewer"], comment="Perbaiki")) == {
        "penulis"
    }
    run(on_commit, lambda: services.version_submit(version=v, actor=p["author"]))
    assert run(on_commit, lambda: services.version_pass(version=v, actor=p["reviewer"])) == {"head"}
    assert run(
        on_commit,
        lambda: services.version_establish(
            version=v, actor=p["head"], effective_date=timezone.localdate(), reauthenticated=True
        ),
    ) == {"penulis", "drafter2"}
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("telah ditetapkan" in s for s in subjects) and any("mulai berlaku" in s for s in subjects)


@pytest.mark.django_db
def test_email_one_message_per_person_with_link(people, make_version, django_capture_on_commit_callbacks, settings):
    settings.ESOP_BASE_URL = "https://esop.example.go.id"
    v = make_version("draft")
    run(django_capture_on_commit_callbacks, lambda: services.version_submit(version=v, actor=people["author"]))
    assert all(len(m.to) == 1 for m in mail.outbox) and len(mail.outbox) == 2
    assert f"https://esop.example.go.id{v.get_absolute_url()}" in mail.outbox[0].body
    assert "menunggu pemeriksaan Anda" in mail.outbox[0].subject


@pytest.mark.django_db
def test_email_not_sent_before_commit(people, make_version, django_capture_on_commit_callbacks):
    v = make_version("draft")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.version_submit(version=v, actor=people["author"])
    assert mail.outbox == [] and callbacks
    for callback in callbacks:  # the commit
        callback()
    assert mail.outbox


@pytest.mark.django_db
def test_email_task_twice_sends_once(people, make_version, django_capture_on_commit_callbacks):
    v = make_version("draft")
    run(django_capture_on_commit_callbacks, lambda: services.version_submit(version=v, actor=people["author"]))
    sent = len(mail.outbox)
    log = TransitionLog.objects.get(version=v)
    assert send_transition_email(log_id=log.pk) == 0
    assert send_transition_email(log_id=999999) == 0
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_email_skips_inactive_and_the_actor(people, make_version, django_capture_on_commit_callbacks):
    people["reviewer_above"].is_active = False
    people["reviewer_above"].save()
    v = make_version("draft")
    assert run(
        django_capture_on_commit_callbacks, lambda: services.version_submit(version=v, actor=people["author"])
    ) == {"reviewer"}
