"""Photos: who sees them, their files, the people pictured and their place in articles."""

import datetime
import io

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from PIL import Image

from newsletters.models import ArticlePhoto, Photo, PhotoPerson
from tests.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    IssueFactory,
    PersonFactory,
    PhotoFactory,
    PhotoPersonFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def hours(n):
    return timezone.now() + datetime.timedelta(hours=n)


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


class TestPhotoVisibility:
    def test_used_by_a_public_article(self):
        use = ArticlePhotoFactory(article=ArticleFactory(published=True))
        assert list(Photo.objects.published()) == [use.photo]
        assert use.photo.is_published()

    @pytest.mark.parametrize(
        ("article_traits", "issue_traits"),
        [
            ({}, {"published": True}),
            ({"scheduled": True}, {"published": True}),
            ({"published": True}, {}),
        ],
        ids=["draft-article", "scheduled-article", "published-article-in-draft-issue"],
    )
    def test_used_only_by_a_hidden_article(self, article_traits, issue_traits):
        article = ArticleFactory(issue=IssueFactory(**issue_traits), **article_traits)
        use = ArticlePhotoFactory(article=article)
        assert not Photo.objects.published().exists()
        assert not use.photo.is_published()

    def test_cover_of_a_public_issue(self):
        photo = PhotoFactory()
        IssueFactory(published=True, cover_photo=photo)
        assert list(Photo.objects.published()) == [photo]
        assert photo.is_published()

    @pytest.mark.parametrize("traits", [{}, {"in_review": True}, {"scheduled": True}])
    def test_cover_of_a_hidden_issue(self, traits):
        photo = PhotoFactory()
        IssueFactory(cover_photo=photo, **traits)
        assert not Photo.objects.published().exists()
        assert not photo.is_published()

    def test_unused_photo(self):
        photo = PhotoFactory()
        assert not Photo.objects.published().exists()
        assert not photo.is_published()

    def test_photo_used_twice_is_listed_once(self, published_issue):
        photo = PhotoFactory()
        for article in published_issue.articles.all():
            ArticlePhotoFactory(article=article, photo=photo)
        published_issue.cover_photo = photo
        published_issue.save()
        assert list(Photo.objects.published()).count(photo) == 1

    def test_published_issue_fixture(self, published_issue):
        public = set(Photo.objects.published())
        assert len(public) == 3
        assert published_issue.cover_photo in public
        assert all(photo.is_published() for photo in public)


class TestPhoto:
    def test_stores_width_and_height(self):
        photo = PhotoFactory(image__width=60, image__height=45)
        photo.refresh_from_db()
        assert (photo.width, photo.height) == (60, 45)

    def test_image_is_stored_under_the_media_root(self, settings):
        photo = PhotoFactory()
        assert photo.image.path.startswith(str(settings.MEDIA_ROOT))
        with Image.open(photo.image.path) as image:
            assert image.format == "JPEG"

    def test_full_clean_refuses_an_svg(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'
        photo = PhotoFactory.build(image=SimpleUploadedFile("flags.svg", svg))
        with pytest.raises(ValidationError) as caught:
            photo.full_clean()
        assert list(caught.value.message_dict) == ["image"]

    def test_full_clean_refuses_too_many_pixels(self, settings):
        settings.PHOTO_MAX_PIXELS = 100
        photo = PhotoFactory.build(image=SimpleUploadedFile("flags.png", png(20, 20)))
        with pytest.raises(ValidationError) as caught:
            photo.full_clean()
        assert "20 × 20" in caught.value.message_dict["image"][0]

    def test_full_clean_accepts_a_small_png(self):
        PhotoFactory.build(image=SimpleUploadedFile("flags.png", png(20, 20))).full_clean()

    def test_photo_used_by_an_article_cannot_be_deleted(self):
        use = ArticlePhotoFactory()
        with pytest.raises(ProtectedError):
            use.photo.delete()

    def test_cover_photo_cannot_be_deleted(self):
        issue = IssueFactory(cover_photo=PhotoFactory())
        with pytest.raises(ProtectedError):
            issue.cover_photo.delete()

    def test_str_is_the_caption(self):
        assert str(PhotoFactory(caption="Valletta, 26 April 2017")) == "Valletta, 26 April 2017"

    def test_str_shortens_a_long_caption(self):
        text = str(PhotoFactory(caption="x" * 81))
        assert text == "x" * 79 + "…"
        assert len(text) == 80

    def test_str_keeps_an_80_character_caption(self):
        assert str(PhotoFactory(caption="y" * 80)) == "y" * 80

    def test_str_falls_back_to_the_file_name(self):
        photo = PhotoFactory(caption="")
        assert str(photo) == photo.image.name
        assert photo.image.name.startswith("photos/")

    def test_has_no_public_address_of_its_own(self):
        # Its original is for staff; readers see renditions on the pages that use it.
        assert not hasattr(PhotoFactory(), "get_absolute_url")

    def test_credit_line_and_date(self):
        photo = PhotoFactory(credit="European Parliament", taken_on=D(2017, 5, 17))
        assert photo.credit_line == "Credit: European Parliament"
        assert photo.taken_on_display == "17 May 2017"
        assert PhotoFactory(credit="").credit_line == ""


class TestPhotoPeople:
    def test_a_person_is_pictured_once_per_photo(self):
        pictured = PhotoPersonFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            PhotoPersonFactory(photo=pictured.photo, person=pictured.person)

    def test_full_clean_refuses_a_person_twice(self):
        pictured = PhotoPersonFactory()
        with pytest.raises(ValidationError) as caught:
            PhotoPerson(photo=pictured.photo, person=pictured.person, position=5).full_clean()
        assert caught.value.message_dict[NON_FIELD_ERRORS] == [
            "Person pictured with this Photo and Person already exists."
        ]

    def test_people_in_order_from_the_left(self):
        photo = PhotoFactory()
        lacroix = PersonFactory(name="Jean-Pierre Lacroix")
        abela = PersonFactory(name="Carmelo Abela")
        mogherini = PersonFactory(name="Federica Mogherini")
        PhotoPersonFactory(photo=photo, person=mogherini, position=3)
        PhotoPersonFactory(photo=photo, person=abela, position=1)
        PhotoPersonFactory(photo=photo, person=lacroix, position=2)
        assert [p.person for p in photo.pictured.all()] == [abela, lacroix, mogherini]

    def test_pictured_person_cannot_be_deleted(self):
        pictured = PhotoPersonFactory()
        with pytest.raises(ProtectedError):
            pictured.person.delete()

    def test_str(self):
        pictured = PhotoPersonFactory(person=PersonFactory(name="Federica Mogherini"))
        assert str(pictured) == f"Federica Mogherini in photo {pictured.photo_id}"


class TestArticlePhoto:
    def test_a_photo_is_used_once_per_article(self):
        use = ArticlePhotoFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticlePhotoFactory(article=use.article, photo=use.photo)

    def test_same_photo_in_two_articles(self):
        use = ArticlePhotoFactory()
        ArticlePhotoFactory(photo=use.photo)
        assert ArticlePhoto.objects.filter(photo=use.photo).count() == 2

    def test_photos_in_article_order(self):
        article = ArticleFactory()
        inset = ArticlePhotoFactory(article=article, position=2, placement=Photo.Placement.INSET)
        full = ArticlePhotoFactory(article=article, position=1)
        assert list(article.article_photos.all()) == [full, inset]

    def test_str(self):
        use = ArticlePhotoFactory(
            photo=PhotoFactory(caption="Valletta, 26 April 2017"),
            article=ArticleFactory(title="UN-EU Conflict Prevention Dialogue"),
        )
        assert str(use) == "Valletta, 26 April 2017 in UN-EU Conflict Prevention Dialogue"
