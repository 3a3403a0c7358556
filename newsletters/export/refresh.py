"""Exports made in advance: after a change to what published issues print is committed, their
public exports are refreshed by the queue (tasks.schedule_refresh), so readers find them made.

A save of an issue, or of an article and what hangs on it, concerns that one issue; a photo,
person, organisation, event, topic or term may be printed by any issue, and refreshes them all
(each refresh renders the source and builds only what its fingerprint says has changed). The
changes of a transaction are gathered and scheduled once it commits, never if it rolls back.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save

BY_ISSUE = {"newsletters.issue"}
BY_ARTICLE = {"newsletters.article", "newsletters.articlephoto", "newsletters.articlefigure"}
BY_ARTICLE_FIELD = {"newsletters.correction": "article_id"}
EVERYWHERE = {
    "newsletters.photo",
    "newsletters.photoperson",
    "newsletters.topic",
    "newsletters.term",
}
EVERYWHERE_APPS = {"people", "events"}  # What the issues print of people and events.
ALL = "all"


class _Pending:
    """The changes of one transaction on one connection, and the callback that schedules them."""

    def __init__(self, connection):
        self.connection = connection
        self.issues, self.articles, self.everything = set(), set(), False

    def __call__(self):
        self.connection.export_refresh_pending = None
        from ..models import Article, Issue
        from .tasks import schedule_refresh

        if self.everything:
            schedule_refresh(None)
            return
        issues = self.issues | set(
            Article.objects.filter(pk__in=self.articles).values_list("issue_id", flat=True)
        )
        published = Issue.objects.published().filter(pk__in=issues - {None})
        for issue_id in published.values_list("pk", flat=True):
            schedule_refresh(issue_id)


def _pending(using):
    connection = connections[using]
    pending = getattr(connection, "export_refresh_pending", None)
    # A rolled-back transaction drops its callbacks: then a new gathering starts.
    if pending is None or not any(func is pending for _s, func, _r in connection.run_on_commit):
        pending = _Pending(connection)
        connection.export_refresh_pending = pending
        connection.on_commit(pending)  # Outside a transaction: at once.
    return pending


def _note(instance, using):
    label = instance._meta.label_lower
    if label in BY_ISSUE:
        issue_id, article_id = instance.pk, None
    elif label == "newsletters.article":
        issue_id, article_id = instance.issue_id, None
    elif label in BY_ARTICLE:
        issue_id, article_id = None, instance.article_id
    elif label in BY_ARTICLE_FIELD:
        issue_id, article_id = None, getattr(instance, BY_ARTICLE_FIELD[label])
    else:
        _pending(using).everything = True
        return
    pending = _pending(using)
    if issue_id is not None:
        pending.issues.add(issue_id)
    if article_id is not None:
        pending.articles.add(article_id)


def changed(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    _note(instance, using)


def links_changed(sender, instance, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_"):
        _note(instance, using)


def _prints(model):
    label = model._meta.label_lower
    if model.__name__.startswith("Historical"):  # History rows record; they print nothing.
        return False
    known = BY_ISSUE | BY_ARTICLE | set(BY_ARTICLE_FIELD) | EVERYWHERE
    return label in known or model._meta.app_label in EVERYWHERE_APPS


def connect():
    for app_label in ("newsletters", *sorted(EVERYWHERE_APPS)):
        for model in apps.get_app_config(app_label).get_models():
            if not _prints(model):
                continue
            uid = f"export-refresh-{model._meta.label_lower}"
            post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    links_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"export-refresh-{field.remote_field.through._meta.label_lower}",
                )
