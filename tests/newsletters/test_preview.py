"""Staff previews: signed links that expire, show drafts as the public will, never cached."""

import time
from unittest import mock

import pytest
from django.urls import reverse

from newsletters.preview import make_token, preview_url
from tests.factories import ArticleFactory, IssueFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_article():
    return ArticleFactory(title="UN-EU Steering Committee on Crisis Management", body="<p>Met.</p>")


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_a_draft_is_hidden_from_the_public_but_shown_by_its_preview_link(client, draft_article):
    assert client.get(draft_article.get_absolute_url()).status_code == 404
    response = client.get(preview_url(draft_article))
    assert response.status_code == 200
    content = response.content.decode()
    assert draft_article.title in content
    assert "Preview, not public" in content
    assert '<meta name="robots" content="noindex' in content
    assert_private(response)


def test_an_issue_preview_shows_every_article_including_drafts(client):
    issue = IssueFactory()
    ArticleFactory(issue=issue, title="Brussels political update")
    ArticleFactory(issue=issue, title="NATO update", status="review")
    response = client.get(preview_url(issue))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Brussels political update" in content and "NATO update" in content
    assert client.get(issue.get_absolute_url()).status_code == 404


def test_an_expired_link_says_so(client, draft_article, settings):
    settings.PREVIEW_LINK_SECONDS = 3600
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 7200):
        token = make_token(draft_article)
    response = client.get(reverse("newsletters:preview", args=[token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert draft_article.title not in response.content.decode()
    assert_private(response)


def test_a_tampered_link_is_not_found(client, draft_article):
    token = make_token(draft_article)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(reverse("newsletters:preview", args=[forged])).status_code == 404
    other = ArticleFactory(title="Someone else's draft")
    # A token names its object inside the signature: swapping the id breaks it.
    swapped = make_token(other).split(":")[0] + ":" + ":".join(token.split(":")[1:])
    assert client.get(reverse("newsletters:preview", args=[swapped])).status_code == 404


def test_a_preview_is_never_cached(client, draft_article):
    url = preview_url(draft_article)
    assert draft_article.title in client.get(url).content.decode()
    draft_article.title = "A corrected title"
    draft_article.save()
    assert "A corrected title" in client.get(url).content.decode()


def test_the_html_export_preview_includes_drafts(client, draft_article, download):
    response = download(client, preview_url(draft_article.issue, "html"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert draft_article.title in body
    assert_private(response)
    assert client.get(preview_url(draft_article.issue, "exe")).status_code == 404


def test_robots_txt_keeps_crawlers_out_of_previews(client):
    assert "Disallow: /preview/" in client.get("/robots.txt").content.decode()


def test_the_admin_page_offers_the_preview_link(client, draft_article):
    client.force_login(UserFactory(role="Contributor"))
    page = client.get(reverse("admin:newsletters_article_change", args=[draft_article.pk]))
    assert "/preview/" in page.content.decode()
    assert "Preview (link valid 7 days)" in page.content.decode()
