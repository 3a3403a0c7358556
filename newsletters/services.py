"""Moving issues and articles between draft, review and publication: the one way any state changes.

``transition`` is what every path calls (the admin's buttons and list actions, restores, imports,
code). It checks the user's right to the move, and before anything goes public it checks that it is
complete; publishing an issue publishes its articles with it, in one transaction.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import escape

from unlops.acronyms import Acronyms, acronyms_used

from .completeness import article_problems, issue_completeness, issue_problems, photos_with_photo
from .glossary import text_of
from .models import Article, Issue, Status, Term
from .workflow import can_edit, check_move

__all__ = ["article_problems", "issue_completeness", "issue_problems"]


class IssueIncomplete(Exception):
    """The issue or article cannot be published yet; ``problems`` says what is missing."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def _move(obj, status, *, by):
    check_move(by, obj, status)
    obj.set_status(status, by=by)
    obj._history_user = by
    obj.save()


def _forget_public_exports(issue):
    """Once the commit is made, delete the issue's public export files: no retracted edition
    lingers in storage (they are rebuilt from what is public when next asked for)."""
    from .export.storage import delete_exports

    transaction.on_commit(lambda: delete_exports(issue, audience="public"))


@transaction.atomic
def issue_publish(*, issue, by):
    """Publish ``issue`` and every article in it at once, or nothing if anything is missing."""
    return _publish(issue, by=by, check_complete=True)


def _publish(issue, *, by, check_complete):
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check_move(by, issue, Status.PUBLISHED)
    problems = issue_problems(issue)
    if problems and check_complete:
        raise IssueIncomplete(problems)
    articles = list(issue.articles.all())
    for article in articles:
        _move(article, Status.PUBLISHED, by=by)
    if issue.published_at is None:
        issue.published_at = timezone.now()
    _move(issue, Status.PUBLISHED, by=by)
    # What goes public is the text as it is now, with terms added since it was last saved.
    record_terms(issue, *articles)
    return issue


@transaction.atomic
def issue_unpublish(*, issue, by, to=Status.DRAFT):
    """Take ``issue`` and its articles off the public site, back to draft (or the issue to
    review)."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check_move(by, issue, to)
    for article in issue.articles.exclude(status=Status.DRAFT):
        _move(article, Status.DRAFT, by=by)
    _move(issue, to, by=by)
    _forget_public_exports(issue)
    return issue


@transaction.atomic
def articles_move(*, articles, status, by):
    """Move several articles to ``status``; refuses all if the user may not move any one, and
    publishes none if any one is incomplete."""
    pks = [article.pk for article in articles]
    articles = list(
        Article.objects.select_for_update()
        .filter(pk__in=pks)
        .select_related("issue")
        .prefetch_related(photos_with_photo())
        .order_by("position", "pk")
    )
    for article in articles:
        check_move(by, article, status)
    if status == Status.PUBLISHED:
        problems = [problem for article in articles for problem in article_problems(article)]
        if problems:
            raise IssueIncomplete(problems)
    for article in articles:
        was_public = article.status == Status.PUBLISHED
        _move(article, status, by=by)
        if was_public and status != Status.PUBLISHED:
            _forget_public_exports(article.issue)
    if status == Status.PUBLISHED:
        record_terms(*articles)
    return articles


def reset_to_draft(obj, *, by):
    """Make an unsaved copy (a recovered deleted item) a draft again, before it is saved."""
    obj.status = Status.DRAFT
    obj.status_changed_at = timezone.now()
    obj.status_changed_by = by
    return obj


def keep_stored_state(obj):
    """Undo whatever state a form or an old copy put on ``obj`` before it is saved: a new item
    starts as a draft, an existing one keeps the state stored for it."""
    stored = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
    if stored is None:
        obj.status = Status.DRAFT
    else:
        obj.status = stored.status
        obj.status_changed_at = stored.status_changed_at
        obj.status_changed_by_id = stored.status_changed_by_id
    return obj


def transition(obj, *, to, by):
    """Move an issue or an article to the state ``to`` as the user ``by`` (None: the system)."""
    if isinstance(obj, Issue):
        if to == Status.PUBLISHED:
            return issue_publish(issue=obj, by=by)
        if obj.status == Status.PUBLISHED:
            return issue_unpublish(issue=obj, by=by, to=to)
        with transaction.atomic():
            issue = Issue.objects.select_for_update().get(pk=obj.pk)
            _move(issue, to, by=by)
        return issue
    return articles_move(articles=[obj], status=to, by=by)[0]


# Terms are public when published work uses them, as recorded here (``Article.terms``,
# ``Issue.terms``): on every save of an article or issue (the admin, imports, the demo), when it
# is published, and when a term is saved, for the rows its author may change.


# Rows whose links are read in one query (within the 999 parameters of older SQLite builds).
CHUNK = 900


def _recorded(model, objects):
    """{pk: {term pk, …}} of the terms recorded for ``objects``, in few queries."""
    field = model.terms.field
    through, owner = field.remote_field.through, f"{field.m2m_field_name()}_id"
    pks = [obj.pk for obj in objects]
    recorded = defaultdict(set)
    for start in range(0, len(pks), CHUNK):
        links = through.objects.filter(**{f"{owner}__in": pks[start : start + CHUNK]})
        for pk, term in links.values_list(owner, "term_id"):
            recorded[pk].add(term)
    return recorded


def record_terms(*objects):
    """Link each article or issue to the terms its text uses now; return how many changed."""
    acronyms = Acronyms(Term.objects.values_list("abbreviation", "pk"))
    changed = 0
    for model in (Article, Issue):
        rows = [obj for obj in objects if isinstance(obj, model)]
        recorded = _recorded(model, rows) if rows else {}
        for obj in rows:
            wanted = {acronyms[used] for used in acronyms_used(text_of(obj), acronyms)}
            if wanted != recorded.get(obj.pk, set()):
                obj.terms.set(wanted)
                changed += 1
    return changed


# Past this many terms at once (an import), every row is read rather than searched for each.
TERMS_SEARCHED_FOR = 50


def _texts_using(model, terms):
    """The articles or issues that may use ``terms`` or have them recorded, with their terms."""
    if len(terms) <= TERMS_SEARCHED_FOR:
        candidates = Q(terms__in=terms)
        for term in terms:
            if model is Article:
                candidates |= Q(title__contains=term.abbreviation)
                candidates |= Q(standfirst__contains=term.abbreviation)
                candidates |= Q(body__contains=escape(term.abbreviation))
            else:
                candidates |= Q(foreword__contains=escape(term.abbreviation))
        rows = model.objects.filter(candidates).distinct()
    else:
        rows = model.objects.all()
    terms = Prefetch("terms", queryset=Term.objects.only("pk"), to_attr="recorded_terms")
    return rows.prefetch_related(terms).iterator(chunk_size=CHUNK)


def record_term_uses(terms, *, by):
    """After ``terms`` are saved: link each to the articles and issues whose text uses it, and
    unlink it from those that no longer do, among those ``by`` may change (None: all). Rows
    only a publisher may change follow when a publisher saves or publishes them."""
    terms = [term for term in terms if term.pk is not None]
    if not terms:
        return 0
    acronyms = Acronyms({term.abbreviation: term for term in terms})
    saved = set(terms)
    changed = 0
    for model in (Article, Issue):
        for obj in _texts_using(model, terms):
            if not can_edit(by, obj):
                continue
            wanted = {acronyms[used] for used in acronyms_used(text_of(obj), acronyms)}
            recorded = saved.intersection(obj.recorded_terms)
            if wanted != recorded:
                obj.terms.remove(*(recorded - wanted))
                obj.terms.add(*(wanted - recorded))
                changed += 1
    return changed


# The issue desk's services, kept beside this module (newsletters/desk_services.py).
from .desk_services import (  # noqa: E402
    GoingPublic,
    OrderInvalid,
    articles_reorder,
    going_public,
    may_reorder,
)

__all__ += ["GoingPublic", "OrderInvalid", "articles_reorder", "going_public", "may_reorder"]
