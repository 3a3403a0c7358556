"""The task queue in tests: run its worker once, and download an export as a reader does."""

from unittest import mock

from django.core.management import call_command


class BuiltOnRequest(AssertionError):
    """An export was being built while a request was handled: that is the queue's work."""


def run_queued_tasks():
    """Run the queue's worker once, as ``manage.py db_worker --batch`` does: every task waiting
    (of every queue) is run, then it stops.

    The worker closes "old" connections between tasks; inside a test's transaction Django counts
    the test's own connection as such (its autocommit is off) and would close it on PostgreSQL
    (SQLite's in-memory test database ignores the request). A worker of its own process never
    shares a transaction, so here that step is left out."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command(
            "db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0
        )


def download(client, url, **kwargs):
    """GET an export's URL: the first answer says it is being prepared, the worker builds it,
    and the next GET (what the waiting page's reload asks) gets the file."""
    response = client.get(url, **kwargs)
    if response.status_code != 503:
        return response
    assert b"being prepared" in response.content
    run_queued_tasks()
    return client.get(url, **kwargs)
