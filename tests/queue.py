"""The task queue in tests: run its worker once, and download an export as a reader does."""

from django.core.management import call_command


class BuiltOnRequest(AssertionError):
    """An export was being built while a request was handled: that is the queue's work."""


def run_queued_tasks():
    """Run the queue's worker once, as ``manage.py db_worker --batch`` does: every task waiting
    (of every queue) is run, then it stops."""
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
