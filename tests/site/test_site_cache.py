"""Public pages are cached whole, and any change to the content makes them fresh again."""

import pytest

from newsletters.models import Status
from unlops.cache import VERSION_KEY, bump_content_version, content_version

pytestmark = pytest.mark.django_db


def test_editing_an_article_title_shows_on_every_page(client, world):
    article = world.article
    pages = ["/", world.issue.get_absolute_url(), article.get_absolute_url()]
    for url in pages:
        assert article.title in client.get(url).content.decode()
    article.title = "A corrected headline"
    article.save()
    for url in pages:
        assert "A corrected headline" in client.get(url).content.decode(), url


def test_unpublishing_an_article_removes_it_at_once(client, world):
    article = world.article
    client.get(world.person.get_absolute_url())
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get(world.person.get_absolute_url()).content.decode()


def test_a_changed_link_between_rows_refreshes_pages(client, world):
    article = world.article
    assert article.title in client.get(world.topic.get_absolute_url()).content.decode()
    article.topics.remove(world.topic)
    assert article.title not in client.get(world.topic.get_absolute_url()).content.decode()


def test_a_deleted_person_disappears_from_the_directory(client, world):
    from tests.factories import PersonFactory, shown_in_published_work

    person = PersonFactory(name="Short Lived", slug="short-lived")
    shown_in_published_work(person)
    assert "Short Lived" in client.get("/people/").content.decode()
    person.delete()
    assert "Short Lived" not in client.get("/people/").content.decode()


def test_errors_are_not_cached(client, world):
    article = world.article
    article.status = Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    # Published again through a queryset update, which sends no signal: a cached 404 would stick.
    type(article).objects.filter(pk=article.pk).update(status=Status.PUBLISHED)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_content_version_survives_a_lost_key(settings):
    from django.core.cache import cache

    first = content_version()
    bump_content_version()
    assert content_version() == first + 1
    cache.delete(VERSION_KEY)
    assert content_version() not in {first, first + 1}


def test_only_get_requests_are_cached(client, world):
    assert client.post("/").status_code == 405
    assert client.get("/").status_code == 200


def test_pages_are_kept_no_later_than_the_next_scheduled_publication(client, world):
    import datetime

    from django.utils import timezone

    from newsletters.signals import next_publication
    from tests.factories import ArticleFactory, IssueFactory
    from unlops import cache as page_cache

    # The world holds a scheduled issue (next week) and scheduled articles.
    scheduled = next_publication()
    assert scheduled is not None and scheduled > timezone.now()
    assert page_cache.page_timeout() == 300
    soon = timezone.now() + datetime.timedelta(seconds=40)
    article = ArticleFactory(issue=world.issue, status="published", published_at=soon)
    assert next_publication() == soon
    assert 30 < page_cache.page_timeout() <= 40
    IssueFactory(status="published", published_at=timezone.now() + datetime.timedelta(seconds=20))
    assert page_cache.page_timeout() <= 20
    # A page stored now expires by the time the issue goes public.
    import time

    from django.test import RequestFactory

    url = world.issue.get_absolute_url()
    client.get(url)
    key = page_cache.page_cache_key(RequestFactory().get(url))
    backend = page_cache.cache
    expires = backend._expire_info[backend.make_and_validate_key(key)]  # the local-memory cache
    assert expires <= time.time() + 20
    assert article.title not in client.get(url).content.decode()


def test_nothing_scheduled_keeps_pages_for_the_usual_time(client, db):
    from unlops import cache as page_cache

    assert page_cache.seconds_to_next_change() is None
    assert page_cache.page_timeout() == 300


def test_cached_pages_keep_their_security_headers(client, world):
    for _ in range(2):  # rendered, then from the cache
        response = client.get("/")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_only_public_pages_are_stored(client, world):
    from django.core.cache import cache
    from django.test import RequestFactory

    from unlops.cache import page_cache_key

    for url in ["/robots.txt", "/admin/login/", "/", "/nope/"]:
        client.get(url)
    stored = {
        url: cache.get(page_cache_key(RequestFactory().get(url))) is not None
        for url in ["/robots.txt", "/admin/login/", "/", "/nope/"]
    }
    assert stored == {"/robots.txt": False, "/admin/login/": False, "/": True, "/nope/": False}


def test_responses_that_vary_by_visitor_are_not_stored(rf):
    from django.http import HttpResponse

    from unlops.cache import cacheable

    request = rf.get("/")
    assert cacheable(request, HttpResponse("x"))
    varies = HttpResponse("x")
    varies["Vary"] = "Accept-Encoding, Cookie"
    assert not cacheable(request, varies)
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("sessionid", "1")
    assert not cacheable(request, with_cookie)
    assert not cacheable(rf.head("/"), HttpResponse("x"))


def test_without_the_middleware_views_cache_themselves(client, world, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "unlops.cache.PublicPageCacheMiddleware"
    ]
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(queries) == 0


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_before_the_commit_is_not_served_after_it(client, world):
    """The race: a request on another connection, between the save and the commit, still reads
    the committed (public) article and stores it under the version the save has just bumped."""
    from django.db import transaction

    article = world.article
    url = article.get_absolute_url()
    articles = type(article).objects.filter(pk=article.pk)
    with transaction.atomic():
        article.status = Status.DRAFT
        article.save()
        # What the other connection sees: the article as committed. Updates send no signal.
        articles.update(status=Status.PUBLISHED)
        assert client.get(url).status_code == 200  # rendered and stored
        articles.update(status=Status.DRAFT)
        assert client.get(url).status_code == 200  # served from the cache
    # Committed: the page stored during the transaction is retired with its version.
    assert client.get(url).status_code == 404


def bumps_on_commit(work):
    """How far the content version moves when the transaction that runs ``work`` commits."""
    from django.db import transaction

    with transaction.atomic():
        before = content_version()
        work()
        during = content_version()
        assert during > before  # at once as well, for the pages rendered meanwhile
    return content_version() - during


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_the_version_once_more_when_it_commits():
    from django.db import transaction

    from tests.factories import PersonFactory, TopicFactory

    def many_rows():
        for person in PersonFactory.create_batch(20):
            person.name += " Jr"
            person.save()
        topic = TopicFactory()
        topic.delete()

    def nested_blocks():
        with transaction.atomic():
            PersonFactory()
        with transaction.atomic():
            PersonFactory()

    def a_rolled_back_savepoint_first():
        try:
            with transaction.atomic():
                PersonFactory()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        PersonFactory()

    # Once, however many rows: an import saves thousands.
    assert bumps_on_commit(many_rows) == 1
    assert bumps_on_commit(nested_blocks) == 1
    assert bumps_on_commit(a_rolled_back_savepoint_first) == 1
    # A rolled-back transaction leaves nothing behind that would stop the next one's bump.
    try:
        with transaction.atomic():
            PersonFactory()
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert bumps_on_commit(PersonFactory) == 1
    # Outside a transaction every save is its own commit: the version moves at once.
    before = content_version()
    PersonFactory()
    assert content_version() > before


def _people(count):
    import tablib

    return tablib.Dataset(*[[f"p-{i}", f"P {i}"] for i in range(count)], headers=["slug", "name"])


def test_an_import_makes_pages_stale_once_when_it_commits(django_capture_on_commit_callbacks):
    from people.resources import PersonResource

    first = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        PersonResource().import_data(_people(5))
    assert content_version() == first + 1


def test_a_previewed_import_leaves_pages_alone(django_capture_on_commit_callbacks):
    from people.resources import PersonResource

    first = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        PersonResource().import_data(_people(5), dry_run=True)
    assert content_version() == first
