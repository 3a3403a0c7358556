"""The demo issue's dates on every page and in every export: no day the facts do not give, the
seed's six upcoming events never listed as past, its two dates for one meeting both shown, and
photo captions dated only as the seed's captions are."""

import datetime
import html
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from events.models import Event
from newsletters.demo import dating, loader
from newsletters.export.documents import render_source
from newsletters.export.formats import FORMATS
from newsletters.models import Article, Issue, Photo
from tests.newsletters.test_demo_texts import SEED_TEXT
from unlops.dates import DatePrecision, parse_partial_date

FACTS = loader.read_facts()
MONTHS = (
    "January February March April May June July August September October November December".split()
)
DAY_DATE = re.compile(
    r"\b(\d{1,2})(?:(?:–|-| and )(\d{1,2}))? (" + "|".join(MONTHS) + r")\b(?: (\d{4}))?"
)
# Days printed that are not the seed's: each says why it may be.
NOT_FROM_THE_SEED = {
    # The demo's record of when this CMS published it ("Published 15 June 2017"), not a fact the
    # pages report: the printed issue gives no publication date.
    loader.PUBLISHED_AT.date(): "the demo issue's publication in the CMS",
    # The facts' note on the EU Military Staff's seminar names the day of International Women's
    # Day, to say that the seminar's own day is not stated.
    datetime.date(2017, 3, 8): "International Women's Day, in a note of the facts",
}
HREF = re.compile(r'href="([^"]+)"')
MOST_PAGES = 600
# Filters show the same rows as the pages without them; the year and the page change the chart.
KEPT_QUERIES = re.compile(r"^((year|page)=\d+&?)*$")
# A topic's page lists articles as the issue page does, with no date of its own.
SKIPPED = ("/admin/", "/media/", "/static/", "/topics/")


def day_dates(text):
    """(day, month, year or None) for each day-date written in ``text``; a range gives both ends."""
    found = set()
    for match in DAY_DATE.finditer(text):
        month = MONTHS.index(match[3]) + 1
        year = int(match[4]) if match[4] else None
        for day in filter(None, (match[1], match[2])):
            found.add((int(day), month, year))
    return found


def given_days():
    """Every day the facts give: events known to the day (or to a day within two), each end of
    their ranges and any second date, and photos' dates as their captions give them."""
    days = set()
    for event in FACTS["events"]:
        if event["date_precision"] not in {"day", "within"}:
            continue
        for value in (event["start"], event["end"], event.get("alternative_start")):
            if value:
                days.add(datetime.date.fromisoformat(value))
    for photo in FACTS["photos"]:
        taken_on, precision = dating.photo_date(photo)
        if precision == DatePrecision.DAY:
            days.add(taken_on)
    return days | set(NOT_FROM_THE_SEED)


def not_given(text, days):
    pairs = {(day.day, day.month) for day in days}
    return sorted(
        (d, m, y)
        for d, m, y in day_dates(text)
        if not (
            (y is not None and (y, m, d) in {(x.year, x.month, x.day) for x in days})
            or (y is None and (d, m) in pairs)
        )
    )


def visible_text(markup, between="\n"):
    """The text of a page, by default a line per element, so that "No. 1" and "October 2016" in
    two elements never read as a day."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", re.sub(r"\s+", " ", markup)))
    return re.sub(r"\s*\n\s*", between, text)


def crawl(client):
    """Every public page and feed a visitor reaches from the home page and the sitemaps."""
    # The timeline's years are a form's choices, not links: each draws its own chart.
    years = [f"/events/?year={year}" for year in (2015, 2016, 2017)]
    queue = deque(["/", "/sitemap.xml", "/feeds/articles/", "/feeds/issues/", *years])
    seen, pages = set(queue), {}
    while queue and len(pages) < MOST_PAGES:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code == 200, path
        if not response["Content-Type"].startswith(("text/html", "application/")):
            continue
        body = response.content.decode()
        pages[path] = body
        links = HREF.findall(body) + re.findall(r"<loc>([^<]+)</loc>", body)
        for link in links:
            url = urlsplit(urljoin("http://testserver" + path, html.unescape(link)))
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc not in {"testserver", "example.com"} or target in seen:
                continue
            if not KEPT_QUERIES.match(url.query):
                continue
            if url.path.startswith(SKIPPED) or "/download/" in target:
                continue
            seen.add(target)
            queue.append(target)
    return pages


def test_the_scan_catches_a_first_of_the_month():
    days = {datetime.date(2016, 11, 17)}
    assert not_given("Titles as of 1 November 2016.", days) == [(1, 11, 2016)]
    assert not_given("On 17 November 2016, and between 16 and 17 November 2016.", days) == [
        (16, 11, 2016)
    ]
    assert not_given("17 November", days) == []
    assert not_given("November 2016 · 2016, month not known", days) == []


@pytest.mark.django_db
def test_no_page_feed_sitemap_or_export_prints_a_day_the_facts_do_not_give(client, demo):
    # The prose is the demo's own and is held to the seed by its own test; what is left is every
    # date the pages, charts, notes, captions and exports print from the data.
    Article.objects.update(body="", standfirst="")
    Issue.objects.update(foreword="")
    Event.objects.update(summary="")
    days = given_days()
    pages = crawl(client)
    assert len(pages) > 200  # Every event, person and organisation page, and more.
    assert {"/events/?page=2", "/events/?year=2015", "/sitemap-events.xml"} <= set(pages)
    problems = {path: not_given(visible_text(body), days) for path, body in pages.items()}
    issue = Issue.objects.get()
    for export_format in FORMATS:
        markup = render_source(issue, export_format).html
        problems[f"export {export_format}"] = not_given(visible_text(markup), days)
    assert {path: found for path, found in problems.items() if found} == {}


@pytest.mark.django_db
def test_month_and_year_only_events_print_no_day_on_their_pages(client, demo):
    coarse = Event.objects.filter(date_precision__in=[DatePrecision.MONTH, DatePrecision.YEAR])
    assert coarse.count() == 23  # 19 known to the month, 4 to the year.
    for event in coarse:
        page = visible_text(client.get(event.get_absolute_url()).content.decode(), " ")
        when = page[page.index(" When ") : page.index(" When ") + 40]
        assert not day_dates(when.split("(")[0]), (event.slug, when)
        if "Titles as of" in page:
            note = page[page.index("Titles as of") :].split(".")[0]
            assert note == f"Titles as of {event.date_span.opening}", event.slug
            assert not day_dates(note)


@pytest.mark.django_db
def test_the_seeds_upcoming_events_are_upcoming_as_of_the_issue_and_never_past(client, demo):
    upcoming = {e["key"] for e in FACTS["events"] if e["status"] == "upcoming"}
    assert len(upcoming) == 6
    planned = set(Event.objects.filter(status=Event.Status.PLANNED).values_list("slug", flat=True))
    assert planned == upcoming
    home = client.get("/").content.decode()
    aside = home[home.index('id="recent-visits"') : home.index("All events and visits")]
    issue = Issue.objects.get()
    page = client.get(issue.get_absolute_url()).content.decode()
    ahead = page[page.index('id="looking-ahead-title"') :]
    for event in Event.objects.filter(slug__in=upcoming):
        assert event.title not in aside, event.slug
        assert event.title in ahead, event.slug
    assert visible_text(ahead, " ").count("Upcoming as of October 2016 – May 2017") == 6
    summit = client.get("/events/eu-africa-summit-abidjan-2017-11/").content.decode()
    assert "Planned, as reported in the October 2016 – May 2017 issue" in summit


@pytest.mark.django_db
def test_the_two_dates_the_seed_gives_for_one_meeting_are_both_shown(client, demo):
    malta = Event.objects.get(slug="informal-eu-defence-ministers-malta-2017")
    page = visible_text(client.get(malta.get_absolute_url()).content.decode(), " ")
    assert "When 28 March 2017 or 26 April 2017 (" in page
    timeline = visible_text(client.get("/events/").content.decode(), " ")
    assert "28 March 2017 or 26 April 2017 · Valletta, Malta" in timeline


@pytest.mark.django_db
def test_captions_date_a_photo_no_more_exactly_than_it_is_known(demo):
    for photo in Photo.objects.all():
        found = day_dates(photo.caption)
        span = photo.date_span
        if span.precision == DatePrecision.DAY and span.known:
            days = [photo.taken_on]
            if photo.event and photo.event.alternative_start_date:
                # Where the source dates the event twice, the caption may say so.
                days += [photo.event.start_date, photo.event.alternative_start_date]
            allowed = {(d.day, d.month, year) for d in days for year in (d.year, None)}
            assert found <= allowed, photo
        else:
            assert not found, (photo.image.name, photo.caption)
        if not span.known:
            assert not re.search(r"\b(19|20)\d\d\b", photo.caption), photo.caption
    feltman = Photo.objects.get(image__contains="feltman")
    assert (feltman.taken_on_display, feltman.caption.endswith("New York, March 2017.")) == (
        "March 2017",
        True,
    )


# What the seed's caption of each photo says of its date: a fragment of the caption, and the date
# it gives (None: none).
SEED_CAPTIONS = {
    "photo-guterres-european-parliament": ("in Strasbourg, on 17 May 2017.", "2017-05-17"),
    "photo-mogherini-guterres-unhq": ("Headquarters, New York, on 9 May 2017.", "2017-05-09"),
    "photo-lacroix-vandeput": ("in Brussels on 5 May 2017. Credit: Belgian", "2017-05-05"),
    "photo-informal-defence-ministers-valletta": ("Malta, on 26 April 2017.", "2017-04-26"),
    "photo-feltman-ladsous-steering-committee": ("in New York, March 2017. Credit", "2017-03"),
    "photo-non-violence-sculpture": ("Visitors Entrance in New York. Credit: UN", None),
    # The seed's captions give no year; the issue's period does.
    "photo-macron-tusk-paris": ("in Paris, on 17 May. Credit", "2017-05-17"),
    "photo-jehangir-khan-interview": (
        "on the margins of the UN-EU Political Dialogue on Counter-Terrorism. Credit: UNRIC",
        None,
    ),
    "photo-stoltenberg-european-parliament": ("cooperation on 3 May in Brussels", "2017-05-03"),
    "photo-car-donor-conference-left": ("Pictured left at the CAR Donor Conference:", None),
    "photo-car-donor-conference-right": ("Pictured right: SRSG and Head of MINUSCA", None),
    "photo-libya-quartet": ("meeting in Brussels on 23 May 2017.", "2017-05-23"),
    "photo-whitfield-de-mistura": ("Foreign Affairs on 14 February 2017.", "2017-02-14"),
}


@pytest.mark.skipif(not SEED_TEXT.exists(), reason="the printed issue's text is not here")
def test_photo_dates_are_those_the_seeds_captions_give():
    seed = re.sub(r"\s+", " ", SEED_TEXT.read_text(encoding="utf-8"))
    assert set(SEED_CAPTIONS) == {photo["key"] for photo in FACTS["photos"]}
    for photo in FACTS["photos"]:
        fragment, given = SEED_CAPTIONS[photo["key"]]
        assert fragment in seed, fragment
        if given is None:
            assert not day_dates(fragment) and not re.search(r"\b20\d\d\b", fragment)
        assert dating.photo_date(photo) == parse_partial_date(given), photo["key"]
