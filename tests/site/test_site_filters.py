"""A bad filter or page number in a list's query string is ignored: the page shows without it."""

import pytest

from events.models import Event
from tests.factories import ArticleFactory, EventFactory, PersonFactory, shown_in_published_work

pytestmark = pytest.mark.django_db


def status_line(page):
    return page.split('role="status"', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    "year", ["-1", "0", "1899", "2101", "10000", "99999999999999999999", "2017%00"]
)
def test_a_year_out_of_range_shows_every_year(client, world, year):
    everything = client.get("/events/").content.decode()
    response = client.get(f"/events/?year={year}")
    assert response.status_code == 200
    page = response.content.decode()
    assert status_line(page) == status_line(everything)
    assert "Clear filters" not in page


def test_a_bad_filter_leaves_the_good_ones(client, world):
    page = client.get("/events/?year=-1&kind=dialogue&place=x%00y").content.decode()
    dialogues = Event.objects.filter(kind=Event.Kind.DIALOGUE).count()
    assert status_line(page) == f">{dialogues} event{'s' * (dialogues != 1)} (Dialogue)."


def test_the_place_filter_ignores_case_and_spacing(client, world):
    page = client.get("/events/?place=+brussels++").content.decode()
    assert "(brussels)" in status_line(page)
    assert "New York" not in page.split('role="status"', 1)[1]


@pytest.mark.parametrize(
    ("url", "count"),
    [("/events/", 50), ("/people/", 100), ("/topics/peacekeeping/", 20)],
)
def test_bad_page_numbers_show_the_first_page_and_past_the_end_the_last(client, world, url, count):
    if url.startswith("/events/"):
        shown_in_published_work(*EventFactory.create_batch(count))
    elif url.startswith("/people/"):
        shown_in_published_work(*PersonFactory.create_batch(count))
    else:
        for article in ArticleFactory.create_batch(count, published=True, issue=world.issue):
            article.topics.add(world.topic)
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    for page in ["abc", "0", "-1", "1.5", "%00", "9" * 5000]:
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200, page
        assert "Page 1 of 2" in response.content.decode(), page
    for page in ["3", "1" + "0" * 30]:
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200, page
        assert "Page 2 of 2" in response.content.decode(), page


@pytest.mark.parametrize("letter", ["ÉÉ", "é", "%00", "ab", "?"])
def test_a_letter_not_in_the_directory_shows_everyone(client, world, letter):
    response = client.get(f"/people/?letter={letter}&organisation={world.organisation.slug}")
    assert response.status_code == 200
    page = response.content.decode()
    assert world.person.name in page
    assert "People of Department of Peacekeeping Operations" in page.replace(
        '<span class="h1-sub">', ""
    ).replace("</span>", "")


def test_a_lower_case_letter_is_the_same_letter(client, world):
    page = client.get("/people/?letter=l").content.decode()
    assert world.person.name in page
    assert "Ana Person" not in page


@pytest.mark.parametrize("slug", ["nope", "x" * 500, "a%00b", "%C3%89", "un%20"])
def test_an_unknown_organisation_shows_everyone(client, world, slug):
    shown_in_published_work(PersonFactory(name="Federica Mogherini", slug="federica-mogherini"))
    for url in [f"/people/?organisation={slug}", f"/events/?organisation={slug}"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Federica Mogherini" in client.get(f"/people/?organisation={slug}").content.decode()


@pytest.mark.parametrize("q", ["%00", "peace%00keeping"])
def test_a_search_with_a_nul_byte_shows_the_empty_form(client, world, q):
    response = client.get(f"/search/?q={q}")
    assert response.status_code == 200
    assert "result" not in response.content.decode().split("<main", 1)[1]


def test_a_long_search_is_cut_not_refused(client, world):
    response = client.get("/search/?q=peacekeeping+" + "x" * 10000)
    assert response.status_code == 200
    assert "Search: peacekeeping x" in response.content.decode()
