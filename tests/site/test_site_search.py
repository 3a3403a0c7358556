"""Search over published articles, people and events, on SQLite and on PostgreSQL."""

import pytest
from django.db import connection

from events.models import Event
from newsletters import search
from tests.factories import (
    ArticleFactory,
    EventFactory,
    IssueFactory,
    PersonFactory,
    shown_in_published_work,
)
from tests.site.world import HIDDEN

pytestmark = pytest.mark.django_db


def titles(queryset):
    return [row.title for row in queryset]


def test_terms_drop_operators_and_single_letters():
    assert search.terms('Lacroix OR "peace keeping" -x and') == ["keeping", "lacroix", "peace"]


def test_query_is_trimmed_and_bounded():
    assert search.clean_query("  peace \n keeping ") == "peace keeping"
    assert len(search.clean_query("a" * 1000)) == search.MAX_QUERY_LENGTH


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(db):
    issue = IssueFactory(published=True)
    in_body = ArticleFactory(
        published=True,
        issue=issue,
        title="Brussels political update",
        standfirst="News of the month.",
        body="<p>The Council discussed sanctions against Libya.</p>",
    )
    in_title = ArticleFactory(
        published=True,
        issue=issue,
        title="Sanctions on Libya extended",
        standfirst="The EU renews its measures.",
        body="<p>The measures stay for a year.</p>",
    )
    ArticleFactory(published=True, issue=issue, title="Unrelated", body="<p>Nothing here.</p>")
    results = search.search("libya sanctions")["articles"]
    assert titles(results) == [in_title.title, in_body.title]


def test_every_word_must_match(db):
    issue = IssueFactory(published=True)
    ArticleFactory(published=True, issue=issue, title="Libya", body="<p>Tripoli</p>")
    assert titles(search.search("libya somalia")["articles"]) == []


def test_search_finds_only_published_articles(world):
    results = search.search(HIDDEN)
    assert list(results["articles"]) == []
    results = search.search("peacekeeping")
    assert results["articles"].count() == world.issue.articles.published().count()
    assert all(HIDDEN not in title for title in titles(results["articles"]))


def test_search_finds_people_and_events(db):
    shown_in_published_work(
        PersonFactory(name="Federica Mogherini", slug="mogherini"),
        EventFactory(title="Annual briefing to the Security Council", city="New York"),
    )
    assert [p.name for p in search.search("mogherini")["people"]] == ["Federica Mogherini"]
    assert titles(search.search("briefing")["events"]) == [
        "Annual briefing to the Security Council"
    ]
    if connection.vendor != "postgresql":
        # The fallback also matches places; PostgreSQL stems "York" the same way.
        assert search.search("york")["events"].count() == 1


def test_search_page_shows_tabs_counts_and_highlights(client, world):
    response = client.get("/search/?q=peacekeeping")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>" in page
    assert 'aria-current="page">Articles' in page
    assert HIDDEN not in page
    page = client.get("/search/?q=dialogue&type=events").content.decode()
    assert "<mark>Dialogue</mark> on peacekeeping" in page


def test_search_opens_the_first_kind_that_has_results(client, db):
    shown_in_published_work(PersonFactory(name="Federica Mogherini", slug="mogherini"))
    page = client.get("/search/?q=mogherini").content.decode()
    assert 'aria-current="page">People' in page
    assert "<mark>Mogherini</mark>" in page


def test_search_escapes_the_query_before_marking_it(client, db):
    issue = IssueFactory(published=True)
    ArticleFactory(
        published=True, issue=issue, title="The <script> tag in Libya", body="<p>Libya</p>"
    )
    page = client.get("/search/?q=libya").content.decode()
    assert "<script>" not in page
    assert "The &lt;script&gt; tag in <mark>Libya</mark>" in page
    page = client.get("/search/?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_search_paginates(client, db):
    issue = IssueFactory(published=True)
    for number in range(search.PER_PAGE + 3):
        ArticleFactory(published=True, issue=issue, title=f"Mali report {number}")
    page = client.get("/search/?q=mali").content.decode()
    assert "page 1 of 2" in page and 'rel="next"' in page
    page = client.get("/search/?q=mali&page=2").content.decode()
    assert page.count('class="article-items__title"') == 3
    # Out of range pages show the last page rather than an error.
    assert client.get("/search/?q=mali&page=99").status_code == 200


def test_empty_search_shows_the_form(client, db):
    page = client.get("/search/?q=+").content.decode()
    assert 'id="search-page-q"' in page
    assert "result" not in page.split("<main", 1)[1]


def test_search_of_events_orders_by_rank_then_recency(db):
    shown_in_published_work(
        EventFactory(title="Meeting in Brussels", summary="On Mali.", slug="a"),
        EventFactory(title="Mali dialogue", slug="b"),
    )
    assert titles(search.search("mali")["events"])[0] == "Mali dialogue"
    assert Event.objects.count() == 2
