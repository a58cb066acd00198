"""Shared fixtures: a small agency tree and one user per role, as the access rules need them."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import override_settings
from django.utils import translation

from org.models import Role, Unit, User
from sop import services as sop_services
from sop.content import StepData
from sop.models import SOPVersion
from tests.factories import SOPVersionFactory, UnitFactory, UserFactory, grant
from workflow import services as workflow_services


@dataclass
class Agency:
    root: Unit  # the instansi
    unit: Unit  # a unit kerja, the "own" unit of the role users
    sub: Unit  # a sub-unit of ``unit``
    other: Unit  # a sibling unit kerja nobody below holds a role in


@pytest.fixture
def agency(db) -> Agency:
    root = UnitFactory(code="ROOT", name="Pemerintah Kabupaten Uji", kind=Unit.Kind.AGENCY)
    unit = UnitFactory(parent=root, code="DINAS", name="Dinas Uji")
    sub = UnitFactory(parent=unit, code="BIDANG", name="Bidang Uji", kind=Unit.Kind.SUB_UNIT)
    other = UnitFactory(parent=root, code="LAIN", name="Dinas Lain")
    return Agency(root=root, unit=unit, sub=sub, other=other)


def _member(agency: Agency, role: str, username: str) -> User:
    user = UserFactory(username=username)
    grant(user, agency.unit, role)
    return user


@pytest.fixture
def drafter(agency) -> User:
    return _member(agency, Role.DRAFTER, "penyusun")


@pytest.fixture
def reviewer(agency) -> User:
    return _member(agency, Role.REVIEWER, "pemeriksa")


@pytest.fixture
def head(agency) -> User:
    return _member(agency, Role.HEAD, "pengesah")


@pytest.fixture
def unit_admin(agency) -> User:
    return _member(agency, Role.UNIT_ADMIN, "adminunit")


@pytest.fixture
def outsider(agency) -> User:
    """A drafter of the sibling unit: holds roles, just not here."""
    user = UserFactory(username="orang_lain")
    grant(user, agency.other, Role.DRAFTER)
    return user


@pytest.fixture
def superuser(db) -> User:
    return UserFactory(username="super", is_superuser=True, is_staff=True)


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """Settings every test shares, applied before any server or client starts.

    Session-wide because the live server of the browser tests builds its middleware once.
    """
    with override_settings(
        # The test client and live server speak plain HTTP; the HTTPS redirect is checked by check --deploy.
        SECURE_SSL_REDIRECT=False,
        # The manifest storage of production needs collectstatic; tests render templates without it.
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # Nothing is collected for tests (the live server serves static files from the finders).
        STATIC_ROOT=None,
        # Real hashing costs ~0.3 s a user by design; tests make hundreds of users.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Uploaded PDFs are read by the task (in process, see below), not by a thread of their own;
        # the embedded mode's thread has a browser test that switches it on.
        ESOP_IMPORT_THREAD=False,
        # Two-factor sign-in is required of heads and administrators in production; the suite's
        # heads sign in with a password, and the tests of two-factor sign-in switch it on.
        ESOP_REQUIRE_2FA=False,
        # The suite asks hundreds of pages from one address; the tests of the limits switch them on
        # (each with addresses and accounts of its own, the counts living in a shared cache).
        RATELIMIT_ENABLE=False,
    ):
        yield


@pytest.fixture(autouse=True)
def _indonesian():
    """Each test starts in the portal's default language, whatever an earlier request activated."""
    with translation.override("id"):
        yield


@pytest.fixture(autouse=True)
def _inbox_counts_fresh():
    """Counts cached by an earlier test are of rows its rollback removed."""
    from workflow.selectors import inbox_counts_forget

    inbox_counts_forget()


@pytest.fixture(autouse=True)
def _case_figures_fresh():
    """Figures of cases cached by an earlier test are of rows its rollback removed."""
    from cases.figures import forget

    forget()


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run their real code in the test process, right when queued (after the commit).

    Without this, a run with REDIS_URL would hand them to a broker nobody listens to. Tests of the
    worker itself start a real Celery worker against Redis and switch this off.
    """
    from esop.celery import app

    eager, propagates = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = eager, propagates


@pytest.fixture
def flushable_db(transactional_db):
    """A transactional database whose teardown flush may delete established versions.

    SQLite's flush deletes row by row and the frozen-version triggers refuse that; they are taken
    down just before the flush, and the flush's post_migrate signal puts them back.
    """
    yield
    from django.db import connection

    from sop import db_triggers

    db_triggers.uninstall(connection)


# --- Tests that need a capability only some runs have ------------------------------------------
# ``postgresql``: full-text search, trigram similarity, row locks between connections.
# ``redis``: the cache and a real Celery worker behind REDIS_URL.
# A run without the capability deselects them and says so in its header; CI's PostgreSQL pass has
# both and runs them all, and ESOP_REQUIRE_REDIS / ESOP_EXPECT_DB make a missing server fail it.


def _missing_capabilities() -> dict[str, str]:
    import os

    missing = {}
    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing["postgresql"] = "the database is not PostgreSQL"
    if not django_settings.REDIS_URL:
        if os.environ.get("ESOP_REQUIRE_REDIS"):
            raise pytest.UsageError("this run requires Redis: set REDIS_URL to a running Redis")
        missing["redis"] = "REDIS_URL is not set (embedded mode)"
    return missing


def pytest_report_header(config):
    return [f"not run here ({marker}): {why}" for marker, why in _missing_capabilities().items()]


def pytest_collection_modifyitems(config, items):
    missing = _missing_capabilities()
    kept, deselected = [], []
    for item in items:
        (deselected if any(item.get_closest_marker(m) for m in missing) else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


VALID_STEPS = [
    StepData(1, kind="start", text="Menerima berkas", actor=0, next=2),
    StepData(2, kind="decision", text="Berkas lengkap?", actor=1, yes=3, no=1),
    StepData(3, kind="end", text="Menerbitkan surat", actor=1),
]


@pytest.fixture
def author(agency):
    """The drafter who wrote the versions under test: never the person judging them."""
    user = UserFactory(username="penulis", email="penulis@example.go.id")
    grant(user, agency.unit, Role.DRAFTER)
    return user


@pytest.fixture
def make_version(agency, author):
    """A version of an SOP of ``agency.unit`` with a valid procedure, put in ``status``."""

    def make(status: str = "draft", unit=None) -> SOPVersion:
        version = SOPVersionFactory(sop__unit=unit or agency.unit, created_by=author, updated_by=author)
        sop_services.version_replace_procedure(
            version=version, actor=author, actors=["Loket", "Kepala Seksi"], steps=VALID_STEPS
        )
        SOPVersion.objects.filter(pk=version.pk).update(status=status)
        version.refresh_from_db()
        return version

    return make


JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """A moment of ``day`` in Jakarta time."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)


@pytest.fixture
def in_force(make_version, head):
    """An SOP version put in force through the real workflow on ``day`` (the head establishes it)."""

    def make(day: datetime.date, unit=None):
        version = make_version("awaiting", unit=unit)
        with time_machine.travel(at(day), tick=False):
            workflow_services.version_establish(version=version, actor=head, effective_date=day, reauthenticated=True)
        version.refresh_from_db()
        version.sop.refresh_from_db()
        return version

    return make
