"""The one date formatter (unlops.dates) and the one filter pages print dates with (``when``)."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import override_settings

from unlops.dates import DatePrecision, DateSpan, format_date, format_datetime, format_range
from unlops.templatetags.dates import when

D = datetime.date
P = DatePrecision
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (DateSpan(D(2017, 5, 17), D(2017, 5, 17), P.DAY), "17 May 2017"),
        (DateSpan(D(2017, 5, 4), D(2017, 5, 5), P.DAY), "4–5 May 2017"),
        (DateSpan(D(2017, 4, 28), D(2017, 5, 2), P.DAY), "28 April – 2 May 2017"),
        (DateSpan(D(2017, 5, 4), D(2017, 5, 5), P.WITHIN), "between 4 and 5 May 2017"),
        (DateSpan(D(2017, 4, 28), D(2017, 5, 2), P.WITHIN), "between 28 April and 2 May 2017"),
        (
            DateSpan(D(2016, 12, 30), D(2017, 1, 2), P.WITHIN),
            "between 30 December 2016 and 2 January 2017",
        ),
        (DateSpan(D(2016, 11, 1), D(2016, 11, 30), P.MONTH), "November 2016"),
        (DateSpan(D(2016, 11, 1), None, P.MONTH), "November 2016"),
        (DateSpan(D(2016, 10, 1), D(2017, 5, 31), P.MONTH), "October 2016 – May 2017"),
        (DateSpan(D(2017, 1, 1), D(2017, 12, 31), P.YEAR), "2017"),
        (DateSpan(D(2015, 1, 1), D(2016, 12, 31), P.YEAR), "2015–2016"),
        (DateSpan(D(2017, 3, 1), D(2017, 3, 1), P.UNKNOWN), ""),
        (DateSpan(None, None, P.DAY), ""),
        (
            DateSpan(D(2017, 3, 28), D(2017, 3, 28), P.DAY, alternative=D(2017, 4, 26)),
            "28 March 2017 or 26 April 2017",
        ),
        (
            DateSpan(D(2017, 3, 1), D(2017, 3, 31), P.MONTH, alternative=D(2017, 4, 1)),
            "March 2017 or April 2017",
        ),
    ],
)
def test_every_precision_prints_no_more_than_it_holds(span, expected):
    assert str(span) == expected
    assert when(span) == expected
    assert when(SimpleNamespace(date_span=span)) == expected  # Any row with a date_span.


@pytest.mark.parametrize(
    ("precision", "expected"),
    [(P.DAY, "1 November 2016"), (P.MONTH, "November 2016"), (P.YEAR, "2016"), (P.UNKNOWN, "")],
)
def test_a_month_or_year_never_prints_its_first_day(precision, expected):
    assert format_date(D(2016, 11, 1), precision) == expected
    assert when(D(2016, 11, 1), "" if precision == P.DAY else precision) == expected


def test_the_span_knows_its_first_and_last_possible_days():
    month = DateSpan(D(2017, 11, 1), D(2017, 11, 1), P.MONTH)  # An end typed as the 1st.
    assert (month.first_day, month.last_day) == (D(2017, 11, 1), D(2017, 11, 30))
    year = DateSpan(D(2017, 1, 1), None, P.YEAR)
    assert year.last_day == D(2017, 12, 31)
    assert year.ended_before(D(2018, 1, 1)) and not year.ended_before(D(2017, 12, 31))
    two = DateSpan(D(2017, 3, 28), D(2017, 3, 28), P.DAY, alternative=D(2017, 4, 26))
    assert (two.first_day, two.last_day) == (D(2017, 3, 28), D(2017, 4, 26))
    assert two.starts_after(D(2017, 3, 27)) and not two.starts_after(D(2017, 3, 28))
    unknown = DateSpan(None, None, P.UNKNOWN)
    assert unknown.first_day is None and not unknown.ended_before(D(2099, 1, 1))


@pytest.mark.parametrize(
    ("span", "month"),
    [
        (DateSpan(D(2017, 5, 17), D(2017, 5, 17), P.DAY), D(2017, 5, 1)),
        (DateSpan(D(2017, 5, 30), D(2017, 6, 2), P.DAY), D(2017, 5, 1)),  # Starts in May.
        (DateSpan(D(2016, 11, 1), D(2016, 11, 30), P.MONTH), D(2016, 11, 1)),
        (DateSpan(D(2017, 5, 4), D(2017, 5, 5), P.WITHIN), D(2017, 5, 1)),
        (DateSpan(D(2017, 4, 28), D(2017, 5, 2), P.WITHIN), None),  # April or May.
        (DateSpan(D(2017, 1, 1), D(2017, 12, 31), P.YEAR), None),
        (DateSpan(D(2017, 3, 28), None, P.DAY, alternative=D(2017, 4, 26)), None),
        (DateSpan(None, None, P.UNKNOWN), None),
    ],
)
def test_the_month_is_given_only_where_it_is_known(span, month):
    assert span.month == month


def test_the_opening_of_a_span_keeps_its_precision():
    assert str(DateSpan(D(2016, 11, 1), D(2016, 11, 30), P.MONTH).opening) == "November 2016"
    assert str(DateSpan(D(2015, 1, 1), D(2015, 12, 31), P.YEAR).opening) == "2015"
    assert str(DateSpan(D(2017, 5, 4), D(2017, 5, 5), P.WITHIN).opening) == "4 May 2017"
    assert str(DateSpan(None, None, P.UNKNOWN).opening) == ""


@override_settings(TIME_ZONE="Europe/Brussels", USE_TZ=True)
def test_timestamps_are_read_in_the_sites_time_zone():
    # 23:30 in UTC on 16 May is already 17 May in Brussels.
    moment = datetime.datetime(2017, 5, 16, 23, 30, tzinfo=datetime.UTC)
    assert when(moment) == "17 May 2017"
    assert when(moment, "minute") == "17 May 2017, 01:30"
    assert when(moment, "time") == "01:30"
    assert format_datetime(moment.astimezone(BRUSSELS)) == "17 May 2017, 01:30"
    assert format_range(moment, moment) == "17 May 2017"


def test_the_filter_refuses_a_style_it_does_not_know():
    with pytest.raises(ValueError):
        when(D(2017, 5, 17), "weekday")
    with pytest.raises(Exception, match="date and time"):
        when(D(2017, 5, 17), "minute")
    assert when(None) == when("") == ""


def test_templates_load_the_filter_from_the_site_app():
    template = Template('{% load dates %}{{ event|when }} · {{ day|when:"month" }}')
    event = SimpleNamespace(date_span=DateSpan(D(2017, 11, 1), D(2017, 11, 30), P.MONTH))
    rendered = template.render(Context({"event": event, "day": D(2017, 5, 31)}))
    assert rendered == "November 2017 · May 2017"
