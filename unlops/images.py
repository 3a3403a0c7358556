"""Image checks, cleaning and generated images, shared by every app that stores pictures."""

import io
import os
import threading
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFile, ImageFont, ImageOps, JpegImagePlugin

# Pillow's format name → the extension a stored file gets. MPO is how Pillow reads many cameras'
# JPEGs (a JPEG with a second, smaller picture after it); it is stored as a plain JPEG.
FORMAT_EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ALLOWED_FORMATS = set(FORMAT_EXTENSIONS)
JPEG_QUALITY = 90
MAX_NAME_STEM = 60  # Leaves room in a 100-character name for the folder and a suffix.
NAME_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
# What a file that is markup or code, not a picture, starts with (SVG, HTML, XML, PHP, scripts).
_TEXT_STARTS = (b"<", b"#!")

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


def _upload_of(field_file):
    """The uploaded file itself, whether given bare (a form) or inside a model's FieldFile."""
    return getattr(field_file, "_file", None) or field_file


def _looks_like_text(head):
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_TEXT_STARTS)


def _unreadable(message=None):
    return ValidationError(
        message
        or _(
            "The file is not a picture that can be read (JPEG, PNG, WebP or GIF); "
            "it may be damaged or incomplete."
        ),
        code="unreadable",
    )


def _check_file_size(field_file):
    size = getattr(field_file, "size", 0) or 0
    if size > settings.PHOTO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; the largest accepted is %(limit).0f MB.")
            % {"size": size / 1e6, "limit": settings.PHOTO_MAX_UPLOAD_BYTES / 1e6},
            code="too_large",
        )


def _check_header(image):
    """What the header says, checked before any pixel is decoded."""
    width, height = image.size
    if width * height > settings.PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("The picture is %(w)d × %(h)d pixels, more than this site accepts.")
            % {"w": width, "h": height},
            code="too_many_pixels",
        )
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG, WebP and GIF pictures are accepted."), code="bad_format"
        )
    if image.format != "MPO" and getattr(image, "n_frames", 1) > 1:
        raise ValidationError(
            _("Animated pictures are not accepted: upload a still picture."), code="animated"
        )


def validate_image_upload(field_file):
    """Refuse anything but a still JPEG, PNG, WebP or GIF that Pillow decodes fully, within the
    size and pixel limits. Only the header is read before the pixel count is checked, so a
    decompression bomb is refused before it is decoded."""
    if getattr(field_file, "_committed", False):
        return  # Already stored, so already checked.
    upload = _upload_of(field_file)
    if getattr(upload, "_unlops_image_checked", False):
        return  # The form field checked this very upload a moment ago.
    _check_file_size(field_file)
    position = field_file.tell() if hasattr(field_file, "tell") else 0
    try:
        field_file.seek(0)
        if _looks_like_text(field_file.read(1024)):
            raise _unreadable(
                _(
                    "This file is a drawing or text (SVG, HTML, a script), not a photograph. "
                    "Only JPEG, PNG, WebP and GIF pictures are accepted."
                )
            )
        field_file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(field_file) as image:
                _check_header(image)
                _load_strictly(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The picture has too many pixels to be processed safely."), code="too_many_pixels"
        ) from error
    except Exception as error:
        raise _unreadable() from error
    finally:
        field_file.seek(position)
    try:
        upload._unlops_image_checked = True
    except AttributeError:
        pass


def clean_image(field_file):
    """(bytes, extension) of the picture re-encoded from its pixels alone, turned upright.

    EXIF (with any GPS position, camera serial numbers, the owner's name), XMP, comments and
    anything hidden after the picture's end are left behind; the colour profile and transparency
    are kept. JPEGs are written at quality 90 with the original's chroma subsampling.
    """
    field_file.seek(0)
    with Image.open(field_file) as image:
        image_format = image.format
        keep = {
            key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info
        }
        subsampling = JpegImagePlugin.get_sampling(image) if image_format in {"JPEG", "MPO"} else -1
        _load_strictly(image)
        upright = ImageOps.exif_transpose(image)
    upright.info = {}
    options = {"icc_profile": keep.get("icc_profile")} if keep.get("icc_profile") else {}
    buffer = io.BytesIO()
    if image_format in {"JPEG", "MPO"}:
        if upright.mode not in {"RGB", "L", "CMYK"}:
            upright = upright.convert("RGB")
        if subsampling >= 0:
            options["subsampling"] = subsampling
        upright.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    elif image_format == "WEBP":
        upright.save(buffer, "WEBP", quality=JPEG_QUALITY, method=4, **options)
    else:
        if "transparency" in keep and upright.mode in {"P", "L", "RGB", "1"}:
            options["transparency"] = keep["transparency"]
        upright.save(buffer, image_format, **options)
    field_file.seek(0)
    return buffer.getvalue(), FORMAT_EXTENSIONS[image_format]


def normalized_name(name, extension):
    """'Photo Ladsous Été 2017.JPEG' → 'photo-ladsous-ete-2017.jpg': an ASCII slug of the file's
    own name (no folders, no dots, no NUL), shortened, with the extension of its real format."""
    base = os.path.basename(str(name or "").replace("\\", "/").replace("\x00", ""))
    stem = os.path.splitext(base)[0]
    stem = slugify(stem)[:MAX_NAME_STEM].strip("-_") or "picture"
    return f"{stem}.{extension}"


def stored_name(name, extension):
    """A tidy name with a random part, so that no one finds a draft's picture by guessing it."""
    stem, _, extension = normalized_name(name, extension).rpartition(".")
    return f"{stem}-{get_random_string(10, NAME_ALPHABET)}.{extension}"


class PictureFormField(forms.ImageField):
    """An image upload checked by its content, not its name: the stored name gets the extension
    of the real format, so a JPEG called 'photo.jpeg.php' is stored as 'photo-jpeg.jpg'."""

    default_validators = []

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        validate_image_upload(upload)
        return super().to_python(data)


class PictureField(models.ImageField):
    """An image field whose uploads are checked, then stored cleaned and under a tidy name.

    Whatever the path (the admin, an import, code), a new file is checked with
    ``validate_image_upload`` and re-encoded by ``clean_image`` before it reaches storage, and the
    width and height fields are read from the cleaned, upright picture.
    """

    default_validators = [validate_image_upload]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            validate_image_upload(file)
            data, extension = clean_image(file)
            file.save(stored_name(file.name, extension), ContentFile(data), save=False)
            self.update_dimension_fields(model_instance, force=True)
        return super().pre_save(model_instance, add)


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
