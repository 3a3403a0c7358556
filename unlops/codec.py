"""Reading and writing pictures with Pillow: the one codec behind web renditions and exports.

A stored picture is decoded with a decompression bomb refused, turned upright from its EXIF
orientation, flattened on white if it has transparency, scaled down with LANCZOS and encoded
with one of the named settings below. Callers choose sizes; this module only does pixels.
"""

import io
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageOps

# EXIF orientations that swap width and height (turned a quarter).
QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Encoding:
    """How a picture is written: Pillow's format name and its options."""

    format: str  # "JPEG" or "WEBP"
    quality: int
    progressive: bool = False  # JPEG: drawn coarse to fine as it arrives.
    method: int = 4  # WebP: effort, 0 (fast) to 6 (small).

    @property
    def mime_type(self):
        return Image.MIME[self.format]

    def options(self):
        if self.format == "WEBP":
            return {"quality": self.quality, "method": self.method}
        return {"quality": self.quality, "optimize": True, "progressive": self.progressive}


# Pages: progressive JPEG and WebP, as browsers pick from a srcset.
WEB_JPEG = Encoding("JPEG", quality=80, progressive=True)
WEB_WEBP = Encoding("WEBP", quality=78)


def export_jpeg(quality):
    """Exports: a baseline JPEG at the quality of the export's image profile."""
    return Encoding("JPEG", quality=quality)


def oriented_size(file):
    """(width, height) of a picture as displayed, after any EXIF turn; reads only the header."""
    with _refusing_bombs(), Image.open(file) as image:
        width, height = image.size
        if image.getexif().get(0x0112) in QUARTER_TURNS:
            width, height = height, width
    return width, height


def decode(file, *, draft_width=None):
    """The picture in ``file`` as an upright RGB image, transparency flattened on white.

    ``draft_width`` lets the JPEG decoder scale down on its own to about that width, far faster
    on camera-sized files when only one smaller size is wanted.
    """
    with _refusing_bombs(), Image.open(file) as image:
        image.seek(0)
        if draft_width and image.format == "JPEG":
            height = max(1, image.height * draft_width // max(image.width, 1))
            image.draft("RGB", (draft_width, height))
        return flatten(ImageOps.exif_transpose(image))


def flatten(image):
    """``image`` in RGB, any transparent parts on white."""
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


def fit_width(image, width, *, reducing_gap=None):
    """``image`` scaled down to ``width`` pixels if it is wider, its proportions kept.

    ``reducing_gap`` trades a little sharpness for speed on large reductions (Pillow's option).
    """
    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=reducing_gap)


def crop_box(size, ratio, focus=(0.5, 0.5)):
    """The largest box of proportions ``ratio`` (width, height) inside a picture of ``size``,
    centred on ``focus`` (x and y as fractions of the width and height) as nearly as the picture's
    edges allow: (left, top, right, bottom)."""
    width, height = size
    ratio_width, ratio_height = ratio
    box_width = min(width, round(height * ratio_width / ratio_height))
    box_height = min(height, round(width * ratio_height / ratio_width))
    box_width, box_height = max(1, box_width), max(1, box_height)
    x, y = (min(1.0, max(0.0, float(value))) for value in focus)
    left = min(max(0, round(x * width - box_width / 2)), width - box_width)
    top = min(max(0, round(y * height - box_height / 2)), height - box_height)
    return left, top, left + box_width, top + box_height


def crop(image, ratio, focus=(0.5, 0.5)):
    """``image`` cut to proportions ``ratio`` around its focal point (see :func:`crop_box`)."""
    box = crop_box(image.size, ratio, focus)
    return image if box == (0, 0, *image.size) else image.crop(box)


def encode(image, encoding):
    buffer = io.BytesIO()
    image.save(buffer, encoding.format, **encoding.options())
    return buffer.getvalue()


@contextmanager
def _refusing_bombs():
    """Pillow only warns about a picture past its pixel limit; here that refuses it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield
