"""Moving issues and articles between draft, review and publication: the one way any state changes.

``transition`` is what every path calls (the admin's buttons and list actions, restores, imports,
code). It checks the user's right to the move, and before anything goes public it checks that it is
complete; publishing an issue publishes its articles with it, in one transaction. Publishing and
unpublishing reach the audit trail in that transaction; the e-mails a move sends
(``notifications``) go out once it commits.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from unlops import audit
from unlops.acronyms import Acronyms, acronyms_used

from .completeness import article_problems, issue_completeness, issue_problems, photos_with_photo
from .figures import record_figures
from .glossary import text_of
from .models import Article, Issue, ReviewComment, Revision, Status, Term
from .notifications import COMMENTED, PUBLISHED, event_for, notify_on_commit
from .workflow import (
    can_edit,
    check_comment,
    check_move,
    commentable_fields,
)

__all__ = ["article_problems", "issue_completeness", "issue_problems"]


class IssueIncomplete(Exception):
    """The issue or article cannot be published yet; ``problems`` says what is missing."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def _close_comments_over(item, *, by, override):
    """A publisher publishing over open review comments with a reason closes them with it, so
    the record says who went ahead and why; no reason, nothing closed (and they block)."""
    if override.strip():
        ReviewComment.objects.blocking(item).update(
            resolved_at=timezone.now(),
            resolved_by=by,
            resolution=(_("Published over it: %(reason)s") % {"reason": override.strip()})[:300],
        )


def _move(obj, status, *, by):
    """Move ``obj`` to ``status``; returns the state it was in."""
    check_move(by, obj, status)
    was = obj.status
    obj.set_status(status, by=by)
    obj._history_user = by
    obj.save()
    return was


def _goes_live(obj):
    """When released ``obj`` goes public, if that is still to come: who scheduled it is whoever
    published it (or changed the time), since nothing runs when the time comes."""
    times = [obj.published_at, getattr(obj, "issue", obj).published_at]
    later = [when for when in times if when is not None and when > timezone.now()]
    return {"goes_live": max(later).isoformat()} if later else {}


def _forget_public_exports(issue):
    """Once the commit is made, delete the issue's public export files: no retracted edition
    lingers in storage (they are rebuilt from what is public when next asked for)."""
    from .export.storage import delete_exports

    transaction.on_commit(lambda: delete_exports(issue, audience="public"))


@transaction.atomic
def issue_publish(*, issue, by, override_comments=""):
    """Publish ``issue`` and every article in it at once, or nothing if anything is missing.
    Open review comments block it unless ``override_comments`` gives a publisher's reason."""
    return _publish(issue, by=by, check_complete=True, override_comments=override_comments)


def _publish(issue, *, by, check_complete, override_comments=""):
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check_move(by, issue, Status.PUBLISHED)
    if check_complete:
        _close_comments_over(issue, by=by, override=override_comments)
    problems = issue_problems(issue)
    if problems and check_complete:
        raise IssueIncomplete(problems)
    articles = list(issue.articles.all())
    moved = []  # What this publishes, for the authors' e-mails.
    for article in articles:
        if _move(article, Status.PUBLISHED, by=by) != Status.PUBLISHED:
            moved.append(article)
    if issue.published_at is None:
        issue.published_at = timezone.now()
    if _move(issue, Status.PUBLISHED, by=by) != Status.PUBLISHED:
        moved.insert(0, issue)
    # What goes public is the text as it is now, with terms added since it was last saved.
    record_terms(issue, *articles)
    detail = {"articles": [article.pk for article in articles], **_goes_live(issue)}
    audit.record(audit.Action.PUBLISH, issue, actor=by, detail=detail)
    notify_on_commit(PUBLISHED, moved, by=by)
    return issue


@transaction.atomic
def issue_unpublish(*, issue, by, to=Status.DRAFT):
    """Take ``issue`` and its articles off the public site, back to draft (or the issue to
    review)."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check_move(by, issue, to)
    articles = list(issue.articles.exclude(status=Status.DRAFT))
    for article in articles:
        _move(article, Status.DRAFT, by=by)
    _move(issue, to, by=by)
    _forget_public_exports(issue)
    detail = {"to": to, "articles": [article.pk for article in articles]}
    audit.record(audit.Action.UNPUBLISH, issue, actor=by, detail=detail)
    return issue


def _record_article_move(article, was, status, *, by):
    if was == Status.PUBLISHED and status != Status.PUBLISHED:
        audit.record(audit.Action.UNPUBLISH, article, actor=by, detail={"to": status})
    elif status == Status.PUBLISHED and was != Status.PUBLISHED:
        audit.record(audit.Action.PUBLISH, article, actor=by, detail=_goes_live(article))


@transaction.atomic
def articles_move(*, articles, status, by, reason="", override_comments=""):
    """Move several articles to ``status``; refuses all if the user may not move any one, and
    publishes none if any one is incomplete or has open review comments (unless a publisher
    gives ``override_comments``, a reason). ``reason`` goes with the e-mails it sends."""
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
        for article in articles:
            _close_comments_over(article, by=by, override=override_comments)
        problems = [problem for article in articles for problem in article_problems(article)]
        if problems:
            raise IssueIncomplete(problems)
    moved = {}
    for article in articles:
        was = _move(article, status, by=by)
        if was == Status.PUBLISHED and status != Status.PUBLISHED:
            _forget_public_exports(article.issue)
        _record_article_move(article, was, status, by=by)
        moved.setdefault(event_for(was, status), []).append(article)
    if status == Status.PUBLISHED:
        record_terms(*articles)
    for event, moved_articles in moved.items():
        notify_on_commit(event, moved_articles, by=by, reason=reason)
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


def transition(obj, *, to, by, reason="", override_comments=""):
    """Move an issue or an article to the state ``to`` as the user ``by`` (None: the system);
    ``reason`` (why it is sent back, say) goes with the e-mails the move sends."""
    if isinstance(obj, Issue):
        if to == Status.PUBLISHED:
            return issue_publish(issue=obj, by=by, override_comments=override_comments)
        if obj.status == Status.PUBLISHED:
            return issue_unpublish(issue=obj, by=by, to=to)
        with transaction.atomic():
            issue = Issue.objects.select_for_update().get(pk=obj.pk)
            was = _move(issue, to, by=by)
            notify_on_commit(event_for(was, to), [issue], by=by, reason=reason)
        return issue
    return articles_move(
        articles=[obj], status=to, by=by, reason=reason, override_comments=override_comments
    )[0]


@transaction.atomic
def comment_add(*, item, body, by, field="", reply_to=None):
    """A new review comment on ``item`` (an article or an issue), or an answer to ``reply_to``."""
    body = body.strip()
    if not body:
        raise ValidationError(_("Write the comment first."))
    if reply_to is not None:
        if reply_to.item != item or reply_to.parent_id is not None:
            raise ValidationError(_("That comment is not on this item."))
        check_comment(by, item, answer=True)
        field = reply_to.field
    else:
        check_comment(by, item, answer=False)
    if field and field not in commentable_fields(type(item)):
        raise ValidationError(_("There is no field “%(field)s” to comment on.") % {"field": field})
    key = "issue" if isinstance(item, Issue) else "article"
    # Kept with the draft revision open now (an answer, with its thread's), else the live version.
    if reply_to is not None:
        revision = reply_to.revision
    else:
        revision = Revision.objects.of(item).open().first()
    comment = ReviewComment.objects.create(
        **{key: item},
        revision=revision,
        field=field,
        parent=reply_to,
        body=body[: ReviewComment._meta.get_field("body").max_length],
        author=by,
        item_version=item.version,
    )
    notify_on_commit(COMMENTED, [item], by=by, reason=comment.body)
    return comment


@transaction.atomic
def comment_resolve(*, comment, by, reopen=False):
    """Close a comment's thread (or open it again): its author, the item's editors may."""
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if comment.parent_id is not None:
        raise ValidationError(_("Answers are resolved with the comment they answer."))
    check_comment(by, comment.item, answer=True)
    comment.resolved_at = None if reopen else timezone.now()
    comment.resolved_by = None if reopen else by
    comment.resolution = ""
    comment.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    return comment


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
    """Link each article or issue to the terms its text uses now, and each article to the photos
    its text places (``figures.record_figures``); return how many links changed."""
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
    return changed + record_figures(*(obj for obj in objects if isinstance(obj, Article)))


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

# Draft revisions of published work, kept beside this module (newsletters/revision_services.py).
from .revision_services import (  # noqa: E402
    LiveChangedSince,
    open_revision,
    revision_discard,
    revision_move,
    revision_publish,
    revision_save,
)

__all__ += ["LiveChangedSince", "open_revision", "revision_discard", "revision_move"]
__all__ += ["revision_publish", "revision_save"]
