"""Importing and exporting subscribers: consent carried both ways, all rows or none, each bad row
named, and no import putting back someone who left the list."""

import pytest
import tablib
from django.test import Client
from import_export.formats.base_formats import CSV, JSON, XLSX

from newsletters.mailing.models import Subscriber
from newsletters.mailing.resources import SubscriberResource
from tests.factories import SubscriberFactory, UserFactory
from tests.importing import XLSX as XLSX_INDEX
from tests.importing import confirm_data, import_errors, upload, xlsx_bytes

pytestmark = pytest.mark.django_db
Status = Subscriber.Status
HEADERS = [
    "email",
    "name",
    "language",
    "status",
    "consent_version",
    "consent_text",
    "consented_at",
    "confirmed_at",
    "unsubscribed_at",
]
AGREED = ("2019-1", "I agree to receive the newsletter.", "2019-05-02 10:00:00")


def row(email, name="", language="en", status="confirmed", consent=AGREED, **extra):
    values = dict(
        zip(
            HEADERS,
            [email, name, language, status, *consent, extra.get("confirmed_at", ""), ""],
            strict=True,
        )
    )
    return [values[header] for header in HEADERS]


def rows(*values):
    return tablib.Dataset(*values, headers=HEADERS)


@pytest.mark.parametrize("file_format", [CSV, XLSX, JSON], ids=["csv", "xlsx", "json"])
def test_an_export_imports_back_unchanged(file_format):
    SubscriberFactory.create_batch(2, confirmed=True)
    SubscriberFactory(language="fr")
    before = list(Subscriber.objects.order_by("pk").values())
    exported = SubscriberResource().export()
    assert exported.headers == HEADERS
    by_email = {values["email"]: values for values in before}
    for exported_row in exported.dict:
        assert exported_row["consent_text"] == by_email[exported_row["email"]]["consent_text"]
    data = file_format().create_dataset(file_format().export_data(exported))
    result = SubscriberResource().import_data(data)
    assert import_errors(result) == []
    assert [r.import_type for r in result.rows] == ["skip"] * 3
    assert list(Subscriber.objects.order_by("pk").values()) == before


def test_an_import_carries_the_consent_and_normalises_addresses():
    result = SubscriberResource().import_data(
        rows(
            row(" Lotte.Knudsen@Example.org ", "Lotte Knudsen", "fr"),
            row("kamiel.mesie@example.org", status="pending"),
        )
    )
    assert import_errors(result) == []
    lotte = Subscriber.objects.get(email="lotte.knudsen@example.org")
    assert (lotte.language, lotte.status) == ("fr", Status.CONFIRMED)
    assert lotte.consent_version == "2019-1"
    assert lotte.consent_text == "I agree to receive the newsletter."
    assert lotte.consented_at.year == 2019
    assert lotte.confirmed_at == lotte.consented_at  # No other date said when.


def test_rows_without_consent_are_refused_named_and_nothing_is_saved():
    result = SubscriberResource().import_data(
        rows(
            row("fine@example.org"),
            row("no.version@example.org", consent=("", AGREED[1], AGREED[2])),
            row("no.text@example.org", consent=(AGREED[0], "", AGREED[2])),
            row("no.time@example.org", consent=(AGREED[0], AGREED[1], "")),
        )
    )
    errors = import_errors(result)
    assert [number for number, _message in errors] == [2, 3, 4]
    assert all("No consent" in message for _number, message in errors)
    assert not Subscriber.objects.exists()


def test_bad_cells_are_named_by_row_and_nothing_is_saved():
    result = SubscriberResource().import_data(
        rows(
            row("fine@example.org"),
            row("not an address"),
            row("wrong.language@example.org", language="de"),
            row("wrong.status@example.org", status="vip"),
            row("bad.date@example.org", consent=(AGREED[0], AGREED[1], "last spring")),
        )
    )
    errors = dict(import_errors(result))
    assert sorted(errors) == [2, 3, 4, 5]
    assert "“de” is not one of en, fr" in errors[3]
    assert "“vip” is not one of" in errors[4]
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("status", [Status.UNSUBSCRIBED, Status.SUPPRESSED])
def test_an_import_cannot_put_back_someone_who_left(status):
    reader = SubscriberFactory(status=status)
    result = SubscriberResource().import_data(rows(row(reader.email.upper())))
    [(number, message)] = import_errors(result)
    assert number == 1
    assert "cannot put them back" in message
    reader.refresh_from_db()
    assert reader.status == status


def publisher():
    client = Client()
    client.force_login(UserFactory(role="Publisher"))
    return client


def test_a_publisher_imports_an_xlsx_through_the_admin():
    client = publisher()
    content = xlsx_bytes(HEADERS, row("rory.keane@example.org", "Rory Keane"))
    preview = upload(client, "mailing_subscriber", content, "readers.xlsx", XLSX_INDEX)
    assert preview.status_code == 200
    assert not Subscriber.objects.exists()  # A preview saves nothing.
    client.post("/admin/mailing/subscriber/process_import/", confirm_data(preview))
    assert Subscriber.objects.get().name == "Rory Keane"


def test_the_admin_names_the_bad_rows_and_offers_no_confirm():
    content = tablib.Dataset(
        row("fine@example.org"), row("nobody@example.org", consent=("", "", "")), headers=HEADERS
    ).csv
    preview = upload(publisher(), "mailing_subscriber", content)
    assert "confirm_form" not in preview.context
    page = preview.content.decode()
    assert "No consent" in page
    assert not Subscriber.objects.exists()


def test_the_project_limits_hold(settings):
    settings.IMPORT_MAX_ROWS = 2
    content = tablib.Dataset(*(row(f"r{n}@example.org") for n in range(3)), headers=HEADERS).csv
    preview = upload(publisher(), "mailing_subscriber", content)
    assert "confirm_form" not in preview.context
    assert "rows" in preview.content.decode()
    assert not Subscriber.objects.exists()
