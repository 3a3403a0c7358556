"""Titles wherever pages print them beside a name: as of the issue or the event, 'then' for a
post held then and left since, 'former' for one left (or perhaps left) by then."""

import datetime

import pytest

from events.models import Event, Participation
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    EventFactory,
    IssueFactory,
    PersonFactory,
)
from unlops.dates import DatePrecision

pytestmark = pytest.mark.django_db

MINISTER = "Minister for Home Affairs and National Security of Malta"
USG = "Under-Secretary-General for Peacekeeping Operations"
DEPUTY = "Deputy Secretary General of NATO"


def person_with_post(name, slug, title, **dates):
    person = PersonFactory(name=name, slug=slug)
    AppointmentFactory(person=person, title=title, **{"start_date": None, **dates})
    return person


@pytest.fixture
def people():
    return {
        "abela": person_with_post("Carmelo Abela", "carmelo-abela", MINISTER, ended=True),
        "ladsous": person_with_post(
            "Hervé Ladsous",
            "herve-ladsous",
            USG,
            ended=True,
            in_post_on=datetime.date(2017, 3, 16),
        ),
        "vershbow": person_with_post(
            "Alexander Vershbow",
            "alexander-vershbow",
            DEPUTY,
            ended=True,
            in_post_on=datetime.date(2016, 10, 1),
            in_post_precision=DatePrecision.MONTH,
        ),
        "lacroix": person_with_post(
            "Jean-Pierre Lacroix",
            "jean-pierre-lacroix",
            USG,
            in_post_on=datetime.date(2017, 4, 26),
        ),
    }


@pytest.fixture
def article(people):
    issue = IssueFactory(published=True)
    return ArticleFactory(published=True, issue=issue, people=list(people.values()))


def test_the_article_page_says_former_for_posts_left_by_the_end_of_the_issue(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'Carmelo Abela</a><span class="people-list__title">former {MINISTER}<' in html
    assert f'Hervé Ladsous</a><span class="people-list__title">former {USG}<' in html
    assert f'Alexander Vershbow</a><span class="people-list__title">former {DEPUTY}<' in html
    assert f'Jean-Pierre Lacroix</a><span class="people-list__title">{USG}<' in html


def event_page(client, article, **values):
    event = EventFactory(**values)
    article.events.add(event)
    return client.get(event.get_absolute_url()).content.decode()


def test_an_event_page_says_then_for_a_post_held_on_its_day(client, people, article):
    html = event_page(
        client,
        article,
        title="UN-EU Steering Committee on Crisis Management",
        start_date=datetime.date(2017, 3, 16),
        participants=[(people["ladsous"], Participation.Role.CO_CHAIR)],
    )
    assert f'<span class="people-list__title">then {USG}</span>' in html


def test_an_event_known_to_the_month_matches_a_month_in_post(client, people, article):
    html = event_page(
        client,
        article,
        title="USG Feltman's meetings in Brussels",
        start_date=datetime.date(2016, 10, 1),
        end_date=datetime.date(2016, 10, 31),
        date_precision=DatePrecision.MONTH,
        participants=[(people["vershbow"], Participation.Role.MET_WITH)],
    )
    assert f'<span class="people-list__title">then {DEPUTY}</span>' in html
    assert "Titles at the time of the event (October 2016)." in html
    assert "1 October 2016" not in html


def test_an_event_page_says_former_where_holding_the_post_then_is_not_known(
    client, people, article
):
    html = event_page(
        client,
        article,
        title="Informal meeting of EU Defence Ministers",
        start_date=datetime.date(2017, 4, 26),
        participants=[
            (people["abela"], Participation.Role.ATTENDEE),
            (people["lacroix"], Participation.Role.BRIEFER),
        ],
    )
    assert f'<span class="people-list__title">former {MINISTER}</span>' in html
    assert f'<span class="people-list__title">{USG}</span>' in html


def test_before_a_day_in_post_no_title_is_printed(client, people, article):
    html = event_page(
        client,
        article,
        title="A meeting before Lacroix is known in post",
        start_date=datetime.date(2017, 3, 1),
        participants=[(people["lacroix"], Participation.Role.ATTENDEE)],
    )
    assert USG not in html


def test_search_results_say_former(client, people, article):
    html = client.get("/search/", {"q": "Abela", "type": "people"}).content.decode()
    assert "<mark>Abela</mark>" in html
    assert f"former {MINISTER}" in html


def test_a_visit_event_in_the_html_exports_says_then_and_former(people):
    from newsletters.export import formats
    from newsletters.export.documents import render_source
    from newsletters.models import Article

    issue = IssueFactory(published=True)
    event = EventFactory(
        kind=Event.Kind.HIGH_LEVEL_VISIT,
        title="Visit to New York",
        start_date=datetime.date(2017, 3, 16),
        participants=[
            (people["ladsous"], Participation.Role.VISITOR),
            (people["abela"], Participation.Role.VISITOR),
        ],
    )
    ArticleFactory(
        published=True,
        issue=issue,
        title="High-level visits",
        section=Article.Section.HIGH_LEVEL_VISITS,
        events=[event],
    )
    for name in ("html", "email"):
        markup = render_source(issue, formats.get(name)).html
        assert f"then {USG}" in markup, name
        assert f"former {MINISTER}" in markup, name
        assert "Hervé Ladsous, <span" in markup, name
