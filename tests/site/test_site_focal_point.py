"""A photo's focal point decides every crop: the archive's cover cards and the Open Graph image."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from tests.factories import ArticleFactory, IssueFactory, PhotoFactory, UserFactory
from unlops import codec, media
from unlops import renditions as images

pytestmark = pytest.mark.django_db

RED, GREEN, BLUE = (220, 0, 0), (0, 200, 0), (0, 0, 220)


def three_bands(width=900, height=300):
    """A wide picture: red on the left third, green in the middle, blue on the right."""
    image = Image.new("RGB", (width, height), GREEN)
    image.paste(RED, (0, 0, width // 3, height))
    image.paste(BLUE, (2 * width // 3, 0, width, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="bands.png")


def colour_of(name, at=(0.5, 0.5)):
    with default_storage.open(name) as handle, Image.open(handle) as image:
        image = image.convert("RGB")
        x, y = round(at[0] * (image.width - 1)), round(at[1] * (image.height - 1))
        return image.getpixel((x, y))


def near(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_the_crop_box_follows_the_focal_point_and_stays_inside():
    assert codec.crop_box((900, 300), (3, 2), (0.5, 0.5)) == (225, 0, 675, 300)
    assert codec.crop_box((900, 300), (3, 2), (0.0, 0.5)) == (0, 0, 450, 300)
    assert codec.crop_box((900, 300), (3, 2), (0.9, 0.5)) == (450, 0, 900, 300)
    # A tall picture is cut in height, around the point, never past an edge.
    assert codec.crop_box((300, 900), (3, 2), (0.5, 0.1)) == (0, 0, 300, 200)
    assert codec.crop_box((300, 900), (3, 2), (0.5, 0.5)) == (0, 350, 300, 550)


def test_two_focal_points_give_two_different_crops():
    left = PhotoFactory(image=three_bands(), focal_point_x=0.1, focal_point_y=0.5)
    right = PhotoFactory(image=three_bands(), focal_point_x=0.9, focal_point_y=0.5)
    left_found = images.renditions(left.image, crop="3:2", focus=left.focal_point)
    right_found = images.renditions(right.image, crop="3:2", focus=right.focal_point)
    assert [(w, h) for w, h, _ in left_found] == [(450, 300)]
    assert [(w, h) for w, h, _ in right_found] == [(450, 300)]
    left_jpeg, right_jpeg = left_found[0][2]["jpg"], right_found[0][2]["jpg"]
    # The left point keeps the red band in the picture's first quarter; the right one the blue.
    assert near(colour_of(left_jpeg, (0.2, 0.5)), RED)
    assert near(colour_of(right_jpeg, (0.8, 0.5)), BLUE)
    assert not near(colour_of(left_jpeg, (0.9, 0.5)), BLUE)
    assert "/3x2-10-50/" in left_jpeg and "/3x2-90-50/" in right_jpeg


def test_moving_the_focal_point_changes_the_cover_card_and_the_open_graph_image(client):
    cover = PhotoFactory(image=three_bands(1800, 900), focal_point_x=0.0)
    issue = IssueFactory(published=True, cover_photo=cover)
    ArticleFactory(issue=issue, published=True)

    def card_and_og():
        archive = client.get(reverse("newsletters:issue-list")).content.decode()
        card = re.search(r'<img src="(/media/[^"]+\.jpg)"', archive).group(1)
        page = client.get(issue.get_absolute_url()).content.decode()
        og = re.search(r'<meta property="og:image" content="https?://[^/]+(/media/[^"]+)"', page)
        return card, og.group(1)

    card, og = card_and_og()
    assert near(colour_of(media_name(card), (0.1, 0.5)), RED)
    assert near(colour_of(media_name(og), (0.1, 0.5)), RED)
    cover.focal_point_x = 1.0
    cover.save()  # A save bumps the content version: the pages are made again.
    moved_card, moved_og = card_and_og()
    assert moved_card != card and moved_og != og
    assert near(colour_of(media_name(moved_card), (0.9, 0.5)), BLUE)
    assert near(colour_of(media_name(moved_og), (0.9, 0.5)), BLUE)
    with default_storage.open(media_name(moved_og)) as handle:
        assert Image.open(handle).size == (1200, 630)


def media_name(address):
    return address.removeprefix("/media/")


def test_a_cropped_rendition_belongs_to_its_photo_and_follows_its_rights(client):
    draft = PhotoFactory(image=three_bands())
    name = images.renditions(draft.image, crop="3:2", focus=(0.2, 0.7))[0][2]["webp"]
    assert images.original_of(name) == draft.image.name
    assert media.owner_of(name) == draft
    assert client.get(media.url(name)).status_code == 404  # A draft's picture: not public.
    client.force_login(UserFactory(role="Contributor"))
    assert client.get(media.url(name)).status_code == 200


def test_a_focal_point_outside_the_picture_is_refused_by_the_database():
    photo = PhotoFactory()
    photo.focal_point_x = 1.5
    with pytest.raises(IntegrityError), transaction.atomic():
        photo.save()
