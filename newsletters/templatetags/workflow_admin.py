from django import template

from newsletters.models import Article, Issue, Status

register = template.Library()


@register.simple_tag
def review_queue(limit=15):
    """What waits for an editor: work in review, and publications set to go live later."""
    return {
        "in_review": list(
            Article.objects.filter(status=Status.REVIEW)
            .select_related("issue", "status_changed_by")
            .order_by("status_changed_at")[:limit]
        ),
        "issues_in_review": list(Issue.objects.filter(status=Status.REVIEW)[:limit]),
        "scheduled": list(Issue.objects.scheduled().order_by("published_at")[:limit]),
    }
