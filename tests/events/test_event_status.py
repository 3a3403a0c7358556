"""Whether an event took place, and what a page says of it inside an issue and out of it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import Event
from events.views import heading
from tests.factories import EventFactory, IssueFactory
from unlops.dates import DatePrecision

pytestmark = pytest.mark.django_db

D = datetime.date
ISSUE_PERIOD = "October 2016 – May 2017"
TODAY = D(2026, 12, 3)


@pytest.fixture
def issue():
    return IssueFactory(period_start=D(2016, 10, 1), period_end=D(2017, 5, 31))


class TestOutsideAnIssue:
    def test_held_says_nothing_cancelled_says_so(self):
        assert EventFactory().status_label(today=TODAY) == ""
        assert EventFactory(cancelled=True).status_label(today=TODAY) == "Cancelled"

    def test_a_plan_is_upcoming_while_its_dates_are_ahead(self):
        summit = EventFactory(planned=True, month_only=True)  # November 2017.
        assert summit.status_label(today=D(2017, 6, 1)) == "Upcoming"
        # Known only to the month: not past before the month is over.
        assert summit.status_label(today=D(2017, 11, 30)) == "Upcoming"
        assert summit.status_label(today=D(2017, 12, 1)) == "Planned; not recorded as held"

    def test_a_plan_whose_date_has_passed_names_the_issue_that_reported_it(self, issue):
        summit = EventFactory(planned=True, month_only=True)
        assert summit.status_label(reported_in=issue, today=TODAY) == (
            f"Planned, as reported in the {ISSUE_PERIOD} issue"
        )

    def test_a_plan_without_a_date_is_only_planned(self):
        sofia = EventFactory(
            planned=True, start_date=None, end_date=None, date_precision=DatePrecision.UNKNOWN
        )
        assert sofia.status_label(today=TODAY) == "Planned"

    def test_the_note_pages_print_is_the_status_as_of_today(self):
        assert EventFactory(planned=True).status_note == "Planned; not recorded as held"
        future = EventFactory(planned=True, start_date=D(2099, 7, 6), end_date=D(2099, 7, 7))
        assert future.status_note == "Upcoming"


class TestInsideAnIssue:
    def test_a_plan_is_upcoming_as_of_the_issues_period(self, issue):
        for event in (
            EventFactory(planned=True, month_only=True),
            EventFactory(planned=True, year_only=True),  # 2017: overlaps the period.
            EventFactory(planned=True, start_date=D(2017, 6, 8)),
        ):
            assert event.status_label(issue=issue) == f"Upcoming as of {ISSUE_PERIOD}"

    def test_an_event_after_the_period_was_upcoming_for_the_issue_even_if_since_held(self, issue):
        later = EventFactory(start_date=D(2017, 7, 6), end_date=D(2017, 7, 7))
        assert later.status_label(issue=issue) == f"Upcoming as of {ISSUE_PERIOD}"
        assert later.status_label(today=TODAY) == ""

    def test_what_the_issue_reports_as_done_carries_no_label(self, issue):
        assert EventFactory(start_date=D(2017, 5, 17)).status_label(issue=issue) == ""

    def test_a_cancellation(self, issue):
        after = EventFactory(cancelled=True, start_date=D(2017, 11, 14))
        assert after.status_label(issue=issue) == (
            f"Upcoming as of {ISSUE_PERIOD}; since cancelled"
        )
        within = EventFactory(cancelled=True, start_date=D(2017, 3, 1))
        assert within.status_label(issue=issue) == "Cancelled"


class TestQuerySets:
    def test_recent_means_held_and_coming_means_planned_with_dates_ahead(self):
        held = EventFactory(start_date=D(2017, 5, 17))
        plan_past = EventFactory(planned=True, start_date=D(2017, 6, 8))
        plan_month = EventFactory(planned=True, month_only=True)  # November 2017.
        cancelled = EventFactory(cancelled=True, start_date=D(2017, 5, 1))
        on = D(2017, 11, 20)
        assert set(Event.objects.held_by(on)) == {held}
        assert set(Event.objects.coming_from(on)) == {plan_month}
        assert set(Event.objects.coming_from(D(2017, 6, 1))) == {plan_past, plan_month}
        assert cancelled not in Event.objects.held_by(on)

    def test_an_alternative_date_still_ahead_keeps_a_plan_coming(self):
        two = EventFactory(
            planned=True, start_date=D(2017, 3, 28), alternative_start_date=D(2017, 4, 26)
        )
        assert list(Event.objects.coming_from(D(2017, 4, 1))) == [two]

    def test_an_event_known_only_to_its_year_never_splits_a_january(self):
        EventFactory(title="B, 24 January", start_date=D(2017, 1, 24))
        EventFactory(
            title="A, in January",
            month_only=True,
            start_date=D(2017, 1, 1),
            end_date=D(2017, 1, 31),
        )
        EventFactory(title="C, on 1 January", start_date=D(2017, 1, 1))
        EventFactory(title="A, some time in 2017", year_only=True)
        EventFactory(title="Z, in December", start_date=D(2016, 12, 5))
        EventFactory(title="No date", start_date=None, date_precision=DatePrecision.UNKNOWN)
        headings = [heading(event) for event in Event.objects.newest_first()]
        assert headings == [
            "January 2017",
            "January 2017",
            "January 2017",
            "2017, month not known",
            "December 2016",
            "Date unknown",
        ]


class TestDates:
    def test_a_month_without_an_end_ends_on_its_last_day(self):
        event = EventFactory(
            start_date=D(2017, 2, 1), end_date=None, date_precision=DatePrecision.MONTH
        )
        assert event.end_date == D(2017, 2, 28)
        year = EventFactory(start_date=D(2015, 1, 1), end_date=None, date_precision="year")
        assert year.end_date == D(2015, 12, 31)
        day = EventFactory(start_date=D(2017, 5, 17), end_date=None)
        assert day.end_date == D(2017, 5, 17)

    def test_two_dates_from_the_source_are_both_printed(self):
        malta = EventFactory(start_date=D(2017, 3, 28), alternative_start_date=D(2017, 4, 26))
        assert malta.dates_display == "28 March 2017 or 26 April 2017"
        assert str(malta).endswith("(28 March 2017 or 26 April 2017)")

    def test_a_second_date_needs_a_first(self):
        event = EventFactory.build(
            start_date=None,
            end_date=None,
            date_precision=DatePrecision.UNKNOWN,
            alternative_start_date=D(2017, 4, 26),
        )
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "alternative_start_date" in error.value.error_dict
