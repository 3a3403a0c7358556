"""The one codec: web renditions and export pictures decode, turn, flatten and encode alike."""

import io

import pytest
from PIL import Image

from newsletters.export import images as export_images
from unlops import codec


def saved(image, image_format="PNG", **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    buffer.seek(0)
    return buffer


def test_transparency_is_flattened_on_white():
    clear = Image.new("RGBA", (20, 10), (255, 0, 0, 0))
    image = codec.decode(saved(clear))
    assert image.mode == "RGB"
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_a_turned_picture_comes_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # Taken with the camera on its side.
    file = saved(Image.new("RGB", (40, 20)), "JPEG", exif=exif)
    assert codec.oriented_size(file) == (20, 40)
    file.seek(0)
    assert codec.decode(file).size == (20, 40)


def test_a_decompression_bomb_is_refused(monkeypatch):
    file = saved(Image.new("RGB", (100, 100)))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 6000)  # Warns past 6,000, fails past 12,000.
    with pytest.raises(Image.DecompressionBombWarning):
        codec.decode(file)


def test_fit_width_scales_down_only():
    image = Image.new("RGB", (400, 300))
    assert codec.fit_width(image, 100).size == (100, 75)
    assert codec.fit_width(image, 800) is image


def test_named_settings_keep_their_qualities():
    assert (codec.WEB_JPEG.quality, codec.WEB_JPEG.progressive) == (80, True)
    assert codec.WEB_WEBP.quality == 78
    assert codec.export_jpeg(72) == codec.Encoding("JPEG", quality=72, progressive=False)
    data = codec.encode(Image.new("RGB", (8, 8)), codec.WEB_WEBP)
    assert Image.open(io.BytesIO(data)).format == "WEBP"


def test_exports_use_the_codec(monkeypatch):
    calls = []
    original = codec.encode

    def spy(image, encoding):
        calls.append(encoding)
        return original(image, encoding)

    monkeypatch.setattr(codec, "encode", spy)
    rendition = export_images.resize_jpeg(saved(Image.new("RGB", (300, 200))), width=150)
    assert calls == [codec.export_jpeg(export_images.JPEG_QUALITY)]
    assert (rendition.width, rendition.height, rendition.mime_type) == (150, 100, "image/jpeg")
