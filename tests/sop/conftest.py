import pytest

from sop import services
from tests.factories import SOPVersionFactory, steps_in_order


@pytest.fixture
def draft(agency, drafter):
    """A valid three-step draft of the drafter's unit: Loket and Kepala, start - activity - end."""
    version = SOPVersionFactory(sop__unit=agency.unit, created_by=drafter, updated_by=drafter)
    return services.version_replace_procedure(
        version=version,
        actor=drafter,
        actors=["Loket", "Kepala"],
        steps=steps_in_order(("start", "Menerima", 0), ("activity", "Memeriksa", 1), ("end", "Menyerahkan", 0)),
    )
