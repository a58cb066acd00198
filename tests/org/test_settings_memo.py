"""The agency's settings are read once per request, and a save within the request is seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.models import AgencySettings
from org.permissions import PermissionMemoMiddleware


def in_a_request(view):
    """Run ``view`` as the portal runs a request: inside the memo the middleware opens."""
    return PermissionMemoMiddleware(lambda request: view())(object())


@pytest.mark.django_db
def test_read_once_per_request_and_again_in_the_next():
    AgencySettings.objects.create(pk=1, paper_size="F4")

    def view():
        with CaptureQueriesContext(connection) as ctx:
            papers = [AgencySettings.current().paper_size for _ in range(3)]
        return papers, len(ctx.captured_queries)

    assert in_a_request(view) == (["F4"] * 3, 1)
    AgencySettings.objects.filter(pk=1).update(paper_size="A4")
    assert in_a_request(view) == (["A4"] * 3, 1)  # a new request reads the row anew


@pytest.mark.django_db
def test_a_save_within_the_request_is_seen_by_the_rest_of_it():
    AgencySettings.objects.create(pk=1, paper_size="F4")

    def view():
        before = AgencySettings.current().paper_size
        edited = AgencySettings.objects.get(pk=1)  # another instance, as the settings form saves
        edited.paper_size = "Legal"
        edited.save()
        return before, AgencySettings.current().paper_size

    assert in_a_request(view) == ("F4", "Legal")


@pytest.mark.django_db
def test_outside_a_request_nothing_is_kept():
    AgencySettings.objects.create(pk=1, paper_size="F4")
    assert AgencySettings.current().paper_size == "F4"
    AgencySettings.objects.filter(pk=1).update(paper_size="A4")
    assert AgencySettings.current().paper_size == "A4"
