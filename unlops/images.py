"""Image checks and generated images, shared by every app that stores pictures."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


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
                image.load()
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
