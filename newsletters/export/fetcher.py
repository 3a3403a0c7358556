"""The only way an export reads a file: static files from the finders, pictures from storage."""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join

from .images import MEDIA_SCHEME

STATIC_SCHEME = "static"


def static_url(path):
    return f"{STATIC_SCHEME}:{path}"


def read_static(path):
    """Bytes of a static file found as ``collectstatic`` would, or from STATIC_ROOT."""
    path = unquote(path).lstrip("/")
    found = finders.find(path)
    if not found and settings.STATIC_ROOT:
        found = safe_join(settings.STATIC_ROOT, path)
    if not found:
        raise FileNotFoundError(f"No static file {path!r}")
    with open(found, "rb") as file:
        return file.read()


def resolve(url, images):
    """(bytes, mime type) for an internal address; anything else is refused."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == STATIC_SCHEME:
        path = urlsplit(url).path
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.endswith(".woff2"):
            mime_type = "font/woff2"
        elif path.endswith(".ttf"):
            mime_type = "font/ttf"
        return read_static(path), mime_type
    if scheme == MEDIA_SCHEME:
        rendition = images.from_url(url)
        return rendition.data, rendition.mime_type
    raise PermissionError(f"Exports load nothing from {url!r}")
