"""What a preview link opens, for how long, and its withdrawal by a publisher."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_datetime

from newsletters.preview import SALT, make_token, preview_url
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db

DAY = 24 * 3600
PREVIEW_HREF = re.compile(r'href="(/preview/[^"]+)"')


def preview_links(response):
    """Every link to a preview in a page, in the order it shows them."""
    return list(dict.fromkeys(PREVIEW_HREF.findall(response.content.decode())))


def at(timestamp):
    """The clock signing reads, set to ``timestamp``."""
    return mock.patch("django.core.signing.time.time", return_value=timestamp)


def article_url(token, article):
    return f"/preview/{token}/articles/{article.slug}/"


def assert_withdrawn(response):
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


@pytest.fixture
def issue():
    """A draft issue with three draft articles."""
    issue = IssueFactory(foreword="<p>The foreword, still a draft.</p>")
    for title in ("First draft", "Second draft", "Third draft"):
        ArticleFactory(issue=issue, title=title)
    return issue


# What a link opens -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "html", "email"])
def test_an_article_link_downloads_nothing(client, issue, fmt):
    article = issue.articles.first()
    url = reverse("newsletters:preview-download", kwargs={"token": make_token(article), "fmt": fmt})
    assert client.get(url).status_code == 404


def test_an_article_link_opens_that_article_and_no_other_draft(client, issue):
    first, second, third = issue.articles.order_by("position")
    token = make_token(second)
    page = client.get(preview_url(second))
    content = page.content.decode()
    assert page.status_code == 200
    assert second.title in content
    assert first.title not in content and third.title not in content
    assert "The foreword" not in content
    assert f'href="{issue.get_absolute_url()}"' not in content  # The issue is not public.
    assert preview_links(page) == []  # No downloads, no other article.
    for url in (
        article_url(token, first),
        article_url(token, third),
        article_url(token, second),
        *(f"/preview/{token}/{fmt}/" for fmt in ("pdf", "html", "email")),
    ):
        assert client.get(url).status_code == 404, url


def test_an_article_link_leads_only_to_public_neighbours(client):
    issue = IssueFactory(published=True)
    public = ArticleFactory(issue=issue, title="Public neighbour", published=True)
    draft = ArticleFactory(issue=issue, title="The article for the interviewee")
    hidden = ArticleFactory(issue=issue, title="A draft the interviewee must not see")
    content = client.get(preview_url(draft)).content.decode()
    assert draft.title in content
    assert f'href="{public.get_absolute_url()}"' in content
    assert f'href="{issue.get_absolute_url()}"' in content
    assert hidden.title not in content


def test_an_issue_link_opens_its_articles_under_the_same_link(client, issue):
    first, second, _third = issue.articles.order_by("position")
    token = make_token(issue)
    page = client.get(preview_url(issue))
    assert article_url(token, first) in preview_links(page)
    article_page = client.get(article_url(token, first))
    content = article_page.content.decode()
    assert article_page.status_code == 200
    assert "no-store" in article_page["Cache-Control"]
    assert "noindex" in article_page["X-Robots-Tag"]
    assert first.title in content
    assert f'href="{article_url(token, second)}"' in content  # Next article.
    assert f'href="/preview/{token}/"' in content  # Back to the issue.
    assert all(link.startswith(f"/preview/{token}/") for link in preview_links(article_page))
    elsewhere = ArticleFactory(title="A draft of another issue")
    assert client.get(article_url(token, elsewhere)).status_code == 404


def test_an_issue_link_offers_the_page_pdf_html_and_email(client, issue):
    token = make_token(issue)
    links = preview_links(client.get(preview_url(issue)))
    for fmt in ("pdf", "html", "email"):
        assert f"/preview/{token}/{fmt}/" in links
    for fmt in ("html", "email"):
        response = client.get(f"/preview/{token}/{fmt}/")
        assert response.status_code == 200
        assert "Third draft" in b"".join(response.streaming_content).decode()
    pdf = client.get(f"/preview/{token}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_token_must_name_a_scope_its_object_has(client, issue):
    article = issue.articles.first()
    # Signed with the right key, but an article claiming the reach of an issue.
    forged = signing.dumps({"m": "article", "pk": article.pk, "s": "issue", "g": [0, 0]}, salt=SALT)
    assert client.get(f"/preview/{forged}/").status_code == 404
    assert client.get(f"/preview/{forged}/html/").status_code == 404


def test_links_made_before_scopes_were_checked_are_withdrawn(client, issue):
    article = issue.articles.first()
    legacy = signing.dumps({"m": "article", "pk": article.pk}, salt=SALT)
    assert_withdrawn(client.get(f"/preview/{legacy}/"))
    assert client.get(f"/preview/{legacy}/html/").status_code == 410


# How long -----------------------------------------------------------------------------------------


def test_links_inside_a_preview_expire_with_the_link_that_opened_it(client, issue, settings):
    settings.PREVIEW_LINK_SECONDS = 7 * DAY
    now = time.time()
    with at(now - 6 * DAY):
        issue_link = preview_url(issue)
        article_link = preview_url(issue.articles.last())
    page = client.get(issue_link)
    inner = preview_links(page)
    articles = [link for link in inner if "/articles/" in link]
    inner += preview_links(client.get(articles[0])) if articles else []
    assert inner
    expires = datetime.datetime.fromtimestamp(int(now - 6 * DAY) + 7 * DAY, tz=datetime.UTC)
    shown = format_datetime(timezone.localtime(expires), "j F Y, H:i")
    assert shown in page.content.decode()
    assert shown in client.get(article_link).content.decode()
    with at(now + 2 * DAY):  # Eight days after the first link was made.
        for link in inner:
            assert client.get(link).status_code == 410, link
