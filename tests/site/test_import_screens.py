"""The import screen as staff meet it: the format recognised from the file, errors in a table by
spreadsheet line (the header is line 1) and column, unchanged rows folded away, organisations
named also by their exact name."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event
from events.resources import EventResource
from people.models import Appointment, Organisation, Person
from people.resources import AppointmentResource
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.importing import csv_text, xlsx_bytes
from unlops import import_formats
from unlops.import_formats import detect_format

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def post_file(client, model, content, name):
    """An import posted as a browser does when nobody picks a format."""
    file = io.BytesIO(content.encode() if isinstance(content, str) else content)
    file.name = name
    return client.post(
        reverse(f"admin:{model}_import"), {"format": "", "resource": "", "import_file": file}
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("people.csv", b"slug,name\nivan,Ivan\n", import_formats.CSV),
        ("people.xlsx", xlsx_bytes(["slug"], ["ivan"]), import_formats.XLSX),
        ("people.json", b'[{"slug": "ivan"}]', import_formats.JSON),
        ("export", xlsx_bytes(["slug"], ["ivan"]), import_formats.XLSX),  # By content.
        ("export", b'\xef\xbb\xbf [{"slug": "ivan"}]', import_formats.JSON),
        ("export", b"slug,name\nivan,Ivan\n", import_formats.CSV),
        ("people.CSV", b"slug\nivan\n", import_formats.CSV),
        ("people.txt", xlsx_bytes(["slug"], ["ivan"]), import_formats.XLSX),  # Content wins.
        ("picture", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
    ],
)
def test_the_format_is_recognised_from_the_file(name, content, expected):
    upload = SimpleUploadedFile(name, content)
    assert detect_format(upload) is expected
    assert upload.tell() == 0  # Left for the import to read from the start.


def test_an_xlsx_upload_needs_no_format_picked(staff):
    content = xlsx_bytes(["slug", "name"], ["ivan-simonovic", "Ivan Šimonović"])
    response = post_file(staff, "people_person", content, "people.xlsx")
    assert response.status_code == 200
    assert "confirm_form" in response.context, response.context["form"].errors
    assert response.context["confirm_form"]["format"].value() == "1"


def test_a_json_upload_needs_no_format_picked(staff):
    content = json.dumps([{"slug": "ivan", "name": "Ivan"}])
    response = post_file(staff, "people_person", content, "people.json")
    assert "confirm_form" in response.context


def test_a_file_of_no_known_format_asks_for_one(staff):
    response = post_file(staff, "people_person", b"\x89PNG\r\n\x1a\n\x00\x00", "picture")
    assert "format" in response.context["form"].errors
    assert "could not be recognised" in response.content.decode()


def errors_shown(response):
    report = response.context["import_report"]
    return [(error["line"], error["field"], error["message"]) for error in report["errors"]]


def test_errors_are_a_table_by_spreadsheet_line_counting_blank_lines(staff):
    content = "slug,name\nfine,Fine\n\nempty,\nalso-fine,Also Fine\nno-name,\n"
    response = post_file(staff, "people_person", content, "people.csv")
    html = response.content.decode()
    shown = errors_shown(response)
    assert [(line, field) for line, field, _ in shown] == [(4, "name"), (6, "name")]
    assert '<table class="import-errors"' in html and '<td class="line">4</td>' in html
    assert "validation-error-count" not in html  # No badge to open: the message is shown.
    assert not Person.objects.exists()


def test_xlsx_errors_name_the_sheet_row(staff):
    content = xlsx_bytes(["slug", "name"], ["fine", "Fine"], ["no-name", None])
    response = post_file(staff, "people_person", content, "people.xlsx")
    assert [line for line, _, _ in errors_shown(response)] == [3]


def test_json_errors_name_the_entry(staff):
    content = json.dumps([{"slug": "a", "name": "A"}, {"slug": "b", "name": ""}])
    response = post_file(staff, "people_person", content, "people.json")
    assert [line for line, _, _ in errors_shown(response)] == [2]
    assert '<th scope="col">Entry</th>' in response.content.decode()


def test_unchanged_rows_are_folded_with_their_count(staff):
    PersonFactory(slug="ivan", name="Ivan", sort_name="Ivan", honorific="")
    content = csv_text(
        ["slug", "name", "sort_name", "honorific", "biography"],
        ["ivan", "Ivan", "Ivan", "", ""],
        ["new-one", "New One", "One New", "", ""],
    )
    response = post_file(staff, "people_person", content, "people.csv")
    report = response.context["import_report"]
    assert len(report["changed"]) == 1 and len(report["unchanged"]) == 1
    html = response.content.decode()
    preview = html[html.index("<h2>Preview</h2>") :]
    before_fold, folded = preview.split('<details class="import-folded">')
    assert "new-one" in before_fold and "ivan" not in before_fold.split("</table>")[0]
    assert "1 row unchanged, skipped" in folded


@pytest.fixture
def eeas():
    return OrganisationFactory(
        name="European External Action Service", acronym="EEAS", slug="eeas-slug"
    )


@pytest.mark.parametrize(
    "reference",
    [
        "eeas-slug",
        "EEAS",
        "eeas",
        "European External Action Service",
        "european external action service ",
    ],
)
def test_an_appointment_names_its_organisation_by_slug_acronym_or_exact_name(eeas, reference):
    PersonFactory(slug="mogherini", name="Federica Mogherini")
    dataset = import_formats.CSV().create_dataset(
        csv_text(["person", "organisation", "title"], ["mogherini", reference, "HR/VP"])
    )
    result = AppointmentResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Appointment.objects.get().organisation == eeas


def test_a_name_that_is_only_close_is_refused(eeas):
    PersonFactory(slug="mogherini", name="Federica Mogherini")
    dataset = import_formats.CSV().create_dataset(
        csv_text(["person", "organisation", "title"], ["mogherini", "European Action Service", "x"])
    )
    result = AppointmentResource().import_data(dataset, dry_run=False)
    assert result.has_errors() or result.has_validation_errors()
    assert not Appointment.objects.exists()


def test_a_slug_beats_a_name(eeas):
    other = OrganisationFactory(name="eeas-slug", slug="other")
    assert Organisation.objects.by_reference("eeas-slug").first() == eeas
    assert Organisation.objects.by_reference("EEAS-SLUG").first() == other  # By name, case aside.


def test_event_organisations_are_named_by_exact_name_too(eeas):
    nato = OrganisationFactory(name="North Atlantic Treaty Organization", acronym="NATO")
    dataset = import_formats.CSV().create_dataset(
        csv_text(
            ["slug", "kind", "title", "start_date", "date_precision", "organisations"],
            [
                "a-meeting",
                "meeting",
                "A meeting",
                "2017-05-17",
                "day",
                "european external action service; NATO",
            ],
        )
    )
    result = EventResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), [
        row.error for row in result.invalid_rows
    ]
    assert set(Event.objects.get().organisations.all()) == {eeas, nato}
