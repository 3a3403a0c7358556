"""Pictures for exports: read from storage, sized for where they are printed, never fetched."""

import base64
import logging
import math
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from django.core.files.storage import default_storage

from unlops import codec
from unlops.images import placeholder_jpeg

logger = logging.getLogger(__name__)

MM_PER_INCH = 25.4
PRINT_DPI = 300
JPEG_QUALITY = 80
MEDIA_SCHEME = "media"


def print_pixels(width_mm, dpi=PRINT_DPI):
    """Pixels needed to print ``width_mm`` at ``dpi``."""
    return math.ceil(width_mm / MM_PER_INCH * dpi)


def fitted_pixels(photo, *, max_width_px, max_height_px=None):
    """The width in pixels a photo is printed at, in a frame at most that wide and high."""
    width_px = max_width_px
    if max_height_px and photo.width and photo.height:
        width_px = min(width_px, math.ceil(max_height_px * photo.width / photo.height))
    if photo.width:
        width_px = min(width_px, photo.width)  # Never larger than the original.
    return max(width_px, 1)


def media_url(name, *, width, quality=JPEG_QUALITY):
    """An internal address for a stored picture at a width: resolved by exports, not by HTTP."""
    return f"{MEDIA_SCHEME}:{quote(name)}?w={int(width)}&q={int(quality)}"


def parse_media_url(url):
    """(name, width, quality) from an address made by :func:`media_url`."""
    parts = urlsplit(url)
    if parts.scheme != MEDIA_SCHEME:
        raise ValueError(f"Not a media address: {url!r}")
    query = parse_qs(parts.query)
    width = int(query.get("w", ["0"])[0])
    quality = int(query.get("q", [str(JPEG_QUALITY)])[0])
    if not 0 < width <= 10_000 or not 1 <= quality <= 95:
        raise ValueError(f"Bad size or quality in {url!r}")
    return unquote(parts.path), width, quality


@dataclass(frozen=True)
class Rendition:
    data: bytes
    mime_type: str
    width: int
    height: int
    placeholder: bool = False

    def data_uri(self):
        return f"data:{self.mime_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def resize_jpeg(source, *, width, quality=JPEG_QUALITY):
    """Decode ``source`` (a file), scale it down to ``width`` pixels at most, encode as JPEG."""
    image = codec.decode(source, draft_width=width)
    # A reducing gap: much faster on large reductions, for a barely softer result.
    image = codec.fit_width(image, width, reducing_gap=3.0)
    encoding = codec.export_jpeg(quality)
    return Rendition(codec.encode(image, encoding), encoding.mime_type, image.width, image.height)


def placeholder(label, *, width):
    height = max(1, round(width * 2 / 3))
    data = placeholder_jpeg(label, width=max(width, 300), height=max(height, 200))
    return Rendition(data, "image/jpeg", max(width, 300), max(height, 200), placeholder=True)


class ImageLoader:
    """Serves the pictures of one export, each read and resized once.

    Only the names given at construction are served: an export never reads any other file.
    A missing or unreadable picture becomes a marked placeholder and a logged warning.
    """

    def __init__(self, names, *, storage=None, progress=None):
        self.names = set(names)
        self.storage = storage or default_storage
        self.progress = progress
        self._renditions = {}
        self.placeholders = []

    def rendition(self, name, *, width, quality=JPEG_QUALITY):
        key = (name, width, quality)
        if key not in self._renditions:
            self._renditions[key] = self._load(name, width, quality)
        return self._renditions[key]

    def from_url(self, url):
        name, width, quality = parse_media_url(url)
        return self.rendition(name, width=width, quality=quality)

    def _load(self, name, width, quality):
        if name not in self.names:
            raise PermissionError(f"{name!r} is not a picture of this issue")
        if self.progress:
            self.progress(f"Picture {len(self._renditions) + 1}: {name}")
        try:
            with self.storage.open(name, "rb") as source:
                return resize_jpeg(source, width=width, quality=quality)
        except Exception as error:  # Any failure: the export goes on without the picture.
            logger.warning(
                "Picture %s could not be used in the export (%s); placeholder", name, error
            )
            self.placeholders.append(name)
            return placeholder("Picture unavailable", width=width)
