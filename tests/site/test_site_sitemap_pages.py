"""Sitemaps come in pages of a bounded size, listed by the index, with nothing unpublished."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.cache import cache

from newsletters.models import Article
from tests.site.world import HIDDEN, grow, make_world
from unlops.sitemaps import SITEMAP_PAGE_SIZE, PagedSitemap

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LIMIT = 2


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(PagedSitemap, "limit", LIMIT)


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        urlsplit(loc.text) for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")
    ]


def test_the_page_size_is_bounded():
    assert 0 < SITEMAP_PAGE_SIZE <= 50_000


def test_the_index_lists_every_page_and_each_page_holds_at_most_the_limit(client, small_pages):
    world = make_world()
    grow(world)
    published = {article.get_absolute_url() for article in Article.objects.published()}
    assert len(published) > LIMIT  # So that the articles need several pages.
    pages = [
        f"{url.path}?{url.query}" if url.query else url.path
        for url in locations(client, "/sitemap.xml")
        if url.path == "/sitemap-articles.xml"
    ]
    assert len(pages) >= 2
    assert len(pages) == -(-len(published) // LIMIT)
    found = []
    for page in pages:
        paths = [url.path for url in locations(client, page)]
        assert 0 < len(paths) <= LIMIT, page
        found += paths
    assert sorted(found) == sorted(published)  # Every published article once, nothing else.
    for hidden in Article.objects.filter(title__contains=HIDDEN).select_related("issue"):
        assert hidden.get_absolute_url() not in found


def test_a_page_past_the_last_is_not_found(client, small_pages):
    make_world()
    assert client.get("/sitemap-articles.xml?p=999").status_code == 404


def test_a_later_page_needs_as_many_queries_however_many_rows(
    client, small_pages, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = make_world()
    grow(world)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap-articles.xml?p=2").status_code == 200
    grow(world)
    grow(world)
    cache.clear()
    with django_assert_num_queries(len(queries)):
        assert client.get("/sitemap-articles.xml?p=2").status_code == 200
