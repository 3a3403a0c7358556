"""The admin's home page for the office: the issue in hand and how far it is, what waits for my
review, my drafts, what is scheduled, and what others changed lately; sign-in throttling for
superusers only. A fixed number of queries, however many articles and issues there are.

``templates/admin/index.html`` reads it through the ``office_dashboard`` tag
(``newsletters/templatetags/dashboard.py``).
"""

from collections import Counter
from functools import reduce
from operator import or_

from django.contrib.admin.models import LogEntry
from django.db.models import Q
from django.utils import timezone

from .completeness import issue_completeness, photos_with_photo
from .desk import with_authors
from .models import Article, Issue, Status
from .workflow import can_publish, can_review

LIMIT = 8


def issue_in_hand():
    """The issue being made: the latest one not yet published, else the latest one."""
    unpublished = Issue.objects.exclude(status=Status.PUBLISHED).select_related("cover_photo")
    return unpublished.order_by("-period_end", "-number").first() or (
        Issue.objects.select_related("cover_photo").order_by("-period_end", "-number").first()
    )


def issue_progress(issue):
    articles = list(issue.articles.prefetch_related(photos_with_photo()).order_by("position", "pk"))
    counts = Counter(article.status for article in articles)
    return {
        "issue": issue,
        "total": len(articles),
        "by_status": [(label, counts.get(value, 0)) for value, label in Status.choices],
        "completeness": issue_completeness(issue, articles),
    }


def waiting_for_review(user):
    """For those who review: everything in review, oldest first. For a contributor: their own
    work in review (waiting for someone else)."""
    articles = Article.objects.filter(status=Status.REVIEW).select_related(
        "issue", "status_changed_by"
    )
    if not (can_review(user) or can_publish(user, Article)):
        articles = with_authors(articles).filter(Q(author_id=user.pk) | Q(status_changed_by=user))
    return list(articles.order_by("status_changed_at", "pk")[:LIMIT])


def my_drafts(user):
    """Drafts I started (first saved) or last moved back to draft."""
    drafts = with_authors(Article.objects.filter(status=Status.DRAFT)).select_related("issue")
    drafts = drafts.filter(Q(author_id=user.pk) | Q(status_changed_by=user))
    return list(drafts.order_by("-updated_at")[:LIMIT])


def scheduled():
    return {
        "issues": list(Issue.objects.scheduled().order_by("published_at")[:LIMIT]),
        # Articles with a go-live time of their own; the rest go with their issue.
        "articles": list(
            Article.objects.released()
            .filter(published_at__gt=timezone.now())
            .select_related("issue")
            .order_by("published_at")[:LIMIT]
        ),
    }


def viewable(user):
    """A Q on content types: the models ``user`` may view (all, for a superuser)."""
    if user.is_superuser:
        return Q()
    pairs = [code.split(".", 1) for code in user.get_all_permissions()]
    allowed = [
        Q(content_type__app_label=app_label, content_type__model=codename[len("view_") :])
        for app_label, codename in pairs
        if codename.startswith("view_")
    ]
    return reduce(or_, allowed) if allowed else Q(pk__in=[])


def recent_changes(user):
    """What others did lately in the admin (its log: adds, changes, deletions, imports), on
    the models ``user`` may view."""
    return list(
        LogEntry.objects.exclude(user=user)
        .filter(viewable(user))
        .select_related("user", "content_type")
        .order_by("-action_time")[:LIMIT]
    )


def throttling():
    """Sign-in throttling (django-axes): recent failures and current lockouts."""
    from axes.models import AccessAttempt, AccessFailureLog

    return {
        "attempts": list(AccessAttempt.objects.order_by("-attempt_time")[:LIMIT]),
        "lockouts": AccessFailureLog.objects.filter(locked_out=True).count(),
    }


def dashboard(user):
    """Everything the home page shows ``user``: nothing of the newsletter without its rights."""
    if not user.has_perm("newsletters.view_article"):
        return {
            "progress": None,
            "review": [],
            "drafts": [],
            "recent": recent_changes(user),
            "scheduled": {"issues": [], "articles": []},
            "reviewer": False,
            "throttling": throttling() if user.is_superuser else None,
        }
    issue = issue_in_hand()
    board = {
        "progress": issue_progress(issue) if issue else None,
        "review": waiting_for_review(user),
        "reviewer": can_review(user) or can_publish(user, Article),
        "drafts": my_drafts(user),
        "scheduled": scheduled(),
        "recent": recent_changes(user),
        "throttling": throttling() if user.is_superuser else None,
    }
    return board
