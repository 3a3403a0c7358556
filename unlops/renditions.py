"""Renditions: smaller copies of a stored picture, made once with Pillow and kept in storage, so
that no page ever sends the original upload.

A rendition is named after its original (``renditions/photos/2017/x-k3j9.jpg/800.webp``), so the
media view finds the row a rendition belongs to, and serves it only as that row allows. A cropped
rendition (a card, an Open Graph image) names its proportions and the focal point it was cut
around (``renditions/photos/2017/x-k3j9.jpg/3x2-50-30/800.webp``): moving the focal point makes
new files, and no page keeps showing the old cut.
"""

import hashlib
import logging
import re

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from . import codec

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FORMATS = (("webp", codec.WEB_WEBP), ("jpg", codec.WEB_JPEG))
RENDITION_DIR = "renditions"


CENTRE = (0.5, 0.5)
_CROP_FOLDER = re.compile(r"\d{1,4}x\d{1,4}-\d{1,3}-\d{1,3}")


def _percent(focus):
    """The focal point in whole percents, as the file's name keeps it (and the cut uses it)."""
    return tuple(round(min(1.0, max(0.0, float(value))) * 100) for value in focus or CENTRE)


def crop_folder(crop, focus=CENTRE):
    """'3x2-50-30': proportions 3:2 around a focal point at 50 % across and 30 % down."""
    x, y = _percent(focus)
    return f"{crop[0]}x{crop[1]}-{x}-{y}"


def rendition_name(original, width, extension, folder=""):
    middle = f"{original}/{folder}" if folder else original
    return f"{RENDITION_DIR}/{middle}/{width}.{extension}"


def original_of(name):
    """The stored name of the picture ``name`` is a rendition of; None if it is none."""
    prefix = f"{RENDITION_DIR}/"
    if not name.startswith(prefix):
        return None
    original, _, leaf = name[len(prefix) :].rpartition("/")
    head, _, folder = original.rpartition("/")
    if head and _CROP_FOLDER.fullmatch(folder):
        original = head
    width, _, extension = leaf.partition(".")
    known = {extension for extension, _encoding in RENDITION_FORMATS}
    if not original or not width.isdigit() or extension not in known:
        return None
    return original


def parse_crop(crop):
    """(3, 2) from '3:2' or (3, 2); None for no crop. Refuses anything else."""
    if not crop:
        return None
    if isinstance(crop, str):
        crop = crop.split(":")
    ratio = tuple(int(part) for part in crop)
    if len(ratio) != 2 or not all(0 < part < 10_000 for part in ratio):
        raise ValueError(f"Not proportions: {crop!r}")
    return ratio


def _cropped_size(size, crop, focus):
    if crop is None:
        return size
    left, top, right, bottom = codec.crop_box(size, crop, focus)
    return right - left, bottom - top


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


def make_renditions(field_file, widths=RENDITION_WIDTHS, *, crop=None, focus=CENTRE):
    """Return [(width, height, {"webp": name, "jpg": name}), ...], smallest first.

    With ``crop`` (proportions, '3:2'), each is cut to those proportions around ``focus`` (x, y
    as fractions) before it is scaled. Files already in storage are reused; only missing ones are
    encoded. The original is read only when something is missing. An unreadable picture gives [].
    """
    if not field_file or not field_file.name:
        return []
    crop = parse_crop(crop)
    focus = tuple(percent / 100 for percent in _percent(focus))
    folder = crop_folder(crop, focus) if crop else ""
    try:
        width, height = _cropped_size(_oriented_size(field_file), crop, focus)
    except Exception:  # The file is missing or unreadable.
        logger.warning("Cannot read picture %s", field_file.name)
        return []
    image = None
    result = []
    for target in _rendition_widths(width, widths):
        target_height = max(1, round(height * target / width))
        names = {}
        for extension, encoding in RENDITION_FORMATS:
            name = rendition_name(field_file.name, target, extension, folder)
            names[extension] = name
            if default_storage.exists(name):
                continue
            try:
                if image is None:
                    image = _decode(field_file)
                    image = codec.crop(image, crop, focus) if crop else image
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


def renditions(field_file, widths=RENDITION_WIDTHS, *, crop=None, focus=CENTRE):
    """The renditions of a picture, from the cache when known, so storage is checked only once."""
    if not field_file or not field_file.name:
        return []
    crop = parse_crop(crop)
    digest = hashlib.sha1(field_file.name.encode(), usedforsecurity=False).hexdigest()
    folder = crop_folder(crop, focus) if crop else "full"
    key = f"unlops:renditions:{digest}:{folder}:{','.join(map(str, widths))}"
    found = cache.get(key)
    if found is None:
        found = make_renditions(field_file, widths, crop=crop, focus=focus)
        # A missing original is tried again later; good renditions are known for good.
        cache.set(key, found, None if found else 60)
    return found
