"""The number of SQL queries of every public page stays the same when the content doubles."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.site.world import PAGE_NAMES, grow, make_world, public_urls

pytestmark = pytest.mark.django_db

# A ceiling as well, so that a page cannot drift to many queries that merely stay constant.
# 14, plus the corrections an article shows and the check for revisions due (remembered 10 s).
MOST_QUERIES = 16


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_queries_do_not_grow_with_the_content(client, name, django_assert_num_queries):
    world = make_world()
    url = public_urls(world)[name]
    small = count_queries(client, url)
    assert small <= MOST_QUERIES, f"{name}: {small} queries"
    grow(world)
    cache.clear()
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_a_cached_page_needs_no_query(client, django_assert_num_queries):
    world = make_world()
    for url in public_urls(world).values():
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200
