"""Every public page answers, shows what it should, and never shows what is not published."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from newsletters.models import Status
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    OrganisationFactory,
    PersonFactory,
    shown_in_published_work,
)
from tests.site.world import HIDDEN, PAGE_NAMES, hidden_articles, public_urls

pytestmark = pytest.mark.django_db


def test_every_public_page_answers_and_hides_what_is_not_published(client, world):
    urls = public_urls(world)
    assert sorted(urls) == sorted(PAGE_NAMES)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert HIDDEN not in response.content.decode(), name


def test_hidden_articles_and_issues_answer_404(client, world):
    articles = list(hidden_articles())
    assert len(articles) == 3
    for article in articles:
        assert client.get(article.get_absolute_url()).status_code == 404
        if not article.issue.is_published():
            assert client.get(article.issue.get_absolute_url()).status_code == 404


def test_a_scheduled_issue_answers_404_until_its_time(client, world):
    issue = IssueFactory(scheduled=True)
    assert client.get(issue.get_absolute_url()).status_code == 404
    issue.published_at = timezone.now() - datetime.timedelta(minutes=1)
    issue.save()
    assert client.get(issue.get_absolute_url()).status_code == 200


def test_staff_see_no_drafts_on_the_public_site(client, world):
    staff = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(staff)
    for article in hidden_articles():
        assert client.get(article.get_absolute_url()).status_code == 404
    assert HIDDEN not in client.get(world.person.get_absolute_url()).content.decode()


def test_unknown_rows_answer_404(client, world):
    for url in [
        "/issues/nope/",
        f"/issues/{world.issue.slug}/nope/",
        "/people/nope/",
        "/people/organisations/nope/",
        "/events/nope/",
        "/topics/nope/",
        "/search/?q=x&type=nope",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()


def test_an_article_is_not_found_under_another_issue(client, world):
    other = IssueFactory(published=True)
    url = f"/issues/{other.slug}/{world.article.slug}/"
    assert client.get(url).status_code == 404


def test_home_shows_the_latest_published_issue_and_recent_visits(client, world):
    page = client.get("/").content.decode()
    assert world.issue.period_display in page
    assert world.article.title in page
    assert world.event.title in page


def test_home_without_any_issue(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "No issue has been published yet" in response.content.decode()


def test_issue_page_has_the_masthead_contents_and_every_article_in_order(client, world):
    page = client.get(world.issue.get_absolute_url()).content.decode()
    masthead = (
        "United Nations Liaison Office for Peace and Security · Newsletter · "
        "October 2016 – May 2017"
    )
    assert masthead in page
    titles = [a.title for a in world.issue.articles.published()]
    positions = [page.index(f">{title}</a></h2>") for title in titles]
    assert positions == sorted(positions)
    assert "Credit: Belgian Defence Ministry" in page
    assert "{% block issue_downloads %}" not in page


def test_article_page_names_people_with_their_title_as_of_the_issue(client, world):
    page = client.get(world.article.get_absolute_url()).content.decode()
    assert world.article.title in page
    assert "Under-Secretary-General for Peacekeeping Operations" in page
    assert world.event.title in page
    assert world.topic.name in page
    assert 'rel="next"' in page and 'rel="prev"' not in page


def test_article_page_says_former_for_a_post_left_before_the_issue(client, world):
    person = PersonFactory(name="Hervé Ladsous", slug="herve-ladsous")
    from tests.factories import AppointmentFactory

    AppointmentFactory(
        person=person,
        organisation=world.organisation,
        title="Under-Secretary-General for Peacekeeping Operations",
        start_date=datetime.date(2011, 10, 1),
        end_date=datetime.date(2017, 3, 31),
    )
    world.article.people.add(person)
    page = client.get(world.article.get_absolute_url()).content.decode()
    assert "former Under-Secretary-General for Peacekeeping Operations" in page


def test_prev_next_skip_hidden_articles(client, world):
    articles = list(world.issue.articles.published())
    last = client.get(articles[-1].get_absolute_url()).content.decode()
    assert articles[-2].title in last
    assert 'rel="next"' not in last


def test_person_page_lists_appointments_articles_events_and_photos(client, world):
    page = client.get(world.person.get_absolute_url()).content.decode()
    assert "Assistant Secretary-General" in page
    assert "April 2017 – present" in page
    assert world.article.title in page
    assert world.event.title in page
    # A photo's caption, with the people pictured linked.
    assert 'and <a href="/people/jean-pierre-lacroix/">Jean-Pierre Lacroix</a> in Brussels' in page


def test_people_directory_filters_by_letter_and_organisation(client, world):
    outsider = PersonFactory(name="Federica Mogherini", slug="federica-mogherini")
    shown_in_published_work(outsider)
    page = client.get("/people/").content.decode()
    assert outsider.name in page and world.person.name in page
    page = client.get("/people/?letter=M").content.decode()
    assert outsider.name in page and world.person.name not in page
    page = client.get("/people/?organisation=dpko").content.decode()
    assert outsider.name not in page and world.person.name in page
    # An unknown letter or organisation shows everyone rather than failing.
    assert client.get("/people/?letter=%3F&organisation=nope").status_code == 200


def test_people_directory_files_accented_names_under_the_plain_letter(client, db):
    shown_in_published_work(PersonFactory(name="Ivan Šimonović", slug="ivan-simonovic"))
    page = client.get("/people/?letter=S").content.decode()
    assert "Ivan Šimonović" in page


def test_glossary_lists_organisations_and_terms_together(client, world):
    shown_in_published_work(
        OrganisationFactory(name="Political and Security Committee", acronym="PSC", slug="psc")
    )
    page = client.get("/glossary/").content.decode()
    assert '<abbr title="Department of Peacekeeping Operations">DPKO</abbr>' in page
    assert '<abbr title="Special Representative of the Secretary-General">SRSG</abbr>' in page
    # Linked to the organisation the term belongs to, which is public.
    assert '<a href="/people/organisations/un/">Special Representative' in page
    assert page.index(">DPKO<") < page.index(">PSC<") < page.index(">SRSG<") < page.index(">UN<")


def test_the_organisations_page_lists_every_public_one_by_name(client, world):
    hidden = OrganisationFactory(name="Hidden Parent Body", slug="hidden-parent")
    shown_in_published_work(
        OrganisationFactory(name="Égalité Office", slug="egalite", parent=hidden),
        OrganisationFactory(name="Zagreb Office", slug="zagreb"),
    )
    page = client.get("/people/organisations/").content.decode().split('class="org-list"')[1]
    assert "Department of Peacekeeping Operations</a> (DPKO)" in page
    assert page.index("Department of") < page.index("Égalité") < page.index("United Nations")
    assert page.index("United Nations") < page.index("Zagreb")
    assert "Hidden Parent Body" not in page  # A parent is named only if public itself.


def test_organisation_page_shows_parent_people_and_events(client, world):
    page = client.get(world.organisation.get_absolute_url()).content.decode()
    assert "(DPKO)" in page
    assert "United Nations" in page
    assert world.person.name in page
    assert world.event.title in page


def test_event_list_filters(client, world):
    from events.models import Event

    dialogue = Event.objects.filter(kind=Event.Kind.DIALOGUE).first()
    page = client.get("/events/?kind=dialogue").content.decode()
    assert dialogue.title in page
    assert world.event.title not in page
    page = client.get("/events/?place=belgium&year=2017").content.decode()
    assert world.event.title in page
    assert "New York" not in page.split('role="status"', 1)[1]
    # Bad filter values are ignored, not errors.
    assert client.get("/events/?year=abc&kind=nope&organisation=nope").status_code == 200


def test_event_list_draws_a_chart_of_events_per_month(client, world):
    page = client.get("/events/?year=2017").content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "Events per month, January 2017 to December 2017" in page
    assert page.count('class="chart__month"') == 12


def test_event_page_lists_participants_by_role(client, world):
    page = client.get(world.event.get_absolute_url()).content.decode()
    assert "Visitor" in page and "Met with" in page
    assert world.person.name in page
    assert world.article.title in page


def test_topic_pages(client, world):
    page = client.get("/topics/").content.decode()
    assert world.topic.name in page
    page = client.get(world.topic.get_absolute_url()).content.decode()
    assert world.article.title in page


def test_pages_are_valid_landmarks_and_language(client, world):
    page = client.get(world.article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page
    assert 'class="skip-link" href="#main"' in page
    assert '<main id="main"' in page
    assert page.count("<h1") == 1
    assert 'rel="canonical" href="http://testserver' + world.article.get_absolute_url() in page
    assert 'property="og:title"' in page and 'property="og:type" content="article"' in page
    assert 'type="application/atom+xml"' in page


def test_a_server_error_page_exists_and_needs_no_database(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_article_of_a_published_issue_without_go_live_time_is_public(client, world):
    article = ArticleFactory(
        issue=world.issue, status=Status.PUBLISHED, published_at=None, slug="no-time"
    )
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_server_error_shows_the_friendly_page(client, settings):
    """The 500 page renders with no request context and no database, as Django's handler does."""
    from django.test import RequestFactory
    from django.urls import get_resolver

    server_error = get_resolver().resolve_error_handler(500)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and 'lang="en"' in page
    assert f"<title>Something went wrong · {settings.PUBLISHER['name']}</title>" in page
    assert "<style" not in page  # no inline style for a strict Content-Security-Policy
