"""Work that writes several rows at once: publishing an issue, moving articles between states."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, Issue, Status
from .workflow import check_move


class IssueIncomplete(Exception):
    """The issue cannot be published yet; ``problems`` says what is missing."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def issue_problems(issue):
    """What keeps ``issue`` from being published, as sentences an editor can act on."""
    problems = []
    articles = list(
        issue.articles.prefetch_related("article_photos__photo").order_by("position", "pk")
    )
    if not articles:
        problems.append(_("The issue has no articles."))
    photos = []
    if issue.cover_photo_id:
        photos.append((_("the cover"), issue.cover_photo))
    for article in articles:
        name = article.title.strip() or _("article at position %(n)s") % {"n": article.position}
        if not article.title.strip():
            problems.append(
                _("The article at position %(n)s has no title.") % {"n": article.position}
            )
        if not article.body.strip():
            problems.append(_("“%(name)s” has no text.") % {"name": name})
        photos += [(f"“{name}”", use.photo) for use in article.article_photos.all()]
    for owner, photo in photos:
        if not photo.alt_text.strip():
            problems.append(
                _("A photo in %(owner)s has no alt text (“%(photo)s”).")
                % {"owner": owner, "photo": photo}
            )
        if not photo.credit.strip():
            problems.append(
                _("A photo in %(owner)s has no credit (“%(photo)s”).")
                % {"owner": owner, "photo": photo}
            )
    return problems


def _move(obj, status, *, by):
    check_move(by, obj, status)
    obj.set_status(status, by=by)
    obj._history_user = by
    obj.save()


@transaction.atomic
def issue_publish(*, issue, by):
    """Publish ``issue`` and every article in it at once, or nothing if anything is missing."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check_move(by, issue, Status.PUBLISHED)
    problems = issue_problems(issue)
    if problems:
        raise IssueIncomplete(problems)
    for article in issue.articles.all():
        _move(article, Status.PUBLISHED, by=by)
    if issue.published_at is None:
        issue.published_at = timezone.now()
    _move(issue, Status.PUBLISHED, by=by)
    return issue


@transaction.atomic
def issue_unpublish(*, issue, by):
    """Take ``issue`` and its articles off the public site, back to draft."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    check_move(by, issue, Status.DRAFT)
    for article in issue.articles.exclude(status=Status.DRAFT):
        _move(article, Status.DRAFT, by=by)
    _move(issue, Status.DRAFT, by=by)
    return issue


@transaction.atomic
def articles_move(*, articles, status, by):
    """Move several articles to ``status``; refuses all if the user may not move any one."""
    articles = list(Article.objects.select_for_update().filter(pk__in=[a.pk for a in articles]))
    for article in articles:
        check_move(by, article, status)
    for article in articles:
        _move(article, status, by=by)
    return articles
