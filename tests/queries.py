"""How many queries a page runs, for the tests that prove the number does not grow with the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflow.selectors import inbox_counts_forget


def queries_of(client, url, data=None, *, status=200) -> int:
    """The queries of one GET of ``url``, the navigation's inbox counts counted too (with Redis they
    would come from the cache in some requests and not in others)."""
    client.get(url, data)  # the first request of a session stamps it (esop.security.IdleSessionMiddleware)
    inbox_counts_forget()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data)
    assert response.status_code == status
    return len(ctx.captured_queries)
