"""Subscribers in the admin: publishers only, every screen and action; the counts; a person's
data request and erasure, audited without naming them."""

import json

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from newsletters.mailing.models import Delivery, Mailing, Subscriber
from tests.factories import IssueFactory, SubscriberFactory, UserFactory
from tests.importing import csv_text, upload
from tests.security.test_permission_matrix import available_actions
from unlops.models import AuditEvent

pytestmark = pytest.mark.django_db
Status = Subscriber.Status
ROLES = ["contributor", "editor", "publisher", "superuser"]
ALLOWED = {"publisher", "superuser"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(role):
    client = Client()
    if role == "superuser":
        client.force_login(UserFactory(is_superuser=True))
    else:
        client.force_login(UserFactory(role=role.title()))
    return client


def url(name, *args):
    return reverse(f"admin:mailing_subscriber_{name}", args=args)


def list_action(client, action, *subscribers, **extra):
    return client.post(
        url("changelist"),
        {"action": action, "_selected_action": [s.pk for s in subscribers], **extra},
    )


def importing(client):
    content = csv_text(
        ["email", "consent_version", "consent_text", "consented_at"],
        ["new.reader@example.org", "2019-1", "Agreed on paper", "2019-05-02 10:00"],
    )
    return upload(client, "mailing_subscriber", content)


# Each screen or action, done as a role: (response, whether it took effect).
def see_list(client, reader):
    response = client.get(url("changelist"))
    return response, reader.email in response.content.decode()


def see_row(client, reader):
    response = client.get(url("change", reader.pk))
    return response, reader.email in response.content.decode()


def change(client, reader):
    response = client.post(url("change", reader.pk), {"name": "Changed", "language": "fr"})
    reader.refresh_from_db()
    return response, reader.name == "Changed"


def delete(client, reader):
    response = client.post(url("delete", reader.pk), {"post": "yes"})
    return response, not Subscriber.objects.filter(pk=reader.pk).exists()


def bulk_delete(client, reader):
    response = list_action(client, "delete_selected", reader, post="yes")
    return response, not Subscriber.objects.filter(pk=reader.pk).exists()


def unsubscribe_selected(client, reader):
    response = list_action(client, "unsubscribe_selected", reader)
    reader.refresh_from_db()
    return response, reader.status == Status.UNSUBSCRIBED


def export_personal_data(client, reader):
    response = list_action(client, "export_personal_data", reader)
    return response, reader.email.encode() in response.content


def export(client, reader):
    response = client.get(url("export"))
    return response, response.status_code == 200 and "form" in (response.context or {})


def export_action(client, reader):
    response = list_action(client, "export_admin_action", reader)
    return response, response.status_code == 200 and "form" in (response.context or {})


def import_(client, reader):
    response = importing(client)
    return response, "confirm_form" in (getattr(response, "context", None) or {})


def process_import(client, reader):
    preview = importing(signed_in("superuser"))
    form = preview.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    response = client.post(url("process_import"), data)
    return response, Subscriber.objects.filter(email="new.reader@example.org").exists()


ACTIONS = {
    "view": see_list,
    "view_row": see_row,
    "change": change,
    "delete": delete,
    "bulk_delete": bulk_delete,
    "unsubscribe_selected": unsubscribe_selected,
    "export_personal_data": export_personal_data,
    "export": export,
    "export_action": export_action,
    "import": import_,
    "process_import": process_import,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_only_publishers_reach_the_readers_list(role, action):
    reader = SubscriberFactory(confirmed=True)
    response, done = ACTIONS[action](signed_in(role), reader)
    if role in ALLOWED:
        assert done, (action, response.status_code)
    else:
        assert response.status_code == 403, (action, response.status_code)
        assert not done
        assert Subscriber.objects.filter(pk=reader.pk, status=Status.CONFIRMED).exists()


def test_every_screen_and_action_of_the_admin_is_in_the_table():
    offered = available_actions(admin.site._registry[Subscriber])
    named = {"export" if name == "export_action" else name for name in ACTIONS}
    named |= {"add"}  # Refused to everyone: below.
    assert offered <= named, offered - named


def test_nobody_adds_a_reader_by_hand():
    response = signed_in("superuser").get(url("add"))
    assert response.status_code == 403


def test_the_address_consent_and_status_cannot_be_edited():
    reader = SubscriberFactory(confirmed=True)
    client = signed_in("publisher")
    client.post(
        url("change", reader.pk),
        {
            "name": "N",
            "language": "en",
            "email": "someone.else@example.org",
            "status": Status.PENDING,
            "consent_text": "Rewritten",
        },
    )
    reader.refresh_from_db()
    assert reader.email != "someone.else@example.org"
    assert reader.status == Status.CONFIRMED
    assert reader.consent_text != "Rewritten"


def test_the_list_counts_readers_by_status_and_filters_them():
    SubscriberFactory.create_batch(3, confirmed=True)
    SubscriberFactory.create_batch(2)
    SubscriberFactory(status=Status.UNSUBSCRIBED)
    client = signed_in("publisher")
    response = client.get(url("changelist"))
    counts = {str(label): count for label, count in response.context["status_counts"]}
    assert counts == {
        "waiting for confirmation": 2,
        "confirmed": 3,
        "unsubscribed": 1,
        "suppressed (bounced or complained)": 0,
    }
    page = response.content.decode()
    assert "<strong>3</strong> confirmed" in page
    assert f"href='{url('import')}'" in page and f'href="{url("export")}?"' in page
    filtered = client.get(url("changelist"), {"status__exact": "pending", "language__exact": "en"})
    assert filtered.context["cl"].result_count == 2
    found = client.get(url("changelist"), {"q": "jean-pierre"})
    assert found.status_code == 200


def with_deliveries(reader):
    issue = IssueFactory(published=True)
    mailing = Mailing.objects.create(
        issue=issue, kind=Mailing.Kind.SUBSCRIBERS, requested_by=UserFactory()
    )
    Delivery.objects.create(issue=issue, subscriber=reader, mailing=mailing)
    return mailing


def traces_of(email):
    """Every stored row that still names ``email``: audit events and the admin's log."""
    found = [e for e in AuditEvent.objects.all() if email in json.dumps(e.detail) + e.object_repr]
    found += [e for e in LogEntry.objects.all() if email in e.object_repr + e.change_message]
    return found


def test_erasure_removes_the_person_their_deliveries_and_every_trace():
    reader = SubscriberFactory(confirmed=True, email="federica.m@example.org")
    keeper = SubscriberFactory(confirmed=True)
    with_deliveries(reader)
    with_deliveries(keeper)
    client = signed_in("publisher")
    client.post(url("change", reader.pk), {"name": "Federica M", "language": "en"})
    assert traces_of(reader.email)  # The admin's log names the change...
    client.post(url("delete", reader.pk), {"post": "yes"})
    assert not Subscriber.objects.filter(email=reader.email).exists()
    assert not Delivery.objects.filter(subscriber_id=reader.pk).exists()
    assert traces_of(reader.email) == []  # ...and is gone with the person.
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE)
    assert event.object_repr == f"subscriber #{reader.pk}"
    assert event.detail == {"deliveries": 1}
    assert event.actor is not None
    assert Subscriber.objects.filter(pk=keeper.pk).exists()
    assert Delivery.objects.filter(subscriber=keeper).count() == 1


def test_bulk_erasure_audits_each_row():
    readers = SubscriberFactory.create_batch(2)
    list_action(signed_in("publisher"), "delete_selected", *readers, post="yes")
    assert not Subscriber.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ERASE).count() == 2
    assert all(traces_of(reader.email) == [] for reader in readers)


def test_a_data_request_answers_with_everything_kept_as_json():
    reader = SubscriberFactory(confirmed=True, name="Ivan Š.", language="fr")
    with_deliveries(reader)
    response = list_action(signed_in("publisher"), "export_personal_data", reader)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="subscriber-data-')
    [data] = json.loads(response.content)["subscribers"]
    assert data["email"] == reader.email
    assert data["name"] == "Ivan Š."
    assert data["consent_text"] == reader.consent_text
    assert data["consent_version"] == reader.consent_version
    assert data["consented_at"].startswith(str(reader.consented_at.date()))
    assert len(data["deliveries"]) == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_EXPORT)
    assert event.object_repr == f"subscriber #{reader.pk}"
    assert traces_of(reader.email) == []
