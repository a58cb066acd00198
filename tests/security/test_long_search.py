"""A search of any length gives a page (finding 2 of the outside probe): the query is cut, not refused."""

import datetime

import pytest

from sop.models import SOP
from sop.search import MAX_QUERY, MAX_WORDS, words_of


@pytest.mark.parametrize("length", [201, 10_000])
def test_public_search_longer_than_the_field_answers_a_page(client, in_force, length):
    version = in_force(datetime.date(2026, 1, 5))
    SOP.objects.filter(pk=version.sop_id).update(is_public_service=True)
    response = client.get("/publik/", {"q": "a" * length})
    assert response.status_code == 200
    assert response.context["filters"]["q"] == "a" * MAX_QUERY


@pytest.mark.parametrize("length", [201, 10_000])
def test_staff_search_longer_than_the_field_answers_a_page(client, drafter, make_version, length):
    make_version("draft")  # a row to show: the list highlights the words searched in it
    client.force_login(drafter)
    response = client.get("/", {"q": "a" * length})
    assert response.status_code == 200
    assert response.context["filters"]["q"] == "a" * MAX_QUERY


def test_long_query_searches_a_bounded_number_of_words():
    words = words_of(" ".join(f"kata{n}" for n in range(5000)))
    assert len(words) == MAX_WORDS
