import errno

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.static import serve

from events.sitemaps import EventSitemap
from newsletters.sitemaps import ArticleSitemap, IssueSitemap, PagesSitemap, TopicSitemap
from people.sitemaps import OrganisationSitemap, PersonSitemap
from unlops.cache import cache_public_page

admin.site.site_header = "UNLOPS newsletter"
admin.site.site_title = "UNLOPS newsletter"
admin.site.index_title = "Editorial desk"

sitemaps = {
    "pages": PagesSitemap,
    "issues": IssueSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "events": EventSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    # An index of one sitemap per kind of page, each small enough to make quickly.
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("people/", include("people.urls")),
    path("events/", include("events.urls")),
    path("", include("newsletters.urls")),
]


def serve_media(request, path):
    # MEDIA_ROOT is read per request, not when the URLconf loads, so that it can change (tests).
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        # A name longer than the file system takes names no file.
        if error.errno == errno.ENAMETOOLONG:
            raise Http404("No such file.") from error
        raise


if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media)]
