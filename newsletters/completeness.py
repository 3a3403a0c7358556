"""What an issue or an article still lacks before it can go public: the one set of rules.

``issue_completeness`` is what the publish service (``services.issue_publish``,
``services.articles_move``) and the issue desk (``desk.py``) both call, so the desk lists exactly
what publishing would refuse. It says two things apart:

- **problems** block publication: an article with no title or no text, a photo with no alt text
  or no credit (the cover's too, and those placed in a text), a review comment still open;
- **advice** does not block it but is worth a look before confirming: an article with no
  standfirst or no photo; an issue with no cover photo, or too few articles to fill the home
  page's "In this issue" half and the PDF's cover page (the publish confirmation asks for an
  explicit "publish anyway" then, see ``desk_admin.py``).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .figures import photo_ids
from .models import ArticlePhoto, Photo, ReviewComment

# Fewer articles than this leave the home page's contents half short and the PDF cover bare.
HOME_PAGE_ARTICLES = 3


@dataclass
class ArticleCheck:
    article: object
    problems: list = field(default_factory=list)
    advice: list = field(default_factory=list)
    comments: list = field(default_factory=list)  # Those of ``problems`` open comments make.


@dataclass
class Completeness:
    """What keeps an issue from being published (``problems``) and what is worth a look."""

    issue_problems: list
    issue_advice: list
    articles: list  # ArticleCheck, in the issue's order
    issue_comments: list = field(default_factory=list)

    @property
    def problems(self):
        return self.issue_problems + [p for check in self.articles for p in check.problems]

    @property
    def advice(self):
        return self.issue_advice + [a for check in self.articles for a in check.advice]

    @property
    def complete(self):
        return not self.problems

    @property
    def comment_problems(self):
        return self.issue_comments + [c for check in self.articles for c in check.comments]

    @property
    def only_comments_block(self):
        """Only open review comments stand in the way: a publisher may go ahead with a reason."""
        return bool(self.problems) and len(self.problems) == len(self.comment_problems)


def photo_problems(owner, photo):
    """What a photo shown by ``owner`` (a name in quotes) lacks: alt text, credit."""
    problems = []
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


def _name(article):
    return article.title.strip() or _("article at position %(n)s") % {"n": article.position}


def _figure_problems(article, name):
    """The photos placed in the text need what every photo needs; each must still exist."""
    ids = photo_ids(article.body)
    if not ids:
        return []
    found = Photo.objects.in_bulk(ids)
    problems = [
        _("“%(name)s” places in its text a photo that is not in the library (number %(pk)s).")
        % {"name": name, "pk": pk}
        for pk in ids
        if pk not in found
    ]
    for pk in ids:
        if pk in found:
            problems += photo_problems(f"“{name}”", found[pk])
    return problems


def _comment_problem(item, open_count):
    if not open_count:
        return []
    return [
        ngettext(
            "%(count)d review comment on “%(item)s” is still open.",
            "%(count)d review comments on “%(item)s” are still open.",
            open_count,
        )
        % {"count": open_count, "item": item}
    ]


def article_check(article, *, open_comments=None):
    """The problems and advice of one article; its ``article_photos__photo`` may be prefetched,
    and its count of open review comments given (else it is counted)."""
    check = ArticleCheck(article)
    name = _name(article)
    if not article.title.strip():
        check.problems.append(
            _("The article at position %(n)s has no title.") % {"n": article.position}
        )
    if not article.body.strip():
        check.problems.append(_("“%(name)s” has no text.") % {"name": name})
    uses = list(article.article_photos.all())
    for use in uses:
        check.problems += photo_problems(f"“{name}”", use.photo)
    check.problems += _figure_problems(article, name)
    if open_comments is None:
        open_comments = ReviewComment.objects.blocking(article).count()
    check.comments = _comment_problem(article, open_comments)
    check.problems += check.comments
    if not article.standfirst.strip():
        check.advice.append(_("“%(name)s” has no standfirst.") % {"name": name})
    if not uses:
        check.advice.append(_("“%(name)s” has no photo.") % {"name": name})
    return check


def article_problems(article):
    """What keeps ``article`` from being published, as sentences an editor can act on."""
    return article_check(article).problems


def photos_with_photo():
    return Prefetch(
        "article_photos",
        queryset=ArticlePhoto.objects.select_related("photo").order_by("position", "pk"),
    )


def issue_articles(issue):
    """The issue's articles in order, with what the checks read, in two queries."""
    return list(issue.articles.prefetch_related(photos_with_photo()).order_by("position", "pk"))


def issue_completeness(issue, articles=None):
    """Check ``issue`` and its ``articles`` (read with ``issue_articles`` when not given)."""
    if articles is None:
        articles = issue_articles(issue)
    problems, advice = [], []
    # Open review comments of the issue and of each article, in one query.
    counts = dict(
        ReviewComment.objects.blocking(issue)
        .order_by()
        .values_list("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    issue_comments = _comment_problem(issue, counts.get(None, 0))
    problems += issue_comments
    if not articles:
        problems.append(_("The issue has no articles."))
    if issue.cover_photo_id:
        problems += photo_problems(_("the cover"), issue.cover_photo)
    else:
        advice.append(
            _("The issue has no cover photo: the home page and the PDF's cover show none.")
        )
    if 0 < len(articles) < HOME_PAGE_ARTICLES:
        advice.append(
            ngettext(
                "The issue has %(count)d article; with fewer than %(least)d the home page's "
                "contents are short and the PDF's cover page is bare.",
                "The issue has %(count)d articles; with fewer than %(least)d the home page's "
                "contents are short and the PDF's cover page is bare.",
                len(articles),
            )
            % {"count": len(articles), "least": HOME_PAGE_ARTICLES}
        )
    checks = [
        article_check(article, open_comments=counts.get(article.pk, 0)) for article in articles
    ]
    return Completeness(problems, advice, checks, issue_comments)


def issue_problems(issue):
    """What keeps ``issue`` from being published, as sentences an editor can act on."""
    return issue_completeness(issue).problems
