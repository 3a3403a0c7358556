"""The issue desk's services, re-exported by ``newsletters.services`` (call them from there):
reordering an issue's articles, and what publishing an issue would make public.

Neither moves a state by itself: ``going_public`` runs the publish service's own steps in a
transaction that it rolls back.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from unlops import guard

from .completeness import issue_completeness
from .models import Article, Issue
from .services import _publish
from .workflow import can_edit


class OrderInvalid(ValueError):
    """A new order for an issue's articles that does not name each of them exactly once."""


def may_reorder(user, article):
    """May ``user`` change where ``article`` stands in its issue? Its change right and the
    workflow's rule for its state: a published article's place is what readers see."""
    if user is None:
        return True
    return user.has_perm("newsletters.change_article") and can_edit(user, article)


@transaction.atomic
def articles_reorder(*, issue, order, by):
    """Number ``issue``'s articles 1, 2, 3… in ``order`` (their ids, first to last).

    Refuses everything with OrderInvalid unless ``order`` names each article of the issue exactly
    once, and with PermissionDenied unless ``by`` (None: the system) may change each article
    whose position changes. Returns the articles that moved.
    """
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    articles = {article.pk: article for article in issue.articles.select_for_update()}
    try:
        ids = [int(pk) for pk in order]
    except (TypeError, ValueError):
        raise OrderInvalid(_("The new order names something that is not an article.")) from None
    if len(ids) != len(set(ids)) or set(ids) != set(articles):
        raise OrderInvalid(
            _(
                "The new order does not name each article of the issue exactly once (another "
                "editor may have added or removed one): reload the page. Nothing was changed."
            )
        )
    moved = [(articles[pk], n) for n, pk in enumerate(ids, start=1) if articles[pk].position != n]
    refused = [article for article, _n in moved if not may_reorder(by, article)]
    if refused:
        raise PermissionDenied(
            _("You may not move “%(article)s” in the issue. Nothing was changed.")
            % {"article": refused[0]}
        )
    # Two steps, since no two articles may share a position at any time: out of the way (0 is
    # outside the unique constraint), then each to its place.
    Article.objects.filter(pk__in=[article.pk for article, _n in moved]).update(position=0)
    for article, position in moved:
        article.position = position
        article._history_user = by
        article.save(update_fields=["position", "version", "updated_at"])
    return [article for article, _n in moved]


# What publishing makes public besides the issue and its articles (see publicity.py).
PUBLIC_THROUGH_WORK = [
    "newsletters.photo",
    "people.person",
    "people.organisation",
    "events.event",
    "newsletters.topic",
    "newsletters.term",
]


@dataclass
class GoingPublic:
    """What publishing an issue now would release: rows by model label, in the issue's terms."""

    issue: Issue
    rows: dict  # label -> [rows that are not released now and would be]
    completeness: object

    def of(self, label):
        """The rows of the model ``label`` ("people.person") that would go public."""
        return self.rows.get(label, [])

    @property
    def articles(self):
        return self.of("newsletters.article")


class _DryRun(Exception):
    pass


def _released(models):
    return {
        model: set(model._default_manager.released().values_list("pk", flat=True))
        for model in models
    }


def going_public(*, issue):
    """What publishing ``issue`` now would make public (published now or scheduled): the issue,
    its articles, and the photos, people, organisations, events, topics and terms they show.

    Worked out by publishing it for real in a transaction that is then rolled back, so it is
    exactly what ``issue_publish`` does, whatever the rules of publicity become.
    """
    models = [Issue, Article, *(apps.get_model(label) for label in PUBLIC_THROUGH_WORK)]
    try:
        with transaction.atomic(), guard.acting_as(None):
            before = _released(models)
            _publish(issue, by=None, check_complete=False)
            after = _released(models)
            raise _DryRun
    except _DryRun:
        pass
    rows = {}
    for model in models:
        new = after[model] - before[model]
        if new:
            rows[model._meta.label_lower] = list(model._default_manager.filter(pk__in=new))
    return GoingPublic(issue=issue, rows=rows, completeness=issue_completeness(issue))
