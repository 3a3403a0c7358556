"""Cache invalidation, the one job signals have in this project."""

from django.utils import timezone

from unlops.cache import connect_invalidation, register_schedule


def next_publication():
    """When the next scheduled issue or article goes public by itself, or None."""
    from .models import Article, Issue, Status

    now = timezone.now()
    issues = Issue.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
    articles = Article.objects.filter(
        status=Status.PUBLISHED, published_at__gt=now, issue__status=Status.PUBLISHED
    )
    first = (
        issues.order_by()
        .values("published_at")
        .union(articles.order_by().values("published_at"))
        .order_by("published_at")[:1]
    )
    return next((row["published_at"] for row in first), None)


def connect(app_config):
    connect_invalidation(app_config)
    register_schedule(next_publication)
