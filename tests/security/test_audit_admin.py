"""The audit trail in the admin: read by publishers and superusers only, changed by no one,
filtered, searched and exported as CSV."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import AuditEventFactory, UserFactory
from unlops.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST = "admin:unlops_auditevent_changelist"
EXPORT = "admin:unlops_auditevent_export"


def sign_in(client, role):
    """Sign in as a new account in ``role``; its creation's own events are cleared."""
    if role == "superuser":
        user = UserFactory(is_superuser=True)
    else:
        user = UserFactory(role=role)
    client.force_login(user)
    AuditEvent.objects.all().delete()
    return user


def exported(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("role", ["Publisher", "superuser"])
def test_publishers_and_superusers_read_the_trail(client, role):
    sign_in(client, role)
    event = AuditEventFactory(object_repr="Hervé Ladsous")
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    assert "Hervé Ladsous" in response.content.decode()
    change = client.get(reverse("admin:unlops_auditevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()  # A page to read, not a form.


@pytest.mark.parametrize("role", ["Contributor", "Editor"])
def test_other_roles_cannot_see_it(client, role):
    sign_in(client, role)
    event = AuditEventFactory()
    assert client.get(reverse(LIST)).status_code == 403
    assert client.get(reverse(EXPORT)).status_code == 403
    url = reverse("admin:unlops_auditevent_change", args=[event.pk])
    assert client.get(url).status_code in (302, 403)
    assert "audit" not in client.get(reverse("admin:index")).content.decode().lower()


@pytest.mark.parametrize("role", ["Contributor", "Editor", "Publisher", "superuser"])
def test_no_one_adds_changes_or_deletes_an_event(client, role):
    sign_in(client, role)
    event = AuditEventFactory(object_repr="Hervé Ladsous")
    form = {"action": "publish", "object_repr": "Someone else", "post": "yes"}
    add = client.post(reverse("admin:unlops_auditevent_add"), form)
    change = client.post(reverse("admin:unlops_auditevent_change", args=[event.pk]), form)
    delete = client.post(reverse("admin:unlops_auditevent_delete", args=[event.pk]), form)
    bulk = client.post(
        reverse(LIST), {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert bulk.status_code in (200, 302, 403)  # No actions at all: nothing to run.
    event.refresh_from_db()
    assert event.object_repr == "Hervé Ladsous"
    assert AuditEvent.objects.count() == 1


def test_filters_and_search(client):
    sign_in(client, "Publisher")
    AuditEventFactory(action=AuditEvent.Action.PUBLISH, object_repr="Feature")
    AuditEventFactory(action=AuditEvent.Action.DELETE, object_repr="Hervé Ladsous")
    shown = client.get(reverse(LIST), {"action": "publish"}).context["cl"].result_list
    assert [event.object_repr for event in shown] == ["Feature"]
    shown = client.get(reverse(LIST), {"q": "Ladsous"}).context["cl"].result_list
    assert [event.object_repr for event in shown] == ["Hervé Ladsous"]
    page = client.get(reverse(LIST), {"action": "publish"}).content.decode()
    assert f'href="{reverse(EXPORT)}?action=publish"' in page


def test_the_csv_export_holds_the_filtered_rows(client):
    sign_in(client, "Publisher")
    AuditEventFactory(action=AuditEvent.Action.PUBLISH, object_repr="Feature", detail={"a": 1})
    AuditEventFactory(action=AuditEvent.Action.DELETE, object_repr="=HYPERLINK(1)")
    rows = exported(client.get(reverse(EXPORT), {"action": "delete"}))
    assert rows[0] == [
        "when",
        "action",
        "by",
        "from address",
        "type",
        "object id",
        "object",
        "detail",
    ]
    assert len(rows) == 2
    assert rows[1][1:4] == ["delete", "rory", "192.0.2.10"]
    assert rows[1][4] == "person"
    assert rows[1][6] == "'=HYPERLINK(1)"  # A spreadsheet shows it and runs nothing.

    everything = exported(client.get(reverse(EXPORT)))
    assert sorted(row[1] for row in everything[1:]) == ["delete", "publish"]


def test_the_export_is_bounded(client, settings):
    settings.AUDIT_EXPORT_MAX_ROWS = 3
    sign_in(client, "superuser")
    AuditEventFactory.create_batch(5)
    assert len(exported(client.get(reverse(EXPORT)))) == 1 + 3


def test_a_bad_filter_is_refused_with_a_message(client):
    sign_in(client, "Publisher")
    response = client.get(reverse(EXPORT), {"no_such_field__gt": "1"})
    assert response.status_code == 302
    assert response.url == reverse(LIST)
