"""What a preview link opens, for how long, and its withdrawal by a publisher."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_datetime

from newsletters.preview import SALT, make_token, preview_url
from tests.factories import ArticleFactory, IssueFactory, UserFactory
from tests.newsletters.test_workflow import article_form

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


def revoke_url(obj):
    return reverse(f"admin:newsletters_{obj._meta.model_name}_revoke_previews", args=[obj.pk])


def change_url(obj):
    return reverse(f"admin:newsletters_{obj._meta.model_name}_change", args=[obj.pk])


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


def test_an_issue_link_offers_the_page_pdf_html_and_email(client, issue, download):
    token = make_token(issue)
    links = preview_links(client.get(preview_url(issue)))
    for fmt in ("pdf", "html", "email"):
        assert f"/preview/{token}/{fmt}/" in links
    for fmt in ("html", "email"):
        response = download(client, f"/preview/{token}/{fmt}/")
        assert response.status_code == 200
        assert "Third draft" in b"".join(response.streaming_content).decode()
    pdf = download(client, f"/preview/{token}/pdf/")
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


# Withdrawal ---------------------------------------------------------------------------------------


@pytest.fixture
def publisher(client):
    user = UserFactory(role="Publisher")
    client.force_login(user)
    return user


def test_revoking_an_issue_withdraws_its_links_and_its_articles_links(client, issue, publisher):
    article = issue.articles.first()
    token = make_token(issue)
    links = [
        preview_url(issue),
        f"/preview/{token}/",
        article_url(token, article),
        f"/preview/{token}/html/",
        preview_url(article),
    ]
    page = client.get(change_url(issue)).content.decode()
    assert revoke_url(issue) in page and "Revoke preview links" in page
    response = client.post(revoke_url(issue))
    assert response.status_code == 302 and response["Location"] == change_url(issue)
    for link in links:
        assert_withdrawn(client.get(link))
    issue.refresh_from_db()
    assert client.get(preview_url(issue)).status_code == 200  # New links work again.


def test_revoking_an_article_withdraws_its_links_only(client, issue, publisher):
    first, second, _third = issue.articles.order_by("position")
    article_link, other_link = preview_url(first), preview_url(second)
    issue_token = make_token(issue)
    assert client.post(revoke_url(first)).status_code == 302
    assert_withdrawn(client.get(article_link))
    assert client.get(other_link).status_code == 200
    # The issue's link covers the whole issue; withdraw it on the issue's page.
    assert client.get(article_url(issue_token, first)).status_code == 200


@pytest.mark.parametrize("role", ["Contributor", "Editor"])
@pytest.mark.parametrize("kind", ["issue", "article"])
def test_only_a_publisher_may_revoke(client, issue, role, kind):
    obj = issue if kind == "issue" else issue.articles.first()
    link = preview_url(obj)
    client.force_login(UserFactory(role=role))
    assert client.post(revoke_url(obj)).status_code == 403
    assert client.get(revoke_url(obj)).status_code == 405
    assert revoke_url(obj) not in client.get(change_url(obj)).content.decode()
    client.logout()
    assert client.get(link).status_code == 200


def test_revoking_needs_the_publish_permission_of_that_model(client, issue):
    article = issue.articles.first()
    user = UserFactory(role="Editor")
    user.user_permissions.add(Permission.objects.get(codename="publish_article"))
    client.force_login(user)
    assert client.post(revoke_url(issue)).status_code == 403
    assert client.post(revoke_url(article)).status_code == 302
    assert client.get(revoke_url(article)).status_code == 405


def test_revoking_needs_the_csrf_token(issue):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory(role="Publisher"))
    link = preview_url(issue)
    assert strict.post(revoke_url(issue)).status_code == 403
    assert strict.get(link).status_code == 200


def test_a_revocation_is_recorded_in_the_history_and_the_admin_log(client, issue, publisher):
    article = issue.articles.first()
    client.post(revoke_url(article))
    record = article.history.order_by("-history_date").first()
    assert record.history_change_reason == "Preview links revoked"
    assert record.history_user == publisher
    assert LogEntry.objects.filter(
        object_id=str(article.pk), user=publisher, change_message__contains="Preview links revoked"
    ).exists()
    history = client.get(reverse("admin:newsletters_article_history", args=[article.pk]))
    assert "Preview links revoked" in history.content.decode()
    article.refresh_from_db()
    assert article.version == 1  # An edit form opened before the revocation still saves.


def test_restoring_a_version_from_before_a_revocation_keeps_the_links_revoked(
    client, issue, publisher
):
    article = issue.articles.first()
    link = preview_url(article)
    client.post(revoke_url(article))
    old = article.history.order_by("history_date").first()
    restore_url = reverse(
        "admin:newsletters_article_simple_history", args=[article.pk, old.history_id]
    )
    response = client.post(restore_url, article_form(old.instance, loaded_version=old.version))
    assert response.status_code == 302
    assert_withdrawn(client.get(link))
