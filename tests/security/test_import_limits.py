"""Imports within limits: upload size, rows, columns, a sheet's declared size, time; no control
characters stored."""

import itertools
import json
from unittest import mock

import openpyxl
import pytest
import tablib
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from events.models import Event
from events.resources import EventResource
from newsletters.models import Article
from newsletters.resources import ArticleResource
from people.models import Appointment, Organisation, Person
from people.resources import AppointmentResource, OrganisationResource, PersonResource
from tests.factories import IssueFactory, OrganisationFactory, PersonFactory
from tests.importing import (
    CSV,
    JSON,
    XLSX,
    csv_text,
    import_errors,
    tmp_files,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

PEOPLE = ["slug", "name", "honorific"]


def people(count):
    return [[f"person-{i}", f"Person {i}", ""] for i in range(count)]


def form_errors(response):
    errors = response.context["form"].errors.get("import_file", [])
    return " ".join(str(error) for error in errors).replace("\xa0", " ")


# Upload size ------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    content = xlsx_bytes(PEOPLE, *people(200))
    assert len(content) > 1024
    with mock.patch.object(openpyxl, "load_workbook", wraps=openpyxl.load_workbook) as load:
        response = upload(admin_client, "people_person", content, "people.xlsx", XLSX)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "an import takes at most 1.0 KB" in form_errors(response)
    assert not load.called
    assert tmp_files() == []
    assert not Person.objects.exists()


def test_the_import_form_states_the_limits(admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 5 * 2**20
    settings.IMPORT_MAX_ROWS = 10_000
    markup = admin_client.get("/admin/people/person/import/").content.decode()
    assert "At most 5.0\xa0MB and 10,000 rows." in markup


# Rows and columns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_format", "name", "make"),
    [
        (CSV, "people.csv", lambda rows: csv_text(PEOPLE, *rows)),
        (XLSX, "people.xlsx", lambda rows: xlsx_bytes(PEOPLE, *rows)),
        (
            JSON,
            "people.json",
            lambda rows: json.dumps([dict(zip(PEOPLE, r, strict=True)) for r in rows]),
        ),
    ],
    ids=["csv", "xlsx", "json"],
)
def test_more_rows_than_the_limit_are_refused_with_the_limit(
    admin_client, settings, file_format, name, make
):
    settings.IMPORT_MAX_ROWS = 3
    refused = upload(admin_client, "people_person", make(people(4)), name, file_format)
    assert "confirm_form" not in refused.context
    assert "more than 3 data rows" in form_errors(refused)
    assert tmp_files() == []
    accepted = upload(admin_client, "people_person", make(people(3)), name, file_format)
    assert "confirm_form" in accepted.context


def test_the_resource_itself_refuses_too_many_rows(settings):
    settings.IMPORT_MAX_ROWS = 3
    result = PersonResource().import_data(tablib.Dataset(*people(4), headers=PEOPLE))
    assert import_errors(result) == [
        (0, "The file has more than 3 data rows; split it into smaller files.")
    ]
    assert not Person.objects.exists()


def test_too_many_columns_are_refused(admin_client, settings):
    settings.IMPORT_MAX_COLUMNS = 5
    headers = [*PEOPLE, "a", "b", "c"]
    response = upload(admin_client, "people_person", csv_text(headers, [1] * 6))
    assert "6 columns; an import takes at most 5" in form_errors(response)


@pytest.fixture
def rows_read(monkeypatch):
    """The width of every row openpyxl hands out, in order."""
    widths = []
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            widths.append(len(row))
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return widths


def test_a_declared_sheet_dimension_is_not_built(admin_client, rows_read):
    content = xlsx_bytes(PEOPLE, *people(3), dimension="A1:XFD1048576")
    assert len(content) < 10_000
    response = upload(admin_client, "people_person", content, "people.xlsx", XLSX)
    assert "confirm_form" in response.context
    # Three columns and four rows, as the cells say, not 16,384 by 1,048,576 as declared.
    assert max(rows_read) == len(PEOPLE)
    assert len(rows_read) <= 2 * 5  # The header is read on its own; the preview reads again.


def test_rows_past_a_gap_are_read_no_further_than_the_row_limit(admin_client, settings, rows_read):
    settings.IMPORT_MAX_ROWS = 50
    last = b'<row r="600"><c r="A600" t="inlineStr"><is><t>late</t></is></c></row>'
    content = xlsx_bytes(PEOPLE, *people(3), dimension="A1:C600", extra_rows=last)
    response = upload(admin_client, "people_person", content, "people.xlsx", XLSX)
    assert "more than 50 data rows" in form_errors(response)
    assert len(rows_read) <= 50 + 2


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused(admin_client, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 20_000
    content = xlsx_bytes(PEOPLE, *people(400))
    response = upload(admin_client, "people_person", content, "people.xlsx", XLSX)
    assert "unpacks to more than" in form_errors(response)


# Time -------------------------------------------------------------------------------------------


@pytest.fixture
def slow_clock():
    """A clock that moves a second each time it is read."""
    ticks = itertools.count()
    with mock.patch("unlops.importing.clock", side_effect=lambda: float(next(ticks))):
        yield


def test_an_import_over_the_time_limit_stops_and_saves_nothing(settings, slow_clock):
    settings.IMPORT_TIME_LIMIT_SECONDS = 2.5
    result = PersonResource().import_data(tablib.Dataset(*people(5), headers=PEOPLE))
    assert import_errors(result) == [
        (
            0,
            "The import was stopped at row 3: it took longer than 2.5 seconds. "
            "Nothing was imported; split the file into smaller ones.",
        )
    ]
    assert not Person.objects.exists()


def test_the_admin_shows_the_time_limit_and_offers_no_confirm(admin_client, settings, slow_clock):
    settings.IMPORT_TIME_LIMIT_SECONDS = 2.5
    response = upload(admin_client, "people_person", csv_text(PEOPLE, *people(5)))
    assert "confirm_form" not in response.context
    markup = response.content.decode()
    assert "it took longer than 2.5 seconds" in markup
    assert "Traceback" not in markup
    assert tmp_files() == []


def test_a_confirm_over_the_time_limit_saves_nothing_and_says_so(admin_client, settings):
    from tests.importing import confirm_data

    preview = upload(admin_client, "people_person", csv_text(PEOPLE, *people(5)))
    ticks = itertools.count()
    settings.IMPORT_TIME_LIMIT_SECONDS = 2.5
    with mock.patch("unlops.importing.clock", side_effect=lambda: float(next(ticks))):
        done = admin_client.post(
            "/admin/people/person/process_import/", confirm_data(preview), follow=True
        )
    assert "it took longer than 2.5 seconds" in done.content.decode()
    assert not Person.objects.exists()
    assert tmp_files() == []


# Control characters -----------------------------------------------------------------------------


@pytest.fixture
def named(db):
    PersonFactory(slug="jean-pierre-lacroix")
    OrganisationFactory(slug="dpko", acronym="DPKO")
    IssueFactory(slug="october-2016-may-2017")


CASES = {
    "organisation": (
        OrganisationResource,
        Organisation,
        ["slug", "name", "kind"],
        ["dpa", "Department of {}Political Affairs", "un-entity"],
    ),
    "person": (PersonResource, Person, PEOPLE, ["ivan", "Ivan {}Šimonović", ""]),
    "appointment": (
        AppointmentResource,
        Appointment,
        ["person", "organisation", "title", "start_date"],
        ["jean-pierre-lacroix", "DPKO", "Under-Secretary{}-General", "2017-04-01"],
    ),
    "event": (
        EventResource,
        Event,
        ["slug", "kind", "title", "start_date", "date_precision"],
        ["talks", "meeting", "Staff talks{}", "2017-05-04", "day"],
    ),
    "article": (
        ArticleResource,
        Article,
        ["issue", "slug", "section", "position", "title", "body"],
        ["october-2016-may-2017", "update", "feature", "1", "{}NATO update", "<p>x</p>"],
    ),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85"], ids=repr)
def test_a_control_character_in_a_text_field_is_a_row_error(named, case, character):
    resource_class, model, headers, row = CASES[case]
    before = model.objects.count()
    data = tablib.Dataset([cell.format(character) for cell in row], headers=headers)
    errors = import_errors(resource_class().import_data(data))
    assert len(errors) == 1 and errors[0][0] == 1
    assert "control character (U+" in errors[0][1]
    assert f"U+{ord(character):04X}" in errors[0][1]
    assert model.objects.count() == before


def test_tabs_and_line_breaks_are_kept():
    data = tablib.Dataset(
        ["ivan", "Ivan", "Born in Zagreb.\r\n\tLawyer.\nDiplomat."],
        headers=["slug", "name", "biography"],
    )
    assert import_errors(PersonResource().import_data(data)) == []
    assert Person.objects.get().biography == "Born in Zagreb.\r\n\tLawyer.\nDiplomat."


def test_a_nul_byte_in_an_uploaded_title_is_shown_as_a_row_error(admin_client):
    content = csv_text(
        ["slug", "kind", "title", "start_date", "date_precision"],
        ["talks", "meeting", "Staff\x00talks", "2017-05-04", "day"],
    )
    response = upload(admin_client, "events_event", content)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "control character (U+0000)" in response.content.decode()
    assert not Event.objects.exists()


def test_a_lone_surrogate_from_a_json_escape_is_refused(admin_client):
    content = '[{"slug": "ivan", "name": "Ivan \\ud800"}]'
    response = upload(admin_client, "people_person", content, "people.json", JSON)
    assert "confirm_form" not in response.context
    assert "control character (U+D800)" in response.content.decode()
