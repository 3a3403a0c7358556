from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from events.sitemaps import EventSitemap
from newsletters.sitemaps import ArticleSitemap, IssueSitemap, PagesSitemap, TopicSitemap
from people.sitemaps import OrganisationSitemap, PersonSitemap
from unlops import icons, media
from unlops.cache import cache_public_page
from unlops.health import health_for_staff


def _site_header():
    # Read on every page, not when the URLconf is imported: the setting and the language may vary.
    return gettext("%(acronym)s newsletter") % {"acronym": settings.PUBLISHER["acronym"]}


admin.site.site_header = admin.site.site_title = lazy(_site_header, str)()
admin.site.index_title = _("Editorial desk")

handler500 = "unlops.views.server_error"

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
    # Where browsers ask for icons without being told: never a 404 in the console or the log.
    path("favicon.ico", icons.root_icon, {"name": "favicon.ico"}, name="favicon"),
    path(
        "apple-touch-icon.png",
        icons.root_icon,
        {"name": "apple-touch-icon.png"},
        name="apple-touch-icon",
    ),
    path("site.webmanifest", icons.manifest, name="web-manifest"),
    # Probes are answered by unlops.health.HealthCheckMiddleware; staff signed in arrive here.
    path(settings.HEALTH_CHECK_PATH.lstrip("/"), health_for_staff, name="health"),
    path("people/", include("people.urls")),
    path("events/", include("events.urls")),
    path("newsletter/", include("newsletters.mailing.urls")),
    path("", include("newsletters.urls")),
]


# Every stored file, checked: public rows' pictures for all, the rest for staff only.
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media")]
