"""Image checks and generated images, shared by every app that stores pictures."""

import io
import threading
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFile, ImageFont

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


_strict_load_lock = threading.Lock()


def _load_strictly(image):
    """Decode every pixel, refusing a truncated file even where a library (WeasyPrint sets
    ImageFile.LOAD_TRUNCATED_IMAGES on import) has told Pillow to be lenient."""
    with _strict_load_lock:
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def validate_image_upload(field_file):
    """Refuse anything but a JPEG, PNG, WebP or GIF that Pillow decodes fully, within limits."""
    if getattr(field_file, "_committed", False):
        return  # Already stored, so already checked.
    size = getattr(field_file, "size", 0) or 0
    if size > settings.PHOTO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; the largest accepted is %(limit).0f MB.")
            % {"size": size / 1e6, "limit": settings.PHOTO_MAX_UPLOAD_BYTES / 1e6},
            code="too_large",
        )
    position = field_file.tell() if hasattr(field_file, "tell") else 0
    try:
        field_file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(field_file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > settings.PHOTO_MAX_PIXELS:
                    raise ValidationError(
                        _("The picture is %(w)d × %(h)d pixels, more than this site accepts.")
                        % {"w": width, "h": height},
                        code="too_many_pixels",
                    )
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("Only JPEG, PNG, WebP and GIF pictures are accepted."),
                        code="bad_format",
                    )
                _load_strictly(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The picture has too many pixels to be processed safely."), code="too_many_pixels"
        ) from error
    except Exception as error:
        raise ValidationError(
            _("The file is not a picture that can be read (JPEG, PNG, WebP or GIF)."),
            code="unreadable",
        ) from error
    finally:
        field_file.seek(position)


def _font(size):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def placeholder_jpeg(label, *, width=1200, height=800, seed=0):
    """A clearly marked placeholder photo: the real one is not available."""
    palette = [(0, 94, 140), (0, 120, 170), (32, 70, 110), (0, 100, 120), (60, 90, 130)]
    background = palette[seed % len(palette)]
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    for offset in range(-height, width, 60):
        draw.line([(offset, height), (offset + height, 0)], fill=tuple(c + 18 for c in background))
    draw.rectangle([24, 24, width - 25, height - 25], outline=(255, 255, 255), width=4)
    draw.text(
        (width / 2, height / 2 - 60),
        "PLACEHOLDER",
        font=_font(width // 12),
        fill="white",
        anchor="mm",
    )
    words, lines, line = label.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) > 48:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    for index, text in enumerate(lines[:4]):
        draw.text(
            (width / 2, height / 2 + 40 + index * (width // 30 + 10)),
            text,
            font=_font(width // 30),
            fill=(230, 240, 250),
            anchor="mm",
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


# Renditions: smaller copies of a stored picture, made once with Pillow and kept in default storage,
# so that no page ever sends the original upload.

RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FORMATS = (("webp", "WEBP"), ("jpg", "JPEG"))
RENDITION_DIR = "renditions"


def _rendition_stem(name):
    import hashlib
    import posixpath

    from django.utils.text import slugify

    base = slugify(posixpath.splitext(posixpath.basename(name))[0])[:40] or "image"
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{base}-{digest}"


def _rendition_widths(original_width, widths):
    chosen = [width for width in sorted(widths) if width < original_width]
    if original_width <= max(widths):
        chosen.append(original_width)
    return chosen


def _encode(image, image_format):
    buffer = io.BytesIO()
    if image_format == "WEBP":
        image.save(buffer, "WEBP", quality=78, method=4)
    else:
        image.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
    return buffer.getvalue()


def _open_rgb(field_file):
    from PIL import ImageOps

    with field_file.storage.open(field_file.name, "rb") as handle:
        with Image.open(handle) as image:
            image.seek(0)
            image = ImageOps.exif_transpose(image)
            if image.mode in {"RGBA", "LA", "P"}:
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, (255, 255, 255))
                flat.paste(image, mask=image.getchannel("A"))
                return flat
            return image.convert("RGB")


def _oriented_size(field_file):
    """Width and height as displayed, after any EXIF rotation; reads only the header."""
    with field_file.storage.open(field_file.name, "rb") as handle:
        with Image.open(handle) as image:
            width, height = image.size
            if image.getexif().get(0x0112) in {5, 6, 7, 8}:
                width, height = height, width
    return width, height


def make_renditions(field_file, widths=RENDITION_WIDTHS):
    """Return [(width, height, {"webp": name, "jpg": name}), ...], smallest first.

    Files already in storage are reused; only missing ones are encoded. The original is read only
    when something is missing. An unreadable picture gives [].
    """
    import logging

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if not field_file or not field_file.name:
        return []
    stem = _rendition_stem(field_file.name)
    try:
        width, height = _oriented_size(field_file)
    except Exception:  # The file is missing or unreadable.
        logging.getLogger(__name__).warning("Cannot read picture %s", field_file.name)
        return []
    image = None
    result = []
    for target in _rendition_widths(width, widths):
        target_height = max(1, round(height * target / width))
        names = {}
        for extension, image_format in RENDITION_FORMATS:
            name = f"{RENDITION_DIR}/{stem}-{target}.{extension}"
            names[extension] = name
            if default_storage.exists(name):
                continue
            try:
                if image is None:
                    image = _open_rgb(field_file)
                resized = (
                    image
                    if image.size == (target, target_height)
                    else image.resize((target, target_height), Image.Resampling.LANCZOS)
                )
                saved = default_storage.save(name, ContentFile(_encode(resized, image_format)))
            except Exception:
                logging.getLogger(__name__).warning("Cannot make renditions of %s", field_file.name)
                return []
            if saved != name:
                # Another process made the same file meanwhile; keep theirs.
                default_storage.delete(saved)
        result.append((target, target_height, names))
    return result


def renditions(field_file, widths=RENDITION_WIDTHS):
    """The renditions of a picture, from the cache when known, so storage is checked only once."""
    from django.core.cache import cache

    if not field_file or not field_file.name:
        return []
    key = f"unlops:renditions:{_rendition_stem(field_file.name)}:{','.join(map(str, widths))}"
    found = cache.get(key)
    if found is None:
        found = make_renditions(field_file, widths)
        # A missing original is tried again later; good renditions are known for good.
        cache.set(key, found, None if found else 60)
    return found
