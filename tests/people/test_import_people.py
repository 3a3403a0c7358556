"""Importing and exporting organisations, people and appointments."""

import datetime

import pytest
import tablib
from import_export.formats.base_formats import CSV, JSON, XLSX

from people.models import Appointment, Organisation, Person
from people.resources import AppointmentResource, OrganisationResource, PersonResource
from tests.factories import AppointmentFactory, OrganisationFactory, PersonFactory
from tests.importing import import_errors

pytestmark = pytest.mark.django_db


def dataset(headers, *rows):
    return tablib.Dataset(*rows, headers=headers)


def test_people_import_creates_rows_keyed_by_slug():
    data = dataset(
        ["slug", "name", "honorific"],
        ["ivan-simonovic", "Ivan Šimonović", ""],
        ["teresa-whitfield", "Teresa Whitfield", "Ms."],
    )
    result = PersonResource().import_data(data)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Person.objects.get(slug="ivan-simonovic").name == "Ivan Šimonović"
    assert Person.objects.get(slug="teresa-whitfield").sort_name == "Whitfield Teresa"


def test_organisation_parent_is_named_by_acronym_or_slug():
    OrganisationFactory(name="United Nations", slug="un", acronym="UN")
    OrganisationFactory(name="Council of the European Union", slug="council-eu", acronym="")
    data = dataset(
        ["slug", "name", "acronym", "kind", "parent"],
        ["dpko", "Department of Peacekeeping Operations", "DPKO", "un-entity", "UN"],
        ["psc", "Political and Security Committee", "PSC", "eu-body", "council-eu"],
    )
    result = OrganisationResource().import_data(data)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Organisation.objects.get(slug="dpko").parent.slug == "un"
    assert Organisation.objects.get(slug="psc").parent.slug == "council-eu"


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row():
    OrganisationFactory(name="United Nations", slug="un", acronym="UN")
    data = dataset(
        ["slug", "name", "acronym", "kind", "parent"],
        ["dpa", "Department of Political Affairs", "DPA", "un-entity", "UN"],
        ["unsmil", "UN Support Mission in Libya", "UNSMIL", "un-mission", "NOPE"],
        ["unowas", "UN Office for West Africa and the Sahel", "UNOWAS", "un-mission", "UN"],
    )
    result = OrganisationResource().import_data(data)
    assert result.has_validation_errors()
    errors = import_errors(result)
    assert [number for number, _ in errors] == [2]
    assert "NOPE" in errors[0][1]
    assert set(Organisation.objects.values_list("slug", flat=True)) == {"un"}


def test_a_bad_choice_and_a_missing_name_are_reported_per_row():
    data = dataset(
        ["slug", "name", "acronym", "kind", "parent"],
        ["eeas", "European External Action Service", "EEAS", "eu-body", ""],
        ["nato", "North Atlantic Treaty Organization", "NATO", "military-club", ""],
        ["x", "", "", "other", ""],
    )
    result = OrganisationResource().import_data(data)
    errors = import_errors(result)
    assert [number for number, _ in errors] == [2, 3]
    assert "military-club" in errors[0][1]
    assert Organisation.objects.count() == 0


def test_appointments_name_person_and_organisation_by_natural_keys():
    PersonFactory(name="Hervé Ladsous", slug="herve-ladsous")
    OrganisationFactory(name="Department of Peacekeeping Operations", slug="dpko", acronym="DPKO")
    data = dataset(
        ["person", "organisation", "title", "short_title", "start_date", "end_date", "note"],
        [
            "herve-ladsous",
            "DPKO",
            "Under-Secretary-General for Peacekeeping Operations",
            "USG",
            "2011-09-02",
            "2017-03-31",
            "",
        ],
    )
    result = AppointmentResource().import_data(data)
    assert not result.has_errors() and not result.has_validation_errors()
    appointment = Appointment.objects.get()
    assert appointment.end_date == datetime.date(2017, 3, 31)
    assert appointment.person.described_on(datetime.date(2026, 1, 1)).startswith("former ")


def test_appointment_ending_before_it_starts_is_refused_with_the_reason():
    PersonFactory(slug="jean-pierre-lacroix")
    OrganisationFactory(slug="dpko", acronym="DPKO")
    data = dataset(
        ["person", "organisation", "title", "start_date", "end_date"],
        ["jean-pierre-lacroix", "DPKO", "USG", "2017-04-01", "2017-01-01"],
    )
    result = AppointmentResource().import_data(data)
    errors = import_errors(result)
    assert len(errors) == 1 and "end" in errors[0][1].lower()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("file_format", [CSV, XLSX, JSON], ids=["csv", "xlsx", "json"])
def test_export_then_reimport_changes_nothing(file_format):
    un = OrganisationFactory(name="United Nations", slug="un", acronym="UN")
    dpko = OrganisationFactory(
        name="Department of Peacekeeping Operations", slug="dpko", acronym="DPKO", parent=un
    )
    OrganisationFactory(name="Council of the EU", slug="council-eu", acronym="", parent=None)
    AppointmentFactory(
        person=PersonFactory(name="Jean-Pierre Lacroix", slug="jean-pierre-lacroix"),
        organisation=dpko,
        start_date=datetime.date(2017, 4, 1),
    )
    for resource_class, model in [
        (OrganisationResource, Organisation),
        (PersonResource, Person),
        (AppointmentResource, Appointment),
    ]:
        before = list(model.objects.order_by("pk").values())
        fmt = file_format()
        exported = fmt.export_data(resource_class().export())
        reread = fmt.create_dataset(exported)
        result = resource_class().import_data(reread)
        assert not result.has_errors() and not result.has_validation_errors()
        assert {row.import_type for row in result.rows} == {"skip"}, model
        assert list(model.objects.order_by("pk").values()) == before


def test_export_escapes_spreadsheet_formulae_and_reimport_restores_them():
    PersonFactory(name='=HYPERLINK("http://evil")', slug="formula", biography="+1 tip")
    exported = CSV().export_data(PersonResource().export())
    assert "'=HYPERLINK" in exported
    assert ",'+1 tip" in exported
    result = PersonResource().import_data(CSV().create_dataset(exported))
    assert {row.import_type for row in result.rows} == {"skip"}
    assert Person.objects.get(slug="formula").name == '=HYPERLINK("http://evil")'


def test_dry_run_previews_a_diff_and_writes_nothing():
    PersonFactory(name="Federica Mogherini", slug="federica-mogherini", honorific="")
    data = dataset(
        ["slug", "name", "honorific"],
        ["federica-mogherini", "Federica Mogherini", "Ms."],
        ["miroslav-jenca", "Miroslav Jenča", ""],
    )
    result = PersonResource().import_data(data, dry_run=True)
    assert [row.import_type for row in result.rows] == ["update", "new"]
    honorific_cell = result.rows[0].diff[result.diff_headers.index("honorific")]
    assert "<ins" in honorific_cell and "Ms." in honorific_cell
    assert Person.objects.count() == 1
    assert Person.objects.get().honorific == ""


TERM_VALUES = [
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "ended",
    "in_post_on",
    "in_post_precision",
]


@pytest.fixture
def posts_of_every_kind():
    ep = OrganisationFactory(name="European Parliament", slug="ep", acronym="")
    dpko = OrganisationFactory(name="Department of Peacekeeping Operations", slug="dpko")
    AppointmentFactory(
        person=PersonFactory(name="Antonio Tajani", slug="antonio-tajani"),
        organisation=ep,
        title="President of the European Parliament",
        start_date=datetime.date(2017, 1, 1),
        start_precision="month",
    )
    AppointmentFactory(
        person=PersonFactory(name="Martin Schulz", slug="martin-schulz"),
        organisation=ep,
        title="President of the European Parliament",
        start_date=None,
        end_date=datetime.date(2017, 1, 31),
        end_precision="month",
    )
    AppointmentFactory(
        person=PersonFactory(name="Hervé Ladsous", slug="herve-ladsous"),
        organisation=dpko,
        start_date=None,
        ended=True,
        in_post_on=datetime.date(2017, 3, 16),
    )
    AppointmentFactory(
        person=PersonFactory(name="Alexander Vershbow", slug="alexander-vershbow"),
        organisation=OrganisationFactory(name="NATO", slug="nato", acronym="NATO"),
        title="Deputy Secretary General of NATO",
        start_date=datetime.date(2012, 1, 1),
        start_precision="year",
        ended=True,
        in_post_on=datetime.date(2016, 10, 1),
        in_post_precision="month",
    )


def terms():
    return sorted(
        Appointment.objects.values_list("person__slug", *TERM_VALUES), key=lambda row: row[0]
    )


@pytest.mark.parametrize("file_format", [CSV, XLSX, JSON], ids=["csv", "xlsx", "json"])
def test_precisions_and_ended_survive_export_and_import(posts_of_every_kind, file_format):
    before = terms()
    assert {row[2] for row in before} == {"month", "year", "unknown"}
    fmt = file_format()
    exported = fmt.export_data(AppointmentResource().export())
    Appointment.objects.all().delete()
    result = AppointmentResource().import_data(fmt.create_dataset(exported))
    assert not result.has_errors() and not result.has_validation_errors()
    assert terms() == before
    # And a second import of the same file finds nothing to change.
    again = AppointmentResource().import_data(fmt.create_dataset(exported))
    assert {row.import_type for row in again.rows} == {"skip"}


def test_a_file_without_the_new_columns_reads_as_before(posts_of_every_kind):
    data = dataset(
        ["person", "organisation", "title", "start_date", "end_date"],
        ["antonio-tajani", "ep", "Member of the European Parliament", "", "2017-01-16"],
    )
    result = AppointmentResource().import_data(data)
    assert not result.has_errors() and not result.has_validation_errors()
    member = Appointment.objects.get(title="Member of the European Parliament")
    assert member.start_precision == "unknown"
    assert (member.end_date, member.end_precision, member.ended) == (
        datetime.date(2017, 1, 16),
        "day",
        True,
    )


def test_a_month_given_as_any_day_of_it_is_kept_as_the_month(posts_of_every_kind):
    data = dataset(
        ["person", "organisation", "title", "start_date", "start_precision", "ended"],
        ["martin-schulz", "ep", "Member of the European Parliament", "1994-07-19", "month", ""],
    )
    result = AppointmentResource().import_data(data)
    assert not result.has_errors() and not result.has_validation_errors()
    member = Appointment.objects.get(person__slug="martin-schulz", title__startswith="Member")
    assert (member.start_date, member.start_precision) == (datetime.date(1994, 7, 1), "month")
    assert member.dates_display == "July 1994 – present"


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("start_precision", "week", "week"),
        ("start_precision", "within", "within"),
        ("ended", "perhaps", "perhaps"),
    ],
)
def test_a_bad_precision_or_ended_is_refused_and_named(posts_of_every_kind, column, value, named):
    row = {
        "person": "antonio-tajani",
        "organisation": "ep",
        "title": "Member of the European Parliament",
        "start_date": "2014-07-01",
        column: value,
    }
    result = AppointmentResource().import_data(dataset(list(row), list(row.values())))
    errors = import_errors(result)
    assert len(errors) == 1 and named in errors[0][1]
    assert not Appointment.objects.filter(title="Member of the European Parliament").exists()


def test_a_date_marked_unknown_is_refused_with_the_reason(posts_of_every_kind):
    data = dataset(
        ["person", "organisation", "title", "start_date", "start_precision"],
        ["antonio-tajani", "ep", "Member of the European Parliament", "2014-07-01", "unknown"],
    )
    errors = import_errors(AppointmentResource().import_data(data))
    assert len(errors) == 1 and "known to the day, the month or the year" in errors[0][1]
