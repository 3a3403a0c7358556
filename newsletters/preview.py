"""Signed, expiring links that show a draft issue or article exactly as the public will see it."""

import datetime

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .export.documents import ExportError
from .export.storage import get_export
from .export.views import export_response
from .models import Article, Issue
from .views import ArticleDetailView, IssueDetailView

SALT = "newsletters.preview"
MODELS = {"issue": Issue, "article": Article}
ROBOTS = "noindex, nofollow, noarchive"


def max_age():
    return datetime.timedelta(seconds=settings.PREVIEW_LINK_SECONDS)


def make_token(obj):
    return signing.dumps({"m": obj._meta.model_name, "pk": obj.pk}, salt=SALT)


def preview_url(obj, fmt=None):
    token = make_token(obj)
    if fmt:
        return reverse("newsletters:preview-download", kwargs={"token": token, "fmt": fmt})
    return reverse("newsletters:preview", kwargs={"token": token})


class PreviewExpired(Exception):
    pass


def read_token(token):
    """The object a token points at; PreviewExpired if too old, Http404 if forged."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as expired:
        raise PreviewExpired from expired
    except signing.BadSignature as forged:
        raise Http404("Not a valid preview link.") from forged
    model = MODELS.get(data.get("m"))
    if model is None:
        raise Http404("Not a valid preview link.")
    try:
        return model.objects.select_related(*(["issue"] if model is Article else [])).get(
            pk=data.get("pk")
        )
    except model.DoesNotExist as missing:
        raise Http404("The previewed item no longer exists.") from missing


def _private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = ROBOTS
    return response


class PreviewMixin:
    token = None

    def visible_articles(self, issue):
        return issue.articles.all()  # Drafts included: that is the point of a preview.

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = context["issue"]
        expires = timezone.now() + max_age()
        # The preview's draft pictures are served to its reader until the link expires.
        context["media_grant"] = expires.timestamp()
        context["preview"] = {
            "expires": expires,
            "pdf_url": preview_url(issue, "pdf"),
            "html_url": preview_url(issue, "html"),
        }
        return context


class IssuePreviewView(PreviewMixin, IssueDetailView):
    def get_queryset(self):
        return Issue.objects.select_related("cover_photo")


class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    def get_object(self, queryset=None):
        return super().get_object(Article.objects.all())


def _expired(request):
    return _private(render(request, "newsletters/preview_expired.html", status=410))


@require_safe
def preview(request, token):
    try:
        obj = read_token(token)
    except PreviewExpired:
        return _expired(request)
    if isinstance(obj, Issue):
        response = IssuePreviewView.as_view()(request, slug=obj.slug)
    else:
        response = ArticlePreviewView.as_view()(request, issue_slug=obj.issue.slug, slug=obj.slug)
    return _private(response)


@require_safe
def preview_download(request, token, fmt):
    if fmt not in ("pdf", "html", "email"):
        raise Http404("No such format.")
    try:
        obj = read_token(token)
    except PreviewExpired:
        return _expired(request)
    issue = obj if isinstance(obj, Issue) else obj.issue
    try:
        stored = get_export(issue, fmt, variant="", preview=True)
    except ExportError as error:
        raise Http404(str(error)) from error
    return _private(export_response(request, stored, public=False))
