"""Importing and exporting events with their participants."""

import datetime

import pytest
import tablib
from import_export.formats.base_formats import CSV, JSON, XLSX

from events.models import Event, Participation
from events.resources import EventResource
from tests.factories import EventFactory, OrganisationFactory, ParticipationFactory, PersonFactory
from tests.importing import import_errors

pytestmark = pytest.mark.django_db

HEADERS = [
    "slug",
    "kind",
    "title",
    "start_date",
    "end_date",
    "date_precision",
    "city",
    "country",
    "organisations",
    "participants",
]


@pytest.fixture
def known(db):
    PersonFactory(name="Jean-Pierre Lacroix", slug="jean-pierre-lacroix")
    PersonFactory(name="Miroslav Jenča", slug="miroslav-jenca")
    PersonFactory(name="Steven Vandeput", slug="steven-vandeput")
    OrganisationFactory(name="Department of Peacekeeping Operations", slug="dpko", acronym="DPKO")
    OrganisationFactory(name="North Atlantic Treaty Organization", slug="nato", acronym="NATO")
    OrganisationFactory(name="Government of Belgium", slug="gov-belgium", acronym="")


def test_event_with_participants_in_order_and_roles(known):
    data = tablib.Dataset(
        [
            "un-nato-staff-talks-2017",
            "meeting",
            "Annual UN-NATO staff talks",
            "2017-05-04",
            "2017-05-05",
            "within",
            "Brussels",
            "Belgium",
            "DPKO; NATO",
            "jean-pierre-lacroix:co-chair; miroslav-jenca:co-chair",
        ],
        [
            "lacroix-vandeput-meeting-2017-05-05",
            "meeting",
            "USG Lacroix meets Belgian Defence Minister Vandeput",
            "2017-05-05",
            "2017-05-05",
            "day",
            "Brussels",
            "Belgium",
            "dpko; gov-belgium",
            "jean-pierre-lacroix:visitor; steven-vandeput:host",
        ],
        headers=HEADERS,
    )
    result = EventResource().import_data(data)
    assert import_errors(result) == []
    talks = Event.objects.get(slug="un-nato-staff-talks-2017")
    assert [(p.person.slug, p.role, p.position) for p in talks.participations.all()] == [
        ("jean-pierre-lacroix", "co-chair", 1),
        ("miroslav-jenca", "co-chair", 2),
    ]
    assert talks.dates_display == "between 4 and 5 May 2017"
    assert sorted(talks.organisations.values_list("slug", flat=True)) == ["dpko", "nato"]
    meeting = Event.objects.get(slug="lacroix-vandeput-meeting-2017-05-05")
    assert meeting.start_date == datetime.date(2017, 5, 5)


def test_unknown_participant_or_role_rolls_back_the_file_and_names_the_row(known):
    data = tablib.Dataset(
        [
            "ok-event",
            "meeting",
            "A valid event",
            "2017-05-05",
            "",
            "day",
            "",
            "",
            "",
            "jean-pierre-lacroix:visitor",
        ],
        [
            "bad-event",
            "meeting",
            "An event naming someone unknown",
            "2017-05-05",
            "",
            "day",
            "",
            "",
            "UNKNOWNORG",
            "nobody-at-all:host; steven-vandeput:juggler",
        ],
        headers=HEADERS,
    )
    result = EventResource().import_data(data)
    errors = import_errors(result)
    assert [number for number, _ in errors] == [2]
    message = errors[0][1]
    assert "nobody-at-all" in message and "juggler" in message and "UNKNOWNORG" in message
    assert not Event.objects.exists()
    assert not Participation.objects.exists()


def test_event_ending_before_it_starts_is_a_row_error(known):
    data = tablib.Dataset(
        ["bad-dates", "summit", "Backwards", "2017-05-05", "2017-05-01", "day", "", "", "", ""],
        headers=HEADERS,
    )
    result = EventResource().import_data(data)
    errors = import_errors(result)
    assert len(errors) == 1 and errors[0][0] == 1
    assert not Event.objects.exists()


@pytest.mark.parametrize("file_format", [CSV, XLSX, JSON], ids=["csv", "xlsx", "json"])
def test_export_then_reimport_changes_nothing(known, file_format):
    parent = EventFactory(slug="car-donor-conference-2016-11-17", title="CAR donor conference")
    event = EventFactory(
        slug="margin-meetings",
        title="Meetings on the margins",
        parent=parent,
        date_precision="month",
        start_date=datetime.date(2016, 11, 1),
        end_date=datetime.date(2016, 11, 30),
    )
    event.organisations.set(OrganisationFactory._meta.model.objects.filter(slug="dpko"))
    ParticipationFactory(event=event, person=PersonFactory(slug="x-host"), role="host", position=1)
    ParticipationFactory(event=event, person=PersonFactory(slug="a-guest"), role="met-with")
    before_events = list(Event.objects.order_by("pk").values())
    before_people = list(Participation.objects.order_by("pk").values())

    fmt = file_format()
    exported = fmt.export_data(EventResource().export())
    result = EventResource().import_data(fmt.create_dataset(exported))

    assert import_errors(result) == []
    assert {row.import_type for row in result.rows} == {"skip"}
    assert list(Event.objects.order_by("pk").values()) == before_events
    assert list(Participation.objects.order_by("pk").values()) == before_people


def test_changed_participants_are_updated_not_duplicated(known):
    event = EventFactory(slug="ev")
    ParticipationFactory(event=event, person=PersonFactory(slug="someone"), role="host")
    data = EventResource().export()
    data.dict = [dict(row, participants="steven-vandeput:host") for row in data.dict]
    result = EventResource().import_data(data)
    assert import_errors(result) == []
    assert [row.import_type for row in result.rows] == ["update"]
    assert Event.objects.count() == 1
    assert list(event.participations.values_list("person__slug", "role")) == [
        ("steven-vandeput", "host")
    ]


def test_status_and_a_second_date_import_and_export(known):
    headers = [*HEADERS, "status", "alternative_start_date"]
    data = tablib.Dataset(
        [
            "eu-africa-summit",
            "summit",
            "EU-Africa Summit",
            "2017-11-01",
            "",
            "month",
            "Abidjan",
            "Côte d'Ivoire",
            "",
            "",
            "planned",
            "",
        ],
        [
            "malta-ministers",
            "ministerial",
            "Informal meeting of EU Defence Ministers",
            "2017-03-28",
            "",
            "day",
            "Valletta",
            "Malta",
            "",
            "",
            "held",
            "2017-04-26",
        ],
        headers=headers,
    )
    result = EventResource().import_data(data)
    assert import_errors(result) == []
    summit = Event.objects.get(slug="eu-africa-summit")
    assert summit.status == Event.Status.PLANNED
    assert summit.end_date == datetime.date(2017, 11, 30)  # A month ends on its last day.
    malta = Event.objects.get(slug="malta-ministers")
    assert malta.dates_display == "28 March 2017 or 26 April 2017"
    exported = EventResource().export().dict
    assert {row["slug"]: row["status"] for row in exported} == {
        "eu-africa-summit": "planned",
        "malta-ministers": "held",
    }
    assert [row["alternative_start_date"] for row in exported if row["slug"] == "malta-ministers"]


def test_a_status_it_does_not_know_is_a_row_error(known):
    data = tablib.Dataset(
        ["rumour", "summit", "A summit", "2017-11-01", "", "month", "", "", "", "", "rumoured"],
        headers=[*HEADERS, "status"],
    )
    errors = import_errors(EventResource().import_data(data))
    assert len(errors) == 1 and "rumoured" in errors[0][1]
    assert not Event.objects.exists()
