"""Pictures are sent as renditions made once, WebP with a JPEG fallback, never as the original."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from tests.factories import PhotoFactory
from unlops import codec
from unlops import renditions as images
from unlops.templatetags.pictures import picture

pytestmark = pytest.mark.django_db


def upload(width, height, *, mode="RGB", image_format="JPEG", exif_orientation=None):
    buffer = io.BytesIO()
    image = Image.new(mode, (width, height), (0, 90, 140) if mode == "RGB" else (0, 90, 140, 128))
    options = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        options["exif"] = exif.tobytes()
    image.save(buffer, image_format, **options)
    return ContentFile(buffer.getvalue(), name=f"upload.{image_format.lower()}")


@pytest.fixture
def encodes(monkeypatch):
    calls = []
    original = codec.encode

    def counting(image, encoding):
        calls.append((image.size, encoding.format))
        return original(image, encoding)

    monkeypatch.setattr(codec, "encode", counting)
    return calls


def test_a_large_picture_gets_every_width_in_webp_and_jpeg(encodes):
    photo = PhotoFactory(image=upload(2400, 1200))
    found = images.renditions(photo.image)
    assert [(width, height) for width, height, _names in found] == [
        (480, 240),
        (800, 400),
        (1200, 600),
        (1600, 800),
    ]
    for _width, _height, names in found:
        assert names["webp"].startswith("renditions/") and names["webp"].endswith(".webp")
        with default_storage.open(names["webp"]) as handle:
            assert Image.open(handle).format == "WEBP"
        with default_storage.open(names["jpg"]) as handle:
            assert Image.open(handle).format == "JPEG"
    assert len(encodes) == 8


def test_renditions_are_made_once_and_storage_checked_once(encodes, monkeypatch):
    photo = PhotoFactory(image=upload(1000, 500))
    first = images.renditions(photo.image)
    made = len(encodes)
    assert made == 6  # 480, 800 and the original 1000, in two formats
    exists = []
    monkeypatch.setattr(
        default_storage, "exists", lambda name: exists.append(name) or True, raising=False
    )
    assert images.renditions(photo.image) == first
    assert exists == []  # Known from the cache: storage is not even asked.
    cache.clear()
    assert images.renditions(photo.image) == first
    assert len(exists) == 6  # Asked again after the cache was lost...
    assert len(encodes) == made  # ...but nothing was encoded again.


def test_a_small_picture_is_not_enlarged():
    photo = PhotoFactory(image=upload(300, 200))
    assert [(w, h) for w, h, _ in images.renditions(photo.image)] == [(300, 200)]


def test_transparent_and_rotated_pictures(encodes):
    photo = PhotoFactory(image=upload(600, 400, mode="RGBA", image_format="PNG"))
    assert [(w, h) for w, h, _ in images.renditions(photo.image)] == [(480, 320), (600, 400)]
    rotated = PhotoFactory(image=upload(600, 400, exif_orientation=6))
    found = images.renditions(rotated.image)
    assert [(w, h) for w, h, _ in found] == [(400, 600)]
    with default_storage.open(found[0][2]["jpg"]) as handle:
        assert Image.open(handle).size == (400, 600)


def test_a_missing_original_gives_no_picture_and_no_error():
    photo = PhotoFactory(image=upload(600, 400))
    photo.image.storage.delete(photo.image.name)
    assert images.renditions(photo.image) == []
    assert picture({}, photo.image, alt="x") == ""


def test_picture_tag_has_sources_sizes_dimensions_and_lazy_loading():
    photo = PhotoFactory(image=upload(1000, 500), alt_text='Two "leaders" shake hands')
    html = str(picture({}, photo.image, alt=photo.alt_text, sizes="inset"))
    assert html.startswith('<picture><source type="image/webp" srcset="/media/renditions/')
    assert re.search(r'srcset="[^"]+480w, [^"]+800w, [^"]+1000w"', html)
    assert 'width="1000" height="500"' in html
    assert 'alt="Two &quot;leaders&quot; shake hands"' in html
    assert 'loading="lazy"' in html and "fetchpriority" not in html
    assert '/800.jpg" srcset=' in html  # the fallback src is a middle size
    assert photo.image.url not in html
    eager = str(picture({}, photo.image, alt="", eager=True))
    assert 'fetchpriority="high"' in eager and 'loading="lazy"' not in eager


def test_pages_show_the_first_picture_eagerly_and_the_others_lazily(client, world):
    page = client.get(world.issue.get_absolute_url()).content.decode()
    images_in_page = re.findall(r"<img [^>]+>", page)
    assert len(images_in_page) > 3
    assert 'fetchpriority="high"' in images_in_page[0]
    assert all('loading="lazy"' in tag for tag in images_in_page[1:])
    assert all(re.search(r'width="\d+" height="\d+"', tag) for tag in images_in_page)
    assert "/media/photos/" not in page
