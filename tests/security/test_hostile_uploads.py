"""Hostile uploads: refused with a clear message and nothing stored; good ones stored cleaned.

Every bad file goes through the admin's add form as a contributor (or an editor for portraits),
as an attacker with a stolen account would send it.
"""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms

from newsletters.models import Photo
from people.models import Person
from tests.factories import PersonFactory, PhotoFactory, UserFactory
from unlops.images import clean_image, normalized_name, validate_image_upload

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def picture(width=64, height=48, image_format="JPEG", mode="RGB", **save):
    buffer = io.BytesIO()
    image = Image.new(mode, (width, height), "navy" if mode != "1" else 0)
    if mode == "RGB":
        image.paste((200, 30, 30), (0, 0, width // 4, height // 4))  # A red top-left corner.
    image.save(buffer, image_format, **save)
    return buffer.getvalue()


def exif_with_gps(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x013B] = "Photographer's Name"  # Artist
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (50.0, 50.0, 18.0)  # Brussels, near the Berlaymont.
    gps[3] = "E"
    gps[4] = (4.0, 22.0, 58.0)
    return exif


def png_bomb(width=60_000, height=60_000):
    """A PNG that declares a picture of width × height pixels in a few dozen bytes."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def animated_gif():
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (16, 16), colour).convert("P") for colour in ("red", "blue")]
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
PHP = b"<?php system($_GET['c']); ?>"
JPEG = picture(image_format="JPEG")

BAD_UPLOADS = {
    "svg": ("flags.svg", SVG, "not a photograph"),
    "svg named .jpg": ("flags.jpg", SVG, "not a photograph"),
    "html named .jpg": ("flags.jpg", HTML, "not a photograph"),
    "php named .jpg": ("shell.php.jpg", PHP, "not a photograph"),
    "php after whitespace": ("shell.jpg", b"\n\n  " + PHP, "not a photograph"),
    "text": ("notes.jpg", b"just some words", "not a picture that can be read"),
    "truncated jpeg": ("cut.jpg", JPEG[: len(JPEG) // 2], "not a picture that can be read"),
    "bmp": ("flags.bmp", picture(image_format="BMP"), "Only JPEG, PNG, WebP and GIF"),
    "tiff": ("flags.tif", picture(image_format="TIFF"), "Only JPEG, PNG, WebP and GIF"),
    "png bomb": ("bomb.png", png_bomb(), "too many pixels"),
    "png over the limit": ("big.png", png_bomb(8_000, 8_000), "8000 × 8000 pixels"),
    "animated gif": ("moving.gif", animated_gif(), "Animated pictures are not accepted"),
    "empty": ("empty.jpg", b"", "The submitted file is empty"),
}


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def formset_management(response):
    """The management forms of the page's inlines, with no inline rows."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.management_form.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def add_photo(client, name, content):
    url = reverse("admin:newsletters_photo_add")
    data = formset_management(client.get(url))
    data.update(
        image=SimpleUploadedFile(name, content),
        alt_text="Two officials shake hands in front of flags",
        caption="USG Jean-Pierre Lacroix and Defence Minister Steven Vandeput",
        credit="Belgian Defence Ministry",
        taken_on_precision="day",  # The select's preselected value, as a browser posts it.
        _save="Save",
    )
    return client.post(url, data)


@pytest.fixture
def contributor(client):
    client.force_login(UserFactory(role="Contributor"))
    return client


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_bad_photo_upload_gives_a_message_and_stores_nothing(contributor, settings, case):
    name, content, message = BAD_UPLOADS[case]
    response = add_photo(contributor, name, content)
    assert response.status_code == 200  # The form again, not a redirect.
    errors = response.context["adminform"].form.errors["image"]
    assert any(message in error for error in errors), errors
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def test_too_large_a_file_is_refused(contributor, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = len(JPEG) - 1
    response = add_photo(contributor, "flags.jpg", JPEG)
    assert "the largest accepted is" in str(response.context["adminform"].form.errors["image"])
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize("case", ["svg named .jpg", "png bomb", "php named .jpg"])
def test_bad_portrait_upload_is_refused_too(client, settings, case):
    client.force_login(UserFactory(role="Editor"))
    name, content, message = BAD_UPLOADS[case]
    url = reverse("admin:people_person_add")
    data = formset_management(client.get(url))
    data.update(
        name="Ivan Šimonović", slug="ivan-simonovic", portrait=SimpleUploadedFile(name, content)
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["portrait"])
    assert Person.objects.count() == 0
    assert media_files(settings) == []


def test_good_upload_through_the_admin_is_stored_cleaned(contributor, settings):
    content = picture(64, 48, "JPEG", exif=exif_with_gps(), quality=95)
    with Image.open(io.BytesIO(content)) as original:
        assert original.getexif().get_ifd(GPS_IFD)  # The upload does carry a position.
    response = add_photo(contributor, "Photo Ladsous Été 2017.JPEG", content)
    assert response.status_code == 302, response.context["adminform"].form.errors
    photo = Photo.objects.get()
    assert photo.image.name.startswith("photos/")
    assert re.fullmatch(r"photos/\d{4}/photo-ladsous-ete-2017-[a-z2-9]{10}\.jpg", photo.image.name)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert 0x010F not in exif and 0x013B not in exif
        assert GPS_IFD not in exif
    assert (photo.width, photo.height) == (64, 48)
    assert media_files(settings) == [photo.image.name]


def test_gps_and_camera_details_are_gone_from_every_format(tmp_path):
    for image_format in ("JPEG", "PNG", "WEBP"):
        content = picture(image_format=image_format, exif=exif_with_gps())
        with Image.open(io.BytesIO(content)) as original:
            assert original.getexif().get_ifd(GPS_IFD), image_format
        data, extension = clean_image(io.BytesIO(content))
        assert extension == {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
        assert b"Canon" not in data and b"Photographer" not in data
        with Image.open(io.BytesIO(data)) as cleaned:
            assert cleaned.format == image_format
            assert not cleaned.getexif().get_ifd(GPS_IFD)
            assert "exif" not in cleaned.info and "xmp" not in cleaned.info


def test_jpeg_comment_xmp_and_trailing_data_are_dropped():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><secret>Berlaymont 13th floor</secret></x:xmpmeta>'
    content = picture(image_format="JPEG", comment=b"owner: j.doe", xmp=xmp)
    content += b"<?php system($_GET['c']); ?>"  # Hidden after the picture's end.
    validate_image_upload(SimpleUploadedFile("polyglot.jpg", content))
    data, _extension = clean_image(io.BytesIO(content))
    assert b"j.doe" not in data and b"Berlaymont" not in data and b"<?php" not in data


def test_rotated_jpeg_is_stored_upright_with_width_and_height_swapped(settings):
    # A camera held upright writes a landscape sensor image and Orientation=6 (rotate 90° CW).
    content = picture(64, 48, "JPEG", exif=exif_with_gps(orientation=6), quality=95)
    photo = PhotoFactory(image=SimpleUploadedFile("portrait.jpg", content))
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (48, 64)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (48, 64)
        assert ORIENTATION not in image.getexif()
        # The red corner, top-left in the sensor's picture, is top-right once turned upright.
        red, green, _blue = image.convert("RGB").getpixel((44, 3))
        assert red > 150 and green < 100


def test_colour_profile_and_transparency_are_kept():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data, _ = clean_image(io.BytesIO(picture(image_format="JPEG", icc_profile=profile)))
    with Image.open(io.BytesIO(data)) as image:
        assert image.info.get("icc_profile") == profile
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(buffer, "PNG")
    data, extension = clean_image(io.BytesIO(buffer.getvalue()))
    with Image.open(io.BytesIO(data)) as image:
        assert extension == "png" and image.mode == "RGBA"
        assert image.getpixel((1, 1))[3] == 0


def test_a_jpeg_is_reencoded_at_high_quality():
    content = picture(400, 300, "JPEG", quality=95)
    data, _ = clean_image(io.BytesIO(content))
    with Image.open(io.BytesIO(data)) as image:
        reference = Image.open(io.BytesIO(picture(8, 8, "JPEG", quality=90)))
        assert image.quantization == reference.quantization


@pytest.mark.parametrize(
    ("given", "extension", "expected"),
    [
        ("Photo Ladsous Été 2017.JPEG", "jpg", "photo-ladsous-ete-2017.jpg"),
        ("../../etc/passwd", "png", "passwd.png"),
        ("..\\..\\windows\\win.ini", "jpg", "win.jpg"),
        ("evil\x00.php.jpg", "jpg", "evilphp.jpg"),
        ("shell.php", "gif", "shell.gif"),
        ("Ivan Šimonović, Brüssel.webp", "webp", "ivan-simonovic-brussel.webp"),
        ("خريطة.png", "png", "picture.png"),
        ("....", "jpg", "picture.jpg"),
        ("a" * 300 + ".jpg", "jpg", "a" * 60 + ".jpg"),
    ],
)
def test_file_names_are_normalised(given, extension, expected):
    assert normalized_name(given, extension) == expected


def test_stored_name_takes_the_real_format_and_stays_in_its_folder(settings):
    png = picture(image_format="PNG")
    photo = PhotoFactory(image=SimpleUploadedFile("../../Flags At Night.JPG", png))
    folder, name = photo.image.name.rsplit("/", 1)
    assert folder.startswith("photos/") and ".." not in folder
    assert re.fullmatch(r"flags-at-night-[a-z2-9]{10}\.png", name)  # A random part: unguessable.
    person = PersonFactory(portrait=SimpleUploadedFile("Ivan Šimonović.JPEG", JPEG))
    assert re.fullmatch(r"people/ivan-simonovic-[a-z2-9]{10}\.jpg", person.portrait.name)
    assert sorted(media_files(settings)) == sorted([photo.image.name, person.portrait.name])


def test_a_file_saved_from_code_is_checked_too(settings):
    with pytest.raises(ValidationError):
        PhotoFactory(image=SimpleUploadedFile("flags.jpg", SVG))
    assert media_files(settings) == []


def test_stored_pictures_are_not_checked_again(settings):
    photo = PhotoFactory()
    name = photo.image.name
    photo.caption = "Another caption"
    photo.full_clean()
    photo.save()
    assert photo.image.name == name
    assert media_files(settings) == [name]
