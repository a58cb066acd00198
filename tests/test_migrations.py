"""Every model change has its migration: a clean checkout migrates to exactly the models in the code."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"missing migrations:\n{out.getvalue()}")
