"""The issue desk: an issue's articles in order, each with what it still lacks, in a fixed number
of queries however many articles the issue has.

The checks are ``completeness.issue_completeness``, the very function the publish service calls,
so the desk's list of what blocks publication is the one publishing would refuse with. An
article's author is the account that created it (its first history record): the model keeps no
byline of its own.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Max, OuterRef, Subquery
from django.utils.html import strip_tags

from .completeness import issue_completeness, photos_with_photo
from .models import Article, Status
from .services import may_reorder

TAG_RE = re.compile(r"<[^>]*>")


def word_count(text):
    """Words in a rich text, its tags counted as spaces (``<p>a</p><p>b</p>`` is two words)."""
    return len(html.unescape(strip_tags(TAG_RE.sub(" ", text or ""))).split())


def display_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass
class DeskRow:
    article: Article
    author: str
    words: int
    photos: int
    problems: list
    advice: list

    @property
    def status_label(self):
        return self.article.get_status_display()


@dataclass
class Desk:
    issue: object
    rows: list
    completeness: object
    next_position: int
    can_reorder: bool
    by_status: list  # (label, count) in the workflow's order

    @property
    def problems(self):
        return self.completeness.problems

    @property
    def advice(self):
        return self.completeness.advice


def with_authors(articles):
    """``articles`` annotated with ``author_id``: who saved their first version."""
    first = (
        Article.history.filter(id=OuterRef("pk"))
        .order_by("history_date", "history_id")
        .values("history_user_id")[:1]
    )
    return articles.annotate(author_id=Subquery(first))


def authors_of(articles):
    ids = {article.author_id for article in articles if article.author_id}
    users = get_user_model().objects.filter(pk__in=ids) if ids else []
    return {user.pk: display_name(user) for user in users}


def issue_desk(issue, *, user):
    """What the issue's page shows of its articles for ``user``."""
    articles = list(
        with_authors(issue.articles.all())
        .select_related("status_changed_by")
        .prefetch_related(photos_with_photo())
        .order_by("position", "pk")
    )
    completeness = issue_completeness(issue, articles)
    authors = authors_of(articles)
    rows = [
        DeskRow(
            article=check.article,
            author=authors.get(check.article.author_id, ""),
            words=word_count(check.article.body),
            photos=len(check.article.article_photos.all()),
            problems=check.problems,
            advice=check.advice,
        )
        for check in completeness.articles
    ]
    highest = max((article.position for article in articles), default=0)
    counts = Counter(article.status for article in articles)
    return Desk(
        issue=issue,
        rows=rows,
        completeness=completeness,
        next_position=highest + 1,
        can_reorder=len(articles) > 1 and all(may_reorder(user, a) for a in articles),
        by_status=[(label, counts.get(value, 0)) for value, label in Status.choices],
    )


def next_position(issue):
    """The position a new article takes at the end of ``issue``."""
    return (issue.articles.aggregate(highest=Max("position"))["highest"] or 0) + 1
