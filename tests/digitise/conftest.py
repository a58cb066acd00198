import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded and attached files go to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
