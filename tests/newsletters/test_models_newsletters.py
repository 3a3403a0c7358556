import datetime
import io

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from newsletters.models import Article, Issue, Status, Topic
from tests.factories import (
    ArticleFactory,
    IssueFactory,
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
        assert str(issue) == "October 2016 – May 2017"

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
