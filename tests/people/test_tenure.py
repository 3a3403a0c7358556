"""Appointments known to a day, a month, a year or not at all; ended on a known date or not."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from people.models import Appointment
from tests.factories import AppointmentFactory, OrganisationFactory, PersonFactory
from unlops.dates import DatePrecision

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR, UNKNOWN = (
    DatePrecision.DAY,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
    DatePrecision.UNKNOWN,
)
PRESIDENT = "President of the European Parliament"
MEP = "Member of the European Parliament"
USG = "Under-Secretary-General for Peacekeeping Operations"


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def parliament():
    return OrganisationFactory(name="European Parliament", slug="ep")


def post(person=None, **values):
    values = {"start_date": None, "end_date": None, **values}
    return AppointmentFactory(person=person or PersonFactory(), **values)


@pytest.fixture
def tajani(parliament):
    """President since January 2017 (month only), a member since a date not known."""
    person = PersonFactory(name="Antonio Tajani", slug="antonio-tajani")
    post(person, organisation=parliament, title=MEP, short_title="MEP")
    post(
        person,
        organisation=parliament,
        title=PRESIDENT,
        start_date=d("2017-01-01"),
        start_precision=MONTH,
    )
    return person


@pytest.fixture
def schulz(parliament):
    """President until January 2017 (month only), start not known."""
    person = PersonFactory(name="Martin Schulz", slug="martin-schulz")
    post(
        person,
        organisation=parliament,
        title=PRESIDENT,
        end_date=d("2017-01-31"),
        end_precision=MONTH,
    )
    return person


@pytest.fixture
def abela():
    """Former minister: ended, on a date not known, and nothing else known."""
    person = PersonFactory(name="Carmelo Abela", slug="carmelo-abela")
    post(person, title="Minister for Home Affairs and National Security of Malta", ended=True)
    return person


@pytest.fixture
def ladsous():
    """Still in post on 16 March 2017, since left on a day not known."""
    person = PersonFactory(name="Hervé Ladsous", slug="herve-ladsous")
    post(person, title=USG, ended=True, in_post_on=d("2017-03-16"), in_post_precision=DAY)
    return person


@pytest.fixture
def lacroix():
    """In post by 26 April 2017 at the latest, start not known."""
    person = PersonFactory(name="Jean-Pierre Lacroix", slug="jean-pierre-lacroix")
    post(person, title=USG, in_post_on=d("2017-04-26"), in_post_precision=DAY)
    return person


class TestMonthPrecision:
    def test_a_month_start_holds_from_the_month_s_last_day(self, tajani):
        assert tajani.title_on(d("2016-12-31")) == MEP
        # Some day in January: perhaps President, perhaps not yet. Only what is certain shows.
        assert tajani.title_on(d("2017-01-01")) == MEP
        assert tajani.title_on(d("2017-01-17")) == MEP
        assert tajani.title_on(d("2017-01-31")) == PRESIDENT
        assert tajani.title_on(d("2017-02-01")) == PRESIDENT

    def test_a_month_end_is_not_held_after_the_month_and_unknown_within_it(self, schulz):
        president = schulz.appointments.get()
        assert president.held_during(d("2016-12-31")) is True
        assert president.held_during(d("2017-01-01")) is True
        assert president.held_during(d("2017-01-16")) is None
        assert president.held_during(d("2017-01-31")) is None
        assert president.held_during(d("2017-02-01")) is False

    def test_described_around_a_month_end(self, schulz):
        assert schulz.described_on(d("2016-12-01")) == f"then {PRESIDENT}"
        assert schulz.title_on(d("2017-01-16")) == ""
        # Perhaps still President on 16 January, but he has left by now: "former" is true.
        assert schulz.described_on(d("2017-01-16")) == f"former {PRESIDENT}"
        assert schulz.described_on(d("2017-02-01")) == f"former {PRESIDENT}"

    def test_a_period_holding_the_whole_start_month_holds_a_day_of_the_post(self, tajani):
        president = tajani.appointments.get(title=PRESIDENT)
        assert president.held_during(d("2017-01-10"), d("2017-01-20")) is None
        assert president.held_during(d("2017-01-01"), d("2017-01-31")) is True
        assert president.held_during(d("2016-12-01"), d("2016-12-31")) is False

    def test_year_precision(self):
        person = PersonFactory()
        post(
            person,
            title="Envoy",
            start_date=d("2011-06-01"),
            start_precision=YEAR,
            end_date=d("2013-02-01"),
            end_precision=YEAR,
        )
        assert person.title_on(d("2010-12-31")) == ""
        assert person.title_on(d("2011-12-30")) == ""  # Not known: the start is some day of 2011.
        assert person.title_on(d("2011-12-31")) == "Envoy"
        assert person.title_on(d("2013-01-01")) == "Envoy"
        assert person.title_on(d("2013-06-01")) == ""
        assert person.title_on(d("2014-01-01")) == ""
        assert person.described_on(d("2014-01-01")) == "former Envoy"


class TestEndedOnADateNotKnown:
    def test_never_certainly_held_and_former_everywhere(self, abela):
        for day in ("2010-01-01", "2017-04-26", "2030-01-01"):
            assert abela.title_on(d(day)) == ""
            assert abela.described_on(d(day)) == (
                "former Minister for Home Affairs and National Security of Malta"
            )
        assert (
            abela.described_on()
            == "former Minister for Home Affairs and National Security of Malta"
        )
        assert abela.current_appointments() == []
        assert not abela.appointments.get().is_current

    def test_a_day_in_post_is_held_and_the_days_around_it_are_not_known(self, ladsous):
        usg = ladsous.appointments.get()
        assert usg.held_during(d("2017-03-16")) is True
        assert usg.held_during(d("2017-03-15")) is None
        assert usg.held_during(d("2017-03-17")) is None
        assert ladsous.described_on(d("2017-03-16")) == f"then {USG}"
        assert ladsous.described_on(d("2017-05-31")) == f"former {USG}"

    def test_in_post_by_a_day_at_the_latest(self, lacroix):
        assert lacroix.title_on(d("2017-03-16")) == ""
        assert lacroix.described_on(d("2017-03-16")) == ""
        assert lacroix.title_on(d("2017-04-26")) == USG
        assert lacroix.title_on(d("2017-05-05")) == USG
        assert lacroix.appointments.get().is_current

    def test_a_month_in_post_holds_for_that_month_not_for_a_day_of_it(self):
        vershbow = PersonFactory(name="Alexander Vershbow")
        title = "Deputy Secretary General of NATO"
        post(vershbow, title=title, ended=True, in_post_on=d("2016-10-01"), in_post_precision=MONTH)
        assert vershbow.title_on(d("2016-10-01")) == ""
        assert vershbow.title_on(d("2016-10-01"), until=d("2016-10-31")) == title
        assert vershbow.described_on(d("2016-10-01"), until=d("2016-10-31")) == f"then {title}"
        assert vershbow.described_on(d("2016-10-01")) == f"former {title}"

    def test_a_post_taken_up_after_the_day_is_not_called_former(self):
        person = PersonFactory()
        post(person, title="Adviser", start_date=d("2018-01-01"), ended=True)
        assert person.described_on(d("2017-05-31")) == ""


class TestTheDatabaseAgrees:
    """held_on() in SQL gives what held_during() gives in Python, day by day."""

    DAYS = [
        "2010-06-01",
        "2016-10-01",
        "2016-10-31",
        "2016-12-31",
        "2017-01-01",
        "2017-01-16",
        "2017-01-31",
        "2017-02-01",
        "2017-03-15",
        "2017-03-16",
        "2017-03-17",
        "2017-04-26",
        "2017-12-31",
        "2018-01-01",
    ]

    def test_held_on_matches_held_during(self, tajani, schulz, abela, ladsous, lacroix):
        post(title="Year-long", start_date=d("2017-05-05"), start_precision=YEAR)
        post(title="Exact", start_date=d("2016-10-31"), end_date=d("2017-03-16"))
        post(title="Ended, started", start_date=d("2017-01-01"), start_precision=MONTH, ended=True)
        post(
            title="Month in post",
            ended=True,
            in_post_on=d("2016-10-01"),
            in_post_precision=MONTH,
        )
        appointments = list(Appointment.objects.all())
        assert len(appointments) == 10
        for text in self.DAYS:
            day = d(text)
            expected = {a.pk for a in appointments if a.held_during(day) is True}
            assert set(Appointment.objects.held_on(day).values_list("pk", flat=True)) == expected, (
                text
            )

    def test_current_leaves_out_ended_posts(self, abela, ladsous, lacroix, tajani):
        current = {a.title for a in Appointment.objects.current()}
        assert current == {USG, PRESIDENT, MEP}
        assert [a.person for a in Appointment.objects.current().filter(title=USG)] == [lacroix]


class TestStoringAndChecking:
    def test_month_and_year_are_kept_as_first_and_last_days(self):
        appointment = post(
            start_date=d("2017-01-17"),
            start_precision=MONTH,
            end_date=d("2018-03-03"),
            end_precision=YEAR,
            in_post_on=d("2017-06-20"),
            in_post_precision=MONTH,
        )
        appointment.refresh_from_db()
        assert appointment.start_date == d("2017-01-01")
        assert appointment.end_date == d("2018-12-31")
        assert appointment.in_post_on == d("2017-06-01")
        assert appointment.ended

    def test_a_missing_date_is_an_unknown_one(self):
        appointment = post(start_precision=DAY, end_precision=MONTH)
        appointment.refresh_from_db()
        assert (appointment.start_precision, appointment.end_precision) == (UNKNOWN, UNKNOWN)
        assert not appointment.ended

    def test_a_date_marked_unknown_is_refused_with_a_message(self):
        appointment = Appointment(
            person=PersonFactory(),
            organisation=OrganisationFactory(),
            title=USG,
            start_date=d("2017-04-01"),
            start_precision=UNKNOWN,
        )
        with pytest.raises(ValidationError) as caught:
            appointment.full_clean()
        assert (
            "known to the day, the month or the year"
            in caught.value.message_dict["start_precision"][0]
        )

    def test_an_end_in_the_start_month_is_not_before_the_start(self):
        appointment = Appointment(
            person=PersonFactory(),
            organisation=OrganisationFactory(),
            title=USG,
            start_date=d("2017-01-17"),
            start_precision=DAY,
            end_date=d("2017-01-01"),
            end_precision=MONTH,
        )
        appointment.full_clean()
        appointment.save()
        assert appointment.end_date == d("2017-01-31")

    def test_an_end_before_the_start_is_refused(self):
        appointment = Appointment(
            person=PersonFactory(),
            organisation=OrganisationFactory(),
            title=USG,
            start_date=d("2017-02-01"),
            start_precision=MONTH,
            end_date=d("2017-01-01"),
            end_precision=MONTH,
        )
        with pytest.raises(ValidationError) as caught:
            appointment.full_clean()
        assert caught.value.message_dict["end_date"] == [
            "An appointment cannot end before it starts."
        ]

    def test_a_day_in_post_outside_the_post_is_refused(self):
        appointment = Appointment(
            person=PersonFactory(),
            organisation=OrganisationFactory(),
            title=USG,
            end_date=d("2017-03-31"),
            in_post_on=d("2017-04-26"),
        )
        with pytest.raises(ValidationError) as caught:
            appointment.full_clean()
        assert "outside" in caught.value.message_dict["in_post_on"][0]

    def test_clean_ticks_ended_for_an_end_date(self):
        appointment = Appointment(
            person=PersonFactory(),
            organisation=OrganisationFactory(),
            title=USG,
            end_date=d("2017-03-31"),
        )
        appointment.full_clean()
        assert appointment.ended


class TestDatesAsWritten:
    @pytest.mark.parametrize(
        ("values", "expected"),
        [
            ({"start_date": d("2017-01-01"), "start_precision": MONTH}, "January 2017 – present"),
            ({"start_date": d("2017-04-01")}, "1 April 2017 – present"),
            (
                {"end_date": d("2017-01-31"), "end_precision": MONTH},
                "Date not known – January 2017",
            ),
            (
                {"start_date": d("2011-01-01"), "start_precision": YEAR, "ended": True},
                "2011 – end date not known",
            ),
            ({"ended": True}, "Dates not known; no longer held"),
            ({}, "Date not known – present"),
            ({"start_date": d("2099-01-01"), "start_precision": YEAR}, "2099 – …"),
        ],
    )
    def test_dates_display(self, values, expected):
        assert post(**values).dates_display == expected

    def test_a_month_only_date_never_prints_a_day(self):
        appointment = post(start_date=d("2017-01-17"), start_precision=MONTH)
        assert appointment.dates_display == "January 2017 – present"
        assert appointment.start_display == "January 2017"

    def test_in_post_display(self, ladsous):
        assert ladsous.appointments.get().in_post_display == "In post on 16 March 2017"
        month = post(ended=True, in_post_on=d("2016-10-01"), in_post_precision=MONTH)
        assert month.in_post_display == "In post in October 2016"
        assert post().in_post_display == ""
