"""Atom feeds, the sitemap and robots.txt list only what the public may read."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from newsletters.models import Article, Issue
from tests.site.world import HIDDEN

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_article_feed_parses_and_lists_only_published_articles(client, world):
    found = entries(client, "/feeds/articles/")
    published = Article.objects.published()
    assert sorted(title for title, _link in found) == sorted(a.title for a in published)
    assert all(HIDDEN not in title for title, _link in found)
    for _title, link in found:
        assert client.get(urlsplit(link).path).status_code == 200


def test_issue_feed_parses_and_lists_only_published_issues(client, world):
    found = entries(client, "/feeds/issues/")
    assert len(found) == Issue.objects.published().count()
    assert all(HIDDEN not in title for title, _link in found)


def test_feeds_are_advertised_on_every_page(client, world):
    page = client.get("/").content.decode()
    assert page.count('rel="alternate" type="application/atom+xml"') == 2


def test_every_sitemap_url_answers_200_and_none_is_hidden(client, world):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ElementTree.fromstring(response.content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    sections = [urlsplit(loc.text).path for loc in index.iter(f"{SITEMAP}loc")]
    assert "/sitemap-articles.xml" in sections and "/sitemap-events.xml" in sections
    locations = []
    for section in sections:
        response = client.get(section)
        assert response.status_code == 200, section
        urlset = ElementTree.fromstring(response.content)
        locations += [loc.text for loc in urlset.iter(f"{SITEMAP}loc")]
    paths = {urlsplit(location).path for location in locations}
    assert world.article.get_absolute_url() in paths
    assert world.person.get_absolute_url() in paths
    assert world.event.get_absolute_url() in paths
    for hidden in Article.objects.filter(title__contains=HIDDEN):
        assert hidden.get_absolute_url() not in paths
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
