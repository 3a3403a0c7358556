"""Cache invalidation, the one job signals have in this project."""

from unlops.cache import connect_invalidation, register_schedule


def next_publication():
    """When the next scheduled issue or article goes public by itself, or None."""
    from .models import Article, Issue

    times = [Issue.objects.next_go_live(), Article.objects.next_go_live()]
    return min((when for when in times if when is not None), default=None)


def connect(app_config):
    connect_invalidation(app_config)
    register_schedule(next_publication)
