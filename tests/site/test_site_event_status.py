"""Planned events on the pages: coming apart from what happened, upcoming as of an issue inside it,
and honest about a plan whose date has passed outside it."""

import datetime

import pytest

from events.models import Event
from newsletters.export.documents import render_source
from newsletters.export.formats import FORMATS
from tests.factories import ArticleFactory, EventFactory, IssueFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = "October 2016 – May 2017"


def section(page, marker):
    """The part of a page from ``marker`` to the end of its <section>."""
    start = page.index(marker)
    return page[start : page.index("</section>", start)]


@pytest.fixture
def issue():
    issue = IssueFactory(published=True, period_start=D(2016, 10, 1), period_end=D(2017, 5, 31))
    held = EventFactory(title="Libya Quartet meeting", start_date=D(2017, 5, 23))
    visit = EventFactory(
        kind=Event.Kind.HIGH_LEVEL_VISIT,
        title="Visit of ASG Zerihoun to Brussels",
        start_date=D(2017, 5, 30),
        end_date=D(2017, 5, 31),
    )
    summit = EventFactory(
        planned=True, month_only=True, kind=Event.Kind.SUMMIT, title="EU-Africa Summit"
    )
    presidency = EventFactory(
        planned=True, title="Estonia takes over the Presidency", start_date=D(2017, 7, 1)
    )
    planned_visit = EventFactory(
        planned=True,
        kind=Event.Kind.HIGH_LEVEL_VISIT,
        title="Visit of the SRSG to Brussels",
        start_date=D(2017, 6, 20),
    )
    ArticleFactory(
        published=True,
        issue=issue,
        title="High-level visits",
        slug="high-level-visits",
        section="high-level-visits",
        events=[held, visit, summit, presidency, planned_visit],
    )
    return issue


def test_the_home_page_lists_no_plan_among_recent_events(client, issue):
    coming = EventFactory(planned=True, title="Conference still ahead", start_date=D(2099, 11, 14))
    ArticleFactory(published=True, issue=issue, events=[coming])
    page = client.get("/").content.decode()
    recent = section(page, 'id="recent-events"') + section(page, 'id="recent-visits"')
    assert "Libya Quartet meeting" in recent and "Visit of ASG Zerihoun" in recent
    for title in ("EU-Africa Summit", "Estonia takes over", "Visit of the SRSG", "still ahead"):
        assert title not in recent, title
    ahead = section(page, 'id="coming-events"')
    assert "Conference still ahead" in ahead and "Upcoming" in ahead
    # A plan whose date has passed is neither coming nor done: the home page leaves it out.
    assert "EU-Africa Summit" not in ahead


def test_no_coming_section_when_nothing_is_ahead(client, issue):
    assert 'id="coming-events"' not in client.get("/").content.decode()


def test_the_issue_page_sets_what_was_coming_apart(client, issue):
    page = client.get(issue.get_absolute_url()).content.decode()
    ahead = section(page, 'id="looking-ahead-title"')
    for title in ("EU-Africa Summit", "Estonia takes over", "Visit of the SRSG"):
        assert title in ahead, title
    assert ahead.count(f"Upcoming as of {PERIOD}") == 3
    assert "Libya Quartet meeting" not in ahead
    assert "November 2017" in ahead and "1 November 2017" not in ahead


def test_an_article_says_upcoming_as_of_its_issue(client, issue):
    article = issue.articles.get()
    page = client.get(article.get_absolute_url()).content.decode()
    related = section(page, 'id="events-title"')
    assert related.count(f"Upcoming as of {PERIOD}") == 3
    assert "Planned, as reported" not in related


def test_outside_the_issue_a_passed_plan_names_the_issue_that_reported_it(client, issue):
    summit = Event.objects.get(title="EU-Africa Summit")
    page = client.get(summit.get_absolute_url()).content.decode()
    expected = f"Planned, as reported in the {PERIOD} issue"
    assert f'<dd class="status-note">{expected}</dd>' in page
    assert "Upcoming as of" not in page
    timeline = client.get("/events/").content.decode()
    entry = timeline[timeline.index("EU-Africa Summit") - 600 : timeline.index("EU-Africa Summit")]
    assert expected in entry
    held = Event.objects.get(title="Libya Quartet meeting")
    assert "status-note" not in client.get(held.get_absolute_url()).content.decode()


def test_an_event_marked_held_later_loses_its_label_outside_the_issue(client, issue):
    summit = Event.objects.get(title="EU-Africa Summit")
    summit.status = Event.Status.HELD
    summit.save()
    assert "status-note" not in client.get(summit.get_absolute_url()).content.decode()
    page = client.get(issue.get_absolute_url()).content.decode()
    # For the issue it was still coming: its date is after the period.
    assert "EU-Africa Summit" in section(page, 'id="looking-ahead-title"')


@pytest.mark.parametrize("key", ["html", "email", "pdf"])
def test_exports_say_a_planned_visit_is_upcoming_as_of_the_issue(issue, key):
    export_format = next(f for f in FORMATS if f.key == key and not f.variant)
    html = render_source(issue, export_format).html
    visits = html[html.index("Visits at a glance") :]
    line = visits[visits.index("20 June 2017") : visits.index("20 June 2017") + 300]
    assert f"Upcoming as of {PERIOD}" in line
    held = visits[visits.index("30–31 May 2017") : visits.index("30–31 May 2017") + 200]
    assert "Upcoming" not in held
