"""The timeline's chart counts an event in a month only where its month is known."""

import datetime

import pytest

from events.chart import count, month_chart
from events.models import Event
from tests.factories import EventFactory, shown_in_published_work
from unlops.dates import DatePrecision

pytestmark = pytest.mark.django_db

D = datetime.date


def bars_by_month(chart):
    return {bar["month"]: bar["total"] for bar in chart["bars"]}


@pytest.fixture
def year_2017():
    """One event of each precision in 2017, and one with no date at all."""
    EventFactory(start_date=D(2017, 5, 17))  # 17 May: May.
    EventFactory(
        kind=Event.Kind.HIGH_LEVEL_VISIT, start_date=D(2017, 5, 30), end_date=D(2017, 5, 31)
    )
    EventFactory(month_only=True)  # November 2017: November.
    EventFactory(start_date=D(2017, 5, 4), end_date=D(2017, 5, 5), date_precision="within")
    EventFactory(year_only=True)  # 2017: a bar of its own, not January.
    # On a day between 28 April and 2 May: April or May, so the month is not known.
    EventFactory(start_date=D(2017, 4, 28), end_date=D(2017, 5, 2), date_precision="within")
    # Two dates in the source, 28 March or 26 April: not silently March.
    EventFactory(start_date=D(2017, 3, 28), alternative_start_date=D(2017, 4, 26))
    EventFactory(start_date=None, date_precision=DatePrecision.UNKNOWN)


def test_each_event_is_counted_where_its_date_puts_it(year_2017):
    months, years, undated = count(Event.objects.all())
    assert months == {D(2017, 5, 1): (3, 1), D(2017, 11, 1): (1, 0)}
    assert years == {2017: (3, 0)}
    assert undated == 1


def test_a_year_only_event_is_never_counted_in_january(year_2017):
    chart = month_chart(Event.objects.all(), 2017)
    assert bars_by_month(chart)[D(2017, 1, 1)] == 0
    assert bars_by_month(chart)[D(2017, 3, 1)] == 0  # Nor the event with two dates in March.
    assert [(bar["year"], bar["total"]) for bar in chart["year_bars"]] == [(2017, 3)]
    assert chart["month_unknown"] == 3
    assert chart["total"] == 7  # Every dated event, in one bar or another.
    assert chart["undated"] == 1


def test_the_year_bars_stand_apart_from_the_months(year_2017):
    chart = month_chart(Event.objects.all(), 2017)
    last_month = chart["bars"][-1]
    year_bar = chart["year_bars"][0]
    assert year_bar["x"] >= last_month["x"] + last_month["width"] + 24  # A slot's gap at least.
    assert chart["apart_x"] < year_bar["x"]
    assert chart["width"] >= year_bar["x"] + year_bar["width"]
    # Drawn to the same scale: the tallest bar, May's three, is the full height.
    may = next(bar for bar in chart["bars"] if bar["month"] == D(2017, 5, 1))
    assert may["visits_height"] + may["others_height"] == year_bar["others_height"] == 120


def test_month_labels_come_from_the_formatter():
    EventFactory(start_date=D(2017, 1, 24))
    chart = month_chart(Event.objects.all(), 2017)
    assert [bar["initial"] for bar in chart["bars"]] == list("JFMAMJJASOND")
    assert chart["bars"][0]["show_year"] and chart["bars"][0]["year_label"] == "2017"


def test_years_outside_the_window_are_left_out():
    EventFactory(start_date=D(2017, 5, 17))
    EventFactory(start_date=D(2016, 6, 1), date_precision=DatePrecision.MONTH)
    EventFactory(start_date=D(2016, 1, 1), date_precision=DatePrecision.YEAR)
    EventFactory(start_date=D(2015, 1, 1), date_precision=DatePrecision.YEAR)
    chart = month_chart(Event.objects.all())
    assert chart["first"] == D(2016, 6, 1) and chart["last"] == D(2017, 5, 1)
    assert [bar["year"] for bar in chart["year_bars"]] == [2016]


def test_only_year_only_events_still_draw_their_year():
    EventFactory(year_only=True)
    chart = month_chart(Event.objects.all())
    assert chart["highest"] == 1
    assert sum(bar["total"] for bar in chart["bars"]) == 0
    assert [bar["year"] for bar in chart["year_bars"]] == [2017]


def test_nothing_to_draw():
    EventFactory(start_date=None, date_precision=DatePrecision.UNKNOWN)
    assert month_chart(Event.objects.all()) is None


def test_the_page_draws_the_year_bars_and_says_what_is_left_out(client, year_2017):
    shown_in_published_work(*Event.objects.all())
    page = client.get("/events/?year=2017").content.decode()
    assert "2017, month not known: 3 events" in page
    assert "3 events whose month is not known are counted apart, by year." in page
    assert "January 2017: 0 events" in page
    # The year filter keeps the dated events of 2017 only.
    assert "Not shown" not in page
    page = client.get("/events/").content.decode()
    assert "Not shown: 1 event whose date is not known." in page
