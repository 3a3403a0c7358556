"""Pictures: read from storage only, sized for print, and a broken one never breaks an export."""

import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from newsletters.export import fetcher, formats
from newsletters.export.documents import build, render_source
from newsletters.export.images import (
    ImageLoader,
    fitted_pixels,
    media_url,
    parse_media_url,
    print_pixels,
    resize_jpeg,
)
from newsletters.export.pdf import ExportURLFetcher


def picture(width, height, mode="RGB", fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (10, 120, 200, 128)[: len(mode)]).save(buffer, fmt)
    buffer.seek(0)
    return buffer


def test_print_pixels_at_300_dpi():
    assert print_pixels(25.4) == 300
    assert print_pixels(174) == 2056


def test_fitted_width_respects_frame_height_and_original():
    class Photo:
        width, height = 3000, 2000

    assert fitted_pixels(Photo, max_width_px=2056) == 2056
    assert fitted_pixels(Photo, max_width_px=2056, max_height_px=900) == 1350
    Photo.width, Photo.height = 800, 600
    assert fitted_pixels(Photo, max_width_px=2056) == 800  # Never scaled up.


def test_resize_scales_down_and_never_up():
    large = resize_jpeg(picture(4000, 3000), width=1000)
    assert (large.width, large.height) == (1000, 750)
    small = resize_jpeg(picture(400, 300), width=1000)
    assert (small.width, small.height) == (400, 300)


def test_transparent_png_becomes_a_jpeg_on_white():
    rendition = resize_jpeg(picture(200, 100, mode="RGBA", fmt="PNG"), width=100)
    with Image.open(io.BytesIO(rendition.data)) as image:
        assert image.format == "JPEG"
        assert image.mode == "RGB"


def test_media_addresses_round_trip():
    url = media_url("photos/2017/Šimonović café.jpg", width=969, quality=80)
    assert parse_media_url(url) == ("photos/2017/Šimonović café.jpg", 969, 80)
    with pytest.raises(ValueError):
        parse_media_url("media:x.jpg?w=99999")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/photo.jpg",
        "http://localhost:8000/media/photo.jpg",
        "file:///etc/passwd",
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_every_other_address(url):
    with pytest.raises(PermissionError):
        ExportURLFetcher(ImageLoader(set())).fetch(url)


def test_fetcher_serves_only_the_issues_pictures(db):
    name = default_storage.save("photos/other.jpg", ContentFile(picture(50, 50).read()))
    with pytest.raises(PermissionError):
        ExportURLFetcher(ImageLoader({"photos/mine.jpg"})).fetch(media_url(name, width=50))
    response = ExportURLFetcher(ImageLoader({name})).fetch(media_url(name, width=50))
    assert response.read()[:2] == b"\xff\xd8"


def test_fetcher_serves_static_fonts_but_not_outside_static():
    assert fetcher.resolve("static:fonts/NotoSans-Regular.ttf", None)[1] == "font/ttf"
    with pytest.raises(Exception):  # noqa: B017 - refused by the finders' safe join
        fetcher.resolve("static:../unlops/settings.py", None)


def break_pictures(issue):
    """Overwrite the cover with garbage and delete an article's picture."""
    cover = issue.cover_photo.image.name
    with default_storage.open(cover, "wb") as file:
        file.write(b"this is not a picture")
    article_photo = issue.articles.order_by("position").first().photos.get().image.name
    default_storage.delete(article_photo)
    return cover, article_photo


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_broken_or_missing_picture_gives_a_placeholder_and_a_warning(export_issue, caplog, fmt):
    issue = export_issue[0]
    broken, missing = break_pictures(issue)
    with caplog.at_level(logging.WARNING, logger="newsletters.export.images"):
        built = build(render_source(issue, formats.get(fmt)))
    assert built.data
    assert sorted(built.placeholders) == sorted([broken, missing])
    warnings = [record.getMessage() for record in caplog.records]
    assert any(broken in message and "placeholder" in message for message in warnings)
    assert any(missing in message for message in warnings)
