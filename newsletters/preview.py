"""Signed, expiring links that show a draft issue or article exactly as the public will see it.

A link opens what it was made for and nothing more: an issue's link opens the issue, its articles
and its exports; an article's link opens that article's page. Links inside a preview page reuse
the token that opened it, so they reach no further and expire with it. Each token carries the
revocation counters of its object (and of an article's issue), so bumping one withdraws them all.
"""

import datetime
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from .export import formats
from .export.formats import Audience
from .export.views import serve_or_prepare
from .models import Article, Issue
from .views import ArticleDetailView, IssueDetailView

SALT = "newsletters.preview"
ROBOTS = "noindex, nofollow, noarchive"

# What a token opens. An issue's: the issue, its articles and its exports. An article's: its page.
# An article's link is for someone outside the office: it offers no export, which would print the
# whole issue. The browser prints the page if they need paper.
ISSUE, ARTICLE = "issue", "article"
MODELS = {"issue": (Issue, ISSUE), "article": (Article, ARTICLE)}


def max_age():
    return datetime.timedelta(seconds=settings.PREVIEW_LINK_SECONDS)


def revocations(obj):
    """The counters a link to ``obj`` records: an article's link also dies with its issue's."""
    if isinstance(obj, Article):
        return [obj.preview_revocations, obj.issue.preview_revocations]
    return [obj.preview_revocations]


def make_token(obj):
    """A new token for ``obj``, valid from now (read ``obj`` fresh: it records its counters)."""
    name = obj._meta.model_name
    payload = {"m": name, "pk": obj.pk, "s": MODELS[name][1], "g": revocations(obj)}
    return signing.dumps(payload, salt=SALT)


def preview_url(obj, fmt=None):
    token = make_token(obj)
    if fmt:
        return reverse("newsletters:preview-download", kwargs={"token": token, "fmt": fmt})
    return reverse("newsletters:preview", kwargs={"token": token})


@transaction.atomic
def revoke_links(*, obj, by):
    """Withdraw every preview link of an issue or article (an issue's: its articles' too).

    The counter moves in the database, not through ``save()``, so the revocation is no edit:
    forms opened before it still save. The object's history keeps it, with who and why.
    """
    model = type(obj)
    model.objects.filter(pk=obj.pk).update(preview_revocations=F("preview_revocations") + 1)
    obj.refresh_from_db()
    model.history.bulk_history_create(
        [obj], update=True, default_user=by, default_change_reason=gettext("Preview links revoked")
    )
    return obj


class PreviewExpired(Exception):
    pass


class PreviewWithdrawn(Exception):
    pass


@dataclass(frozen=True)
class PreviewLink:
    """An opened token: its object, what it reaches and when it was made."""

    token: str
    obj: Issue | Article
    scope: str
    issued_at: datetime.datetime

    @property
    def issue(self):
        return self.obj if self.scope == ISSUE else self.obj.issue

    @property
    def expires(self):
        return self.issued_at + max_age()

    def covers(self, article):
        if self.scope == ISSUE:
            return article.issue_id == self.obj.pk
        return article.pk == self.obj.pk

    def url(self, article=None):
        """This token's page, or that of an article of the issue it opens."""
        if article is None or article == self.obj:
            return reverse("newsletters:preview", kwargs={"token": self.token})
        if not self.covers(article):
            raise ValueError(f"{self.token} does not open {article!r}.")
        return reverse(
            "newsletters:preview-article", kwargs={"token": self.token, "slug": article.slug}
        )

    def downloads(self):
        """The exports this link offers, as (label, URL under this token)."""
        return [
            (export_format.preview_label, self.download_url(export_format))
            for export_format in self.exports()
        ]

    def exports(self):
        return formats.previews() if self.scope == ISSUE else []

    def download_url(self, export_format):
        # Preview URLs carry no ?variant=: the registry offers previews of plain formats only.
        return reverse("newsletters:preview-download", args=[self.token, export_format.key])


def read_token(token):
    """The link a token opens; PreviewExpired or PreviewWithdrawn if refused, Http404 if forged."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as expired:
        raise PreviewExpired from expired
    except signing.BadSignature as forged:
        raise Http404("Not a valid preview link.") from forged
    if not isinstance(data, dict):
        raise Http404("Not a valid preview link.")
    if "m" in data and "s" not in data:
        # Made before links had a scope, when an article's link downloaded its whole issue.
        raise PreviewWithdrawn
    model, scope = MODELS.get(data.get("m"), (None, None))
    if model is None or data.get("s") != scope:
        raise Http404("Not a valid preview link.")
    queryset = model.objects.select_related("issue") if model is Article else model.objects
    try:
        obj = queryset.get(pk=data.get("pk"))
    except (model.DoesNotExist, TypeError, ValueError) as missing:
        raise Http404("The previewed item no longer exists.") from missing
    if data.get("g") != revocations(obj):
        raise PreviewWithdrawn
    # The signature is checked: its timestamp, the middle part, is the time the link was made.
    issued = signing.b62_decode(token.rsplit(":", 2)[1])
    return PreviewLink(
        token=token,
        obj=obj,
        scope=scope,
        issued_at=datetime.datetime.fromtimestamp(issued, tz=datetime.UTC),
    )


def _private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = ROBOTS
    return response


class PreviewMixin:
    link = None
    public_figures = False  # Staff see the photos placed in a text before they are public.

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = context["issue"]
        if self.link.scope == ISSUE:
            issue_url = self.link.url()
        else:
            issue_url = issue.get_absolute_url() if issue.is_published() else ""
        # The preview's draft pictures are served to its reader until the link expires.
        context["media_grant"] = self.link.expires.timestamp()
        context["preview"] = {
            "expires": self.link.expires,
            "downloads": self.link.downloads(),
            "issue_url": issue_url,
        }
        return context


class IssuePreviewView(PreviewMixin, IssueDetailView):
    template_name = "newsletters/issue_preview.html"

    def get_queryset(self):
        return Issue.objects.select_related("cover_photo")

    def visible_articles(self, issue):
        return issue.articles.all()  # Drafts included: that is the point of a preview.

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for article in context["articles"]:
            article.preview_url = self.link.url(article)
        return context


class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    def get_object(self, queryset=None):
        if self.link.scope == ISSUE:
            return super().get_object(self.link.obj.articles.all())
        return super().get_object(Article.objects.filter(pk=self.link.obj.pk))

    def visible_articles(self, issue):
        if self.link.scope == ISSUE:
            return issue.articles.all()
        # Beside its own article, an article's link leads only to what the public may read.
        public = issue.articles.published().values("pk")
        return issue.articles.filter(Q(pk=self.object.pk) | Q(pk__in=public))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for neighbour in (context["previous_article"], context["next_article"]):
            if neighbour is not None and self.link.covers(neighbour):
                neighbour.preview_url = self.link.url(neighbour)
        return context


def _refused(request, template):
    return _private(render(request, template, status=410))


def opens_link(view):
    """A preview view taking the link its token opens; refused links get a 410 page."""

    @wraps(view)
    def wrapper(request, token, **kwargs):
        try:
            link = read_token(token)
        except PreviewExpired:
            return _refused(request, "newsletters/preview_expired.html")
        except PreviewWithdrawn:
            return _refused(request, "newsletters/preview_withdrawn.html")
        return _private(view(request, link, **kwargs))

    return require_safe(wrapper)


@opens_link
def preview(request, link):
    if link.scope == ISSUE:
        return IssuePreviewView.as_view(link=link)(request, slug=link.obj.slug)
    return ArticlePreviewView.as_view(link=link)(
        request, issue_slug=link.issue.slug, slug=link.obj.slug
    )


@opens_link
def preview_article(request, link, slug):
    if link.scope != ISSUE:
        raise Http404("This link opens one article only.")
    return ArticlePreviewView.as_view(link=link)(request, issue_slug=link.obj.slug, slug=slug)


@opens_link
def preview_download(request, link, fmt):
    offered = {export_format.key: export_format for export_format in link.exports()}
    if fmt not in offered:
        raise Http404("No such format for this link.")
    return serve_or_prepare(
        request, link.issue, offered[fmt], audience=Audience.PREVIEW, public=False
    )
