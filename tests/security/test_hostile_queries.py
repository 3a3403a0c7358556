"""Hostile path and query values on every public route answer a page or a 4xx, never a 5xx.

The routes come from the URL resolver, so a new one is fuzzed as soon as it exists (and the test
asks for the real path values it needs). The values are fixed, not random: the run is the same on
every machine, SQLite and PostgreSQL (which refuses NUL bytes in any query) alike.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from events.forms import EventFilterForm
from newsletters.forms import SearchForm
from newsletters.mailing.tokens import confirm_token, unsubscribe_token
from newsletters.preview import make_token
from people.forms import PersonFilterForm
from tests import queue
from tests.factories import SubscriberFactory
from tests.site.world import make_world
from unlops.forms import PageForm

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin"}

# Already percent-encoded, as they stand in a URL.
PATH_VALUES = [
    "",
    "x" * 5000,
    "%C3%89%C3%89%E6%BC%A2%F0%9F%99%82",  # ÉÉ漢🙂
    "%00",
    "a%00b",
    "..",
    "..%2F..%2Fetc%2Fpasswd",
    "-1",
    "99999999999999999999",
    "%FF%FE",
    "%3Cscript%3E",
]
QUERY_VALUES = [
    "-1",
    "0",
    "10000",
    "99999999999999999999",
    "1" + "0" * 30,
    "10**30",
    "9" * 5000,  # past the length Python converts to int
    "1.5",
    "%C3%89%C3%89",
    "x" * 10000,
    "%00",
    "2017%00",
    "%FF%FE",
]
# What each view reads from the query string; unknown names are sent to every route.
READS = {
    "events:event-list": list(EventFilterForm.base_fields),
    "people:person-list": list(PersonFilterForm.base_fields),
    "newsletters:search": list(SearchForm.base_fields),
    "newsletters:topic-detail": list(PageForm.base_fields),
    "newsletters:issue-download": ["variant"],
    "sitemap": ["p"],
    "sitemap-section": ["p"],
}
UNKNOWN = ["utm_source", "page[]", "x"]


def base_kwargs(world):
    """Real values for every route's path parameters, so that the fuzzed one is reached."""
    reader = SubscriberFactory()
    return {
        "mailing:confirm": {"token": confirm_token(reader)},
        "mailing:unsubscribe": {"token": unsubscribe_token(reader)},
        "newsletters:issue-detail": {"slug": world.issue.slug},
        # HTML, not PDF, and never a valid variant below: no export is laid out.
        "newsletters:issue-download": {"slug": world.issue.slug, "fmt": "html"},
        "newsletters:article-detail": {"issue_slug": world.issue.slug, "slug": world.article.slug},
        "newsletters:topic-detail": {"slug": world.topic.slug},
        "newsletters:preview": {"token": make_token(world.article)},
        "newsletters:preview-download": {"token": make_token(world.issue), "fmt": "nope"},
        "newsletters:preview-article": {
            "token": make_token(world.issue),
            "slug": world.article.slug,
        },
        "people:person-detail": {"slug": world.person.slug},
        "people:organisation-detail": {"slug": world.organisation.slug},
        "events:event-detail": {"slug": world.event.slug},
        "sitemap-section": {"section": "articles"},
        "media": {"path": "nothing.jpg"},
    }


def public_routes(resolver=None, prefix="", namespace=""):
    """(name, route) of every URL pattern outside the admin, e.g. ("people:person-detail",
    "people/<slug:slug>/")."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_routes(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else "media"), route


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def build(route, values):
    return "/" + PARAMETER.sub(lambda match: values[match.group(1)], route)


def fetch(client, url, failures):
    try:
        response = client.get(url)
    except Exception as error:  # The test client re-raises what the view raised: a 500.
        failures.append((url[:200], repr(error)[:300]))
        return None
    if response.status_code >= 500:
        failures.append((url[:200], response.status_code))
    return response


@pytest.fixture
def world():
    cache.clear()
    world = make_world()
    # The HTML export built by the queue, so the fuzzed download serves the file (until then it
    # answers 503 "being prepared" on purpose, which is no failure of the kind sought here).
    url = reverse("newsletters:issue-download", kwargs={"slug": world.issue.slug, "fmt": "html"})
    assert queue.download(Client(), url).status_code == 200
    yield world
    cache.clear()


def test_every_route_with_parameters_has_real_values(world):
    known = base_kwargs(world)
    for name, route in public_routes():
        missing = set(PARAMETER.findall(route)) - set(known.get(name, {}))
        assert not missing, f"{name}: give base_kwargs a real value for {sorted(missing)}"


def test_hostile_path_values_never_answer_5xx(client, world):
    known = base_kwargs(world)
    failures = []
    for name, route in public_routes():
        for parameter in PARAMETER.findall(route):
            for value in PATH_VALUES:
                fetch(client, build(route, {**known[name], parameter: value}), failures)
    assert not failures, "\n".join(map(repr, failures))


def test_hostile_query_values_never_answer_5xx(client, world):
    known = base_kwargs(world)
    failures = []
    for name, route in public_routes():
        path = build(route, known.get(name, {}))
        names = READS.get(name, []) + UNKNOWN
        for value in QUERY_VALUES:
            # All at once, then each alone: a rejected value must not hide the next one.
            fetch(client, path + "?" + "&".join(f"{n}={value}" for n in names), failures)
            for parameter in READS.get(name, []):
                fetch(client, f"{path}?{parameter}={value}", failures)
        for parameter in READS.get(name, []):
            for pair in ["1&{p}=2", "&{p}=abc", "2017&{p}=%00", "-1&{p}=10000"]:
                fetch(client, f"{path}?{parameter}={pair.format(p=parameter)}", failures)
    assert not failures, "\n".join(map(repr, failures))


def test_garbage_preview_tokens_are_not_found(client, world):
    for token in ["x", "x" * 5000, "a%00b", "..", make_token(world.issue)[:-2] + "zz"]:
        assert client.get(f"/preview/{token}/").status_code == 404
        assert client.get(f"/preview/{token}/pdf/").status_code == 404
