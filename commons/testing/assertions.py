"""Shared assertions: query budgets that do not grow with the number of items."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def count_queries():
    with CaptureQueriesContext(connection) as ctx:
        yield ctx


def assert_constant_queries(make_items, request, *, small: int = 1, large: int = 20):
    """Call `make_items(n)` then `request()` for `small` and for `large` items; the query counts must match."""
    make_items(small)
    request()  # warm caches such as the current community or Code of Conduct
    with count_queries() as few:
        request()
    make_items(large - small)
    with count_queries() as many:
        request()
    assert len(many) == len(few), (
        f"{len(few)} queries for {small} item(s) but {len(many)} for {large}:\n"
        + "\n".join(q["sql"] for q in many.captured_queries)
    )
    return len(few)
