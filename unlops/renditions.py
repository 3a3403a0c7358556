"""Renditions: smaller copies of a stored picture, made once with Pillow and kept in storage, so
that no page ever sends the original upload.

A rendition is named after its original (``renditions/photos/2017/x-k3j9.jpg/800.webp``), so the
media view finds the row a rendition belongs to, and serves it only as that row allows.
"""

import hashlib
import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from . import codec

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FORMATS = (("webp", codec.WEB_WEBP), ("jpg", codec.WEB_JPEG))
RENDITION_DIR = "renditions"


def rendition_name(original, width, extension):
    return f"{RENDITION_DIR}/{original}/{width}.{extension}"


def original_of(name):
    """The stored name of the picture ``name`` is a rendition of; None if it is none."""
    prefix = f"{RENDITION_DIR}/"
    if not name.startswith(prefix):
        return None
    original, _, leaf = name[len(prefix) :].rpartition("/")
    width, _, extension = leaf.partition(".")
    known = {extension for extension, _encoding in RENDITION_FORMATS}
    if not original or not width.isdigit() or extension not in known:
        return None
    return original


def _rendition_widths(original_width, widths):
    chosen = [width for width in sorted(widths) if width < original_width]
    if original_width <= max(widths):
        chosen.append(original_width)
    return chosen


def _decode(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle:
        return codec.decode(handle)


def _oriented_size(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle:
        return codec.oriented_size(handle)


def make_renditions(field_file, widths=RENDITION_WIDTHS):
    """Return [(width, height, {"webp": name, "jpg": name}), ...], smallest first.

    Files already in storage are reused; only missing ones are encoded. The original is read only
    when something is missing. An unreadable picture gives [].
    """
    if not field_file or not field_file.name:
        return []
    try:
        width, height = _oriented_size(field_file)
    except Exception:  # The file is missing or unreadable.
        logger.warning("Cannot read picture %s", field_file.name)
        return []
    image = None
    result = []
    for target in _rendition_widths(width, widths):
        target_height = max(1, round(height * target / width))
        names = {}
        for extension, encoding in RENDITION_FORMATS:
            name = rendition_name(field_file.name, target, extension)
            names[extension] = name
            if default_storage.exists(name):
                continue
            try:
                if image is None:
                    image = _decode(field_file)
                data = codec.encode(codec.fit_width(image, target), encoding)
                saved = default_storage.save(name, ContentFile(data))
            except Exception:
                logger.warning("Cannot make renditions of %s", field_file.name)
                return []
            if saved != name:
                # Another process made the same file meanwhile; keep theirs.
                default_storage.delete(saved)
        result.append((target, target_height, names))
    return result


def renditions(field_file, widths=RENDITION_WIDTHS):
    """The renditions of a picture, from the cache when known, so storage is checked only once."""
    if not field_file or not field_file.name:
        return []
    digest = hashlib.sha1(field_file.name.encode(), usedforsecurity=False).hexdigest()
    key = f"unlops:renditions:{digest}:{','.join(map(str, widths))}"
    found = cache.get(key)
    if found is None:
        found = make_renditions(field_file, widths)
        # A missing original is tried again later; good renditions are known for good.
        cache.set(key, found, None if found else 60)
    return found
