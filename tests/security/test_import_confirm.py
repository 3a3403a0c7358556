"""The confirm step of an import: what it is sent is checked, and its file is never left behind."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from people.models import Person
from tests.importing import (
    TMP_FOLDER,
    confirm_data,
    csv_text,
    tmp_files,
    tmp_storage,
    upload,
)

pytestmark = pytest.mark.django_db

PEOPLE = csv_text(["slug", "name"], ["ivan", "Ivan Šimonović"], ["teresa", "Teresa Whitfield"])
CONFIRM = reverse("admin:people_person_process_import")
IMPORT = reverse("admin:people_person_import")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def preview(admin_client):
    response = upload(admin_client, "people_person", PEOPLE)
    assert "confirm_form" in response.context
    assert tmp_files() == [confirm_data(response)["import_file_name"]]
    return response


def test_confirm_imports_and_removes_the_file(admin_client, preview):
    done = admin_client.post(CONFIRM, confirm_data(preview))
    assert done.status_code == 302
    assert Person.objects.count() == 2
    assert tmp_files() == []


def test_the_preview_offers_a_cancel_that_removes_the_file_and_imports_nothing(
    admin_client, preview
):
    assert 'name="cancel"' in preview.content.decode()
    done = admin_client.post(CONFIRM, {**confirm_data(preview), "cancel": "Cancel"}, follow=True)
    assert done.redirect_chain[-1][0] == IMPORT
    assert messages_of(done) == ["Import cancelled; nothing was changed."]
    assert not Person.objects.exists()
    assert tmp_files() == []


def test_a_preview_with_bad_rows_keeps_no_file(admin_client):
    response = upload(admin_client, "people_person", csv_text(["slug", "name"], ["x", ""]))
    assert "confirm_form" not in response.context
    assert tmp_files() == []


def test_a_file_that_cannot_be_read_keeps_no_file(admin_client):
    response = upload(admin_client, "people_person", b"\x00\x01\xff", "people.xlsx", "1")
    assert "confirm_form" not in response.context
    assert tmp_files() == []


def _age(name, days):
    path = Path(tmp_storage().path(f"{TMP_FOLDER}/{name}"))
    then = time.time() - days * 24 * 3600
    os.utime(path, (then, then))


def _leave(name, days):
    tmp_storage().save(f"{TMP_FOLDER}/{name}", ContentFile(b"slug,name\n"))
    _age(name, days)


def test_a_new_import_expires_files_left_for_a_day(admin_client):
    stale, recent = "a" * 32, "b" * 32
    _leave(stale, days=1.1)
    _leave(recent, days=0.5)
    preview = upload(admin_client, "people_person", PEOPLE)
    assert tmp_files() == sorted([recent, confirm_data(preview)["import_file_name"]])


def test_the_command_expires_files_left_for_a_day(capsys):
    stale, recent = "c" * 32, "d" * 32
    _leave(stale, days=2)
    _leave(recent, days=0.1)
    call_command("expire_import_files")
    assert tmp_files() == [recent]
    assert "Removed 1 import file(s)" in capsys.readouterr().out
    call_command("expire_import_files", max_age=60)
    assert tmp_files() == []


def test_the_command_finds_nothing_to_do_before_any_import():
    call_command("expire_import_files", verbosity=0)
    assert tmp_files() == []


FORGED_NAMES = [
    "../../settings.py",
    "../../../../etc/passwd",
    "/etc/passwd",
    "0" * 32,  # well formed, never issued
    "settings.py",
    "",
    "x" * 5000,
]


@pytest.mark.parametrize("name", FORGED_NAMES, ids=lambda name: repr(name[:20]))
def test_a_forged_file_name_is_answered_with_a_message(admin_client, preview, name):
    data = {**confirm_data(preview), "import_file_name": name}
    done = admin_client.post(CONFIRM, data, follow=True)
    assert done.status_code == 200
    assert done.redirect_chain[-1][0] == IMPORT
    (message,) = messages_of(done)
    assert "no longer waiting for confirmation" in message or "required" in message
    assert not Person.objects.exists()


def test_confirming_twice_imports_once_and_then_says_so(admin_client, preview):
    data = confirm_data(preview)
    first = admin_client.post(CONFIRM, data, follow=True)
    assert messages_of(first)[0].startswith("Import finished: 2 new")
    again = admin_client.post(CONFIRM, data, follow=True)
    (message,) = messages_of(again)
    assert "no longer waiting for confirmation" in message
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value"), [("format", "99"), ("format", "x"), ("resource", "7"), ("resource", "-1")]
)
def test_a_forged_format_or_resource_is_answered_with_a_message(
    admin_client, preview, field, value
):
    done = admin_client.post(CONFIRM, {**confirm_data(preview), field: value}, follow=True)
    assert done.status_code == 200
    assert messages_of(done) == ["The form was altered; upload the file again."]
    assert not Person.objects.exists()


def test_a_cancel_with_a_forged_name_removes_nothing_else(admin_client, preview, settings):
    outside = Path(settings.MEDIA_ROOT).parent / "settings.py"
    outside.write_text("SECRET = 1\n")
    done = admin_client.post(CONFIRM, {"import_file_name": "../../settings.py", "cancel": "1"})
    assert done.status_code == 302
    assert outside.exists()
    assert tmp_files() == [confirm_data(preview)["import_file_name"]]


def test_a_confirm_whose_rows_no_longer_validate_names_them_and_saves_nothing(
    admin_client, preview
):
    Person.objects.create(name="Someone", slug="someone")
    data = confirm_data(preview)
    path = Path(tmp_storage().path(f"{TMP_FOLDER}/{data['import_file_name']}"))
    path.write_text("slug,name\nivan,Ivan\nbad,\n")  # As if it changed since the preview.
    done = admin_client.post(CONFIRM, data, follow=True)
    (message,) = messages_of(done)
    assert message.startswith("Nothing was imported: line 3 (name):")
    assert list(Person.objects.values_list("slug", flat=True)) == ["someone"]
    assert tmp_files() == []


def test_a_confirm_whose_file_no_longer_reads_says_so(admin_client, preview):
    data = confirm_data(preview)
    path = Path(tmp_storage().path(f"{TMP_FOLDER}/{data['import_file_name']}"))
    path.write_bytes(b"slug,name\n\xff\xfe broken\n")
    done = admin_client.post(CONFIRM, data, follow=True)
    assert messages_of(done) == ["The file is not UTF-8 text."]
    assert not Person.objects.exists()
    assert tmp_files() == []


def test_a_second_click_on_confirm_meanwhile_is_told_the_import_is_gone(admin_client, preview):
    from unittest import mock

    data = confirm_data(preview)
    tmp_storage().delete(f"{TMP_FOLDER}/{data['import_file_name']}")  # The first click's work.
    with mock.patch("unlops.import_files.exists", return_value=True):
        done = admin_client.post(CONFIRM, data, follow=True)
    (message,) = messages_of(done)
    assert "no longer waiting for confirmation" in message
    assert not Person.objects.exists()
