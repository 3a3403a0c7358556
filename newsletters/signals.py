"""Cache invalidation, the one job signals have in this project: stale pages are dropped, and
stale exports (the files kept per issue) are made again by the queue."""

from unlops.cache import connect_invalidation, register_due_work, register_schedule


def next_publication():
    """When the next scheduled issue, article or revision goes public by itself, or None."""
    from .models import Article, Issue, Revision

    times = [
        Issue.objects.next_go_live(),
        Article.objects.next_go_live(),
        Revision.objects.next_go_live(),
    ]
    return min((when for when in times if when is not None), default=None)


def connect(app_config):
    connect_invalidation(app_config)
    from .export import refresh

    refresh.connect()
    register_schedule(next_publication)
    register_due_work(apply_due_revisions)


def apply_due_revisions():
    from .revision_schedule import apply_due_revisions

    return apply_due_revisions()
