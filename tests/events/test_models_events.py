import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from events.models import Event, Participation
from tests.factories import EventFactory, ParticipationFactory, PersonFactory
from unlops.dates import DatePrecision

pytestmark = pytest.mark.django_db

D = datetime.date


class TestEventConstraints:
    def test_cannot_end_before_it_starts(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            EventFactory(start_date=D(2017, 5, 5), end_date=D(2017, 5, 4))

    def test_needs_a_start_date_unless_the_date_is_unknown(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            EventFactory(start_date=None, end_date=None, date_precision=DatePrecision.MONTH)

    def test_may_be_undated_when_the_date_is_unknown(self):
        event = EventFactory(start_date=None, end_date=None, date_precision=DatePrecision.UNKNOWN)
        assert event.start_date is None

    def test_clean_names_the_end_date(self):
        event = Event(
            title="Annual UN-NATO staff talks",
            slug="un-nato-staff-talks",
            start_date=D(2017, 5, 5),
            end_date=D(2017, 5, 4),
        )
        with pytest.raises(ValidationError) as caught:
            event.full_clean()
        assert caught.value.message_dict["end_date"] == [
            "An event ends on or after the day it starts."
        ]

    def test_clean_names_the_start_date(self):
        event = Event(title="German elections", slug="german-elections", start_date=None)
        with pytest.raises(ValidationError) as caught:
            event.full_clean()
        assert caught.value.message_dict["start_date"] == [
            "Give a start date, or mark the date as unknown."
        ]

    def test_clean_accepts_an_unknown_date(self):
        Event(
            title="German elections",
            slug="german-elections",
            date_precision=DatePrecision.UNKNOWN,
        ).full_clean()

    def test_slug_is_unique(self):
        EventFactory(slug="eeas-dpa-europe-dialogue")
        with pytest.raises(IntegrityError), transaction.atomic():
            EventFactory(slug="eeas-dpa-europe-dialogue")


class TestEventSave:
    def test_one_day_event_ends_on_its_start(self):
        event = Event.objects.create(
            title="USG Jean-Pierre Lacroix meets Belgian Defence Minister Steven Vandeput",
            start_date=D(2017, 5, 5),
        )
        assert event.end_date == D(2017, 5, 5)
        assert (
            event.slug == "usg-jean-pierre-lacroix-meets-belgian-defence-minister-steven-vandeput"
        )

    def test_long_title_gives_a_slug_that_fits(self):
        event = Event.objects.create(title="Visit " * 45, start_date=D(2017, 5, 5))
        assert 0 < len(event.slug) <= 120


class TestEventDisplay:
    def test_day(self):
        event = EventFactory(start_date=D(2017, 5, 17), end_date=D(2017, 5, 17))
        assert event.dates_display == "17 May 2017"

    def test_range_in_one_month(self):
        event = EventFactory(start_date=D(2017, 3, 22), end_date=D(2017, 3, 24))
        assert event.dates_display == "22–24 March 2017"

    def test_within_two_days(self):
        event = EventFactory(
            title="Annual UN-NATO staff talks",
            start_date=D(2017, 5, 4),
            end_date=D(2017, 5, 5),
            date_precision=DatePrecision.WITHIN,
        )
        assert event.dates_display == "between 4 and 5 May 2017"

    def test_within_across_months(self):
        event = EventFactory(
            start_date=D(2017, 4, 28), end_date=D(2017, 5, 2), date_precision=DatePrecision.WITHIN
        )
        assert event.dates_display == "between 28 April and 2 May 2017"

    def test_within_across_years(self):
        event = EventFactory(
            start_date=D(2016, 12, 30), end_date=D(2017, 1, 2), date_precision=DatePrecision.WITHIN
        )
        assert event.dates_display == "between 30 December 2016 and 2 January 2017"

    def test_month(self):
        event = EventFactory(
            title="Visit of USG Jeffrey Feltman to Brussels",
            start_date=D(2016, 10, 1),
            end_date=D(2016, 10, 31),
            date_precision=DatePrecision.MONTH,
        )
        assert event.dates_display == "October 2016"

    def test_year(self):
        event = EventFactory(
            start_date=D(2017, 1, 1), end_date=D(2017, 12, 31), date_precision=DatePrecision.YEAR
        )
        assert event.dates_display == "2017"

    def test_unknown(self):
        event = EventFactory(start_date=None, end_date=None, date_precision=DatePrecision.UNKNOWN)
        assert event.dates_display == ""

    def test_unknown_precision_hides_a_stored_date(self):
        event = EventFactory(start_date=D(2017, 5, 5), date_precision=DatePrecision.UNKNOWN)
        assert event.dates_display == ""

    def test_place_display_joins_what_is_known(self):
        event = EventFactory(venue="European Parliament", city="Strasbourg", country="France")
        assert event.place_display == "European Parliament, Strasbourg, France"

    def test_place_display_skips_missing_parts(self):
        assert EventFactory(venue="", city="", country="Malta").place_display == "Malta"
        assert EventFactory(venue="", city="", country="").place_display == ""

    def test_str_with_dates(self):
        event = EventFactory(
            title="Informal meeting of EU Defence Ministers in Malta",
            start_date=D(2017, 3, 28),
        )
        assert str(event) == "Informal meeting of EU Defence Ministers in Malta (28 March 2017)"

    def test_str_without_dates(self):
        event = EventFactory(
            title="German elections",
            start_date=None,
            end_date=None,
            date_precision=DatePrecision.UNKNOWN,
        )
        assert str(event) == "German elections"

    def test_get_absolute_url(self):
        event = EventFactory(slug="eeas-dpa-europe-dialogue")
        assert event.get_absolute_url() == "/events/eeas-dpa-europe-dialogue/"


class TestEventQueries:
    def test_natural_key_round_trip(self):
        event = EventFactory(slug="mpcc-agreed")
        assert event.natural_key() == ("mpcc-agreed",)
        assert Event.objects.get_by_natural_key("mpcc-agreed") == event

    def test_visits(self):
        visit = EventFactory(
            kind=Event.Kind.HIGH_LEVEL_VISIT, title="First visit of USG Jean-Pierre Lacroix"
        )
        EventFactory(kind=Event.Kind.BRIEFING)
        assert list(Event.objects.visits()) == [visit]

    def test_latest_first(self):
        older = EventFactory(start_date=D(2017, 3, 28))
        newer = EventFactory(start_date=D(2017, 5, 17))
        assert list(Event.objects.all()) == [newer, older]

    def test_with_participants_orders_by_position(self):
        event = EventFactory()
        second = ParticipationFactory(event=event, position=2, role=Participation.Role.HOST)
        first = ParticipationFactory(event=event, position=1)
        fetched = Event.objects.with_participants().get(pk=event.pk)
        assert list(fetched.participations.all()) == [first, second]


class TestParticipation:
    def test_one_role_per_person_and_event(self):
        participation = ParticipationFactory(role=Participation.Role.BRIEFER)
        with pytest.raises(IntegrityError), transaction.atomic():
            ParticipationFactory(
                event=participation.event,
                person=participation.person,
                role=Participation.Role.BRIEFER,
            )

    def test_same_person_may_have_two_roles(self):
        participation = ParticipationFactory(role=Participation.Role.VISITOR)
        ParticipationFactory(
            event=participation.event,
            person=participation.person,
            role=Participation.Role.SPEAKER,
        )
        assert participation.event.participants.count() == 2

    def test_full_clean_refuses_a_repeated_role(self):
        participation = ParticipationFactory(role=Participation.Role.BRIEFER)
        duplicate = Participation(
            event=participation.event,
            person=participation.person,
            role=Participation.Role.BRIEFER,
        )
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert caught.value.message_dict[NON_FIELD_ERRORS] == [
            "Participant with this Event, Person and Role already exists."
        ]

    def test_person_who_took_part_cannot_be_deleted(self):
        participation = ParticipationFactory()
        with pytest.raises(ProtectedError):
            participation.person.delete()

    def test_deleting_the_event_deletes_participations(self):
        participation = ParticipationFactory()
        participation.event.delete()
        assert not Participation.objects.exists()

    def test_str(self):
        participation = ParticipationFactory(
            event=EventFactory(title="Informal meeting of EU Defence Ministers in Malta"),
            person=PersonFactory(name="Jean-Pierre Lacroix"),
            role=Participation.Role.BRIEFER,
        )
        assert str(participation) == (
            "Jean-Pierre Lacroix (Briefer) at Informal meeting of EU Defence Ministers in Malta"
        )

    def test_natural_key(self):
        participation = ParticipationFactory(
            event=EventFactory(slug="malta-ministerial"),
            person=PersonFactory(slug="jean-pierre-lacroix"),
            role=Participation.Role.BRIEFER,
        )
        assert participation.natural_key() == (
            "malta-ministerial",
            "jean-pierre-lacroix",
            "briefer",
        )
