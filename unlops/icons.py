"""The site's icons where browsers look for them: /favicon.ico, /apple-touch-icon.png and the web
app manifest, for the public pages and the admin alike (templates/includes/_icons.html links them).

The files live in static/icons/; these views read them through the static files finders, so they
answer the same with or without collectstatic, and never 404 in the browser's console."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, JsonResponse
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .publisher import publisher_details

ICON_DAY = 24 * 60 * 60

ROOT_FILES = {
    "favicon.ico": "image/vnd.microsoft.icon",
    "apple-touch-icon.png": "image/png",
}


@require_safe
def root_icon(request, name):
    """One of ROOT_FILES, as the browser asks for it at the site's root."""
    content_type = ROOT_FILES.get(name)
    found = finders.find(f"icons/{name}") if content_type else None
    if not found:
        raise Http404(name)
    response = FileResponse(open(found, "rb"), content_type=content_type)  # noqa: SIM115
    patch_cache_control(response, public=True, max_age=ICON_DAY)
    return response


@require_safe
def manifest(request):
    """The web app manifest: the office's name, its colours and the icons in every size."""
    details = publisher_details()
    icons = [
        {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    response = JsonResponse(
        {
            "name": f"{details['name']} · Newsletter",
            "short_name": f"{details['acronym']} Newsletter",
            "start_url": "/",
            "display": "browser",
            "background_color": "#ffffff",
            "theme_color": "#005a8c",
            "icons": icons,
        },
        content_type="application/manifest+json",
    )
    patch_cache_control(response, public=True, max_age=ICON_DAY)
    return response
