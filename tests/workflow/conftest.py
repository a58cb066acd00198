import pytest

from org.models import Role
from sop import services as sop_services
from sop.models import SOPVersion
from tests.factories import SOPVersionFactory, UserFactory, grant

VALID_STEPS = [
    sop_services.StepInput(kind="start", text="Menerima berkas", actor=0, next=2),
    sop_services.StepInput(kind="decision", text="Berkas lengkap?", actor=1, yes=3, no=1),
    sop_services.StepInput(kind="end", text="Menerbitkan surat", actor=1),
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
