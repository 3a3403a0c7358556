import datetime
import io

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from PIL import Image

from newsletters.models import Article, ArticlePhoto, Issue, Photo, PhotoPerson, Status, Topic
from tests.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    IssueFactory,
    PersonFactory,
    PhotoFactory,
    PhotoPersonFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def hours(n):
    return timezone.now() + datetime.timedelta(hours=n)


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


class TestIssueRules:
    def test_period_must_be_in_order(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            IssueFactory(period_start=D(2017, 5, 1), period_end=D(2016, 10, 31))

    def test_period_of_one_month(self):
        issue = IssueFactory(period_start=D(2017, 5, 1), period_end=D(2017, 5, 1))
        assert issue.period_display == "May 2017"

    def test_clean_names_the_period_end(self):
        issue = IssueFactory.build(period_start=D(2017, 5, 1), period_end=D(2016, 10, 31))
        with pytest.raises(ValidationError) as caught:
            issue.full_clean()
        assert caught.value.message_dict["period_end"] == ["The period ends after it starts."]

    def test_number_is_unique(self):
        IssueFactory(number=7)
        with pytest.raises(IntegrityError), transaction.atomic():
            IssueFactory(number=7, slug="another-slug")

    def test_publishing_without_a_time_publishes_now(self):
        before = timezone.now()
        issue = IssueFactory(status=Status.PUBLISHED, published_at=None)
        assert before <= issue.published_at <= timezone.now()
        assert issue.is_published()

    def test_save_sanitises_the_foreword(self):
        issue = IssueFactory(foreword='<p onclick="x()">Welcome<script>alert(1)</script></p>')
        issue.refresh_from_db()
        assert issue.foreword == "<p>Welcome</p>"

    def test_str_and_period(self):
        issue = IssueFactory(period_start=D(2016, 10, 1), period_end=D(2017, 5, 31))
        assert issue.period_display == "October 2016 – May 2017"
        assert str(issue) == "Newsletter | October 2016 – May 2017"

    def test_masthead(self):
        issue = IssueFactory(period_start=D(2016, 10, 1), period_end=D(2017, 5, 31))
        assert issue.masthead == (
            "United Nations Liaison Office for Peace and Security · Newsletter"
            " | October 2016 – May 2017"
        )

    def test_natural_key_round_trip(self):
        issue = IssueFactory(slug="october-2016-may-2017")
        assert issue.natural_key() == ("october-2016-may-2017",)
        assert Issue.objects.get_by_natural_key("october-2016-may-2017") == issue

    def test_get_absolute_url(self):
        issue = IssueFactory(slug="october-2016-may-2017")
        assert issue.get_absolute_url() == "/issues/october-2016-may-2017/"

    def test_latest_period_first(self):
        older = IssueFactory(period_start=D(2016, 1, 1), period_end=D(2016, 9, 30))
        newer = IssueFactory(period_start=D(2016, 10, 1), period_end=D(2017, 5, 31))
        assert list(Issue.objects.all()) == [newer, older]
        assert Issue.objects.latest() == newer


class TestIssueVisibility:
    @pytest.mark.parametrize(
        ("traits", "public"),
        [
            ({}, False),
            ({"in_review": True}, False),
            ({"scheduled": True}, False),
            ({"published": True}, True),
            ({"status": Status.DRAFT, "published_at": hours(-1)}, False),
        ],
        ids=["draft", "in-review", "scheduled", "published", "draft-with-a-past-date"],
    )
    def test_published_and_is_published_agree(self, traits, public):
        issue = IssueFactory(**traits)
        assert (issue in Issue.objects.published()) is public
        assert issue.is_published() is public

    def test_scheduled_issue_goes_public_at_its_time(self):
        issue = IssueFactory(status=Status.PUBLISHED, published_at=hours(1))
        assert not Issue.objects.published().exists()
        Issue.objects.filter(pk=issue.pk).update(published_at=hours(-1))
        issue.refresh_from_db()
        assert list(Issue.objects.published()) == [issue]
        assert issue.is_published()


class TestArticleRules:
    def test_slug_is_unique_within_an_issue(self):
        article = ArticleFactory(slug="un-eu-conflict-prevention-dialogue")
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(issue=article.issue, slug="un-eu-conflict-prevention-dialogue")

    def test_same_slug_in_another_issue(self):
        ArticleFactory(slug="high-level-visits")
        ArticleFactory(slug="high-level-visits")
        assert Article.objects.filter(slug="high-level-visits").count() == 2

    def test_full_clean_refuses_a_slug_taken_in_the_issue(self):
        article = ArticleFactory(slug="libya")
        duplicate = ArticleFactory.build(issue=article.issue, slug="libya", position=9)
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert caught.value.message_dict[NON_FIELD_ERRORS] == [
            "Article with this Issue and Slug already exists."
        ]

    def test_position_is_unique_within_an_issue(self):
        article = ArticleFactory(position=3)
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(issue=article.issue, position=3)

    def test_position_zero_may_repeat(self):
        article = ArticleFactory(position=0)
        ArticleFactory(issue=article.issue, position=0)
        assert article.issue.articles.filter(position=0).count() == 2

    def test_same_position_in_another_issue(self):
        ArticleFactory(position=1)
        ArticleFactory(position=1)
        assert Article.objects.filter(position=1).count() == 2

    def test_full_clean_refuses_a_position_taken_in_the_issue(self):
        article = ArticleFactory(position=2)
        duplicate = ArticleFactory.build(issue=article.issue, slug="other", position=2)
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert caught.value.message_dict[NON_FIELD_ERRORS] == [
            "Another article already has this position in the issue."
        ]

    def test_factory_numbers_articles_within_their_issue(self):
        issue = IssueFactory()
        positions = [a.position for a in ArticleFactory.create_batch(3, issue=issue)]
        assert positions == [1, 2, 3]
        assert ArticleFactory().position == 1

    def test_save_fills_the_slug_from_the_title(self):
        article = ArticleFactory(slug="", title="UN-EU Conflict Prevention Dialogue")
        assert article.slug == "un-eu-conflict-prevention-dialogue"

    def test_deleting_the_issue_deletes_its_articles(self):
        article = ArticleFactory()
        article.issue.delete()
        assert not Article.objects.exists()


class TestArticleBody:
    def test_save_removes_scripts_handlers_and_javascript_links(self):
        article = ArticleFactory(
            body=(
                '<p onclick="steal()">Jean-Pierre Lacroix met '
                '<a href="javascript:alert(1)">Steven Vandeput</a>.</p>'
                "<script>alert(document.cookie)</script>"
            )
        )
        article.refresh_from_db()
        assert "<script" not in article.body
        assert "onclick" not in article.body
        assert "javascript:" not in article.body
        assert "Jean-Pierre Lacroix met" in article.body
        assert "Steven Vandeput" in article.body

    def test_save_keeps_allowed_markup(self):
        body = (
            "<h2>Libya</h2><p><strong>UNSMIL</strong> briefed the "
            '<abbr title="Political and Security Committee">PSC</abbr>.</p>'
            "<ul><li>Mali</li><li>Somalia</li></ul>"
        )
        article = ArticleFactory(body=body)
        article.refresh_from_db()
        assert article.body == body

    def test_empty_editor_markup_is_saved_as_empty(self):
        article = ArticleFactory(body="<p></p>")
        article.refresh_from_db()
        assert article.body == ""


class TestArticleVisibility:
    @pytest.mark.parametrize(
        ("article_traits", "issue_traits", "public"),
        [
            ({"published": True}, {"published": True}, True),
            ({"status": Status.PUBLISHED, "published_at": None}, {"published": True}, True),
            ({}, {"published": True}, False),
            ({"status": Status.REVIEW}, {"published": True}, False),
            ({"scheduled": True}, {"published": True}, False),
            ({"published": True}, {}, False),
            ({"published": True}, {"in_review": True}, False),
            ({"published": True}, {"scheduled": True}, False),
        ],
        ids=[
            "both-published",
            "published-without-go-live",
            "draft-in-published-issue",
            "in-review-in-published-issue",
            "go-live-in-future",
            "published-in-draft-issue",
            "published-in-issue-in-review",
            "published-in-scheduled-issue",
        ],
    )
    def test_published_and_is_published_agree(self, article_traits, issue_traits, public):
        article = ArticleFactory(issue=IssueFactory(**issue_traits), **article_traits)
        assert (article in Article.objects.published()) is public
        assert article.is_published() is public

    def test_published_factory_trait_publishes_the_issue_too(self):
        article = ArticleFactory(published=True)
        assert article.issue.is_published()
        assert list(Article.objects.published()) == [article]

    def test_published_issue_fixture(self, published_issue):
        articles = list(published_issue.articles.all())
        assert len(articles) == 2
        assert list(Article.objects.published()) == articles


class TestArticleDisplay:
    def test_str(self):
        assert str(ArticleFactory(title="UN-EU Conflict Prevention Dialogue")) == (
            "UN-EU Conflict Prevention Dialogue"
        )

    def test_natural_key(self):
        article = ArticleFactory(issue=IssueFactory(slug="2017-may"), slug="libya")
        assert article.natural_key() == ("2017-may", "libya")

    def test_get_absolute_url(self):
        article = ArticleFactory(issue=IssueFactory(slug="2017-may"), slug="libya")
        assert article.get_absolute_url() == "/issues/2017-may/libya/"


class TestTopic:
    def test_save_fills_the_slug(self):
        assert Topic.objects.create(name="Women, peace and security").slug == (
            "women-peace-and-security"
        )

    def test_name_is_unique(self):
        TopicFactory(name="Libya", slug="libya")
        with pytest.raises(IntegrityError), transaction.atomic():
            TopicFactory(name="Libya", slug="libya-2")

    def test_str(self):
        assert str(TopicFactory(name="Central African Republic")) == "Central African Republic"

    def test_natural_key_round_trip(self):
        topic = TopicFactory(name="Libya", slug="libya")
        assert topic.natural_key() == ("libya",)
        assert Topic.objects.get_by_natural_key("libya") == topic

    def test_get_absolute_url(self):
        assert TopicFactory(name="Libya", slug="libya").get_absolute_url() == "/topics/libya/"


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
