"""The ESP's tracking webhooks, posted as Postmark and Mailgun send them, through anymail."""

import base64
import hashlib
import hmac
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletters.mailing import suppression
from newsletters.mailing.models import Delivery, Mailing, Subscriber
from tests.factories import IssueFactory, UserFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "esp-hook:Tq7-long-random-password"
MAILGUN_KEY = "mailgun-signing-key-for-tests"


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}


def payload(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def post(client, esp, body, *, headers=None):
    if esp == "mailgun":
        signature = body["signature"]
        signature["signature"] = hmac.new(
            MAILGUN_KEY.encode(),
            f"{signature['timestamp']}{signature['token']}".encode(),
            hashlib.sha256,
        ).hexdigest()
    return client.post(
        reverse(f"mailing:anymail:{esp}_tracking_webhook"),
        data=json.dumps(body),
        content_type="application/json",
        **(auth() if headers is None else headers),
    )


def subscriber(email, status=Subscriber.Status.CONFIRMED):
    return Subscriber.objects.create(
        email=email,
        status=status,
        consent_version="1",
        consent_text="I agree to receive the newsletter.",
        consented_at=timezone.now(),
    )


@pytest.fixture
def mailing(db):
    return Mailing.objects.create(
        issue=IssueFactory(published=True),
        kind=Mailing.Kind.SUBSCRIBERS,
        requested_by=UserFactory(),
    )


def delivery(mailing, reader, message_id=""):
    return Delivery.objects.create(
        issue=mailing.issue,
        subscriber=reader,
        mailing=mailing,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        message_id=message_id,
    )


def test_the_webhook_is_mounted_under_the_newsletter():
    assert (
        reverse("mailing:anymail:postmark_tracking_webhook")
        == "/newsletter/anymail/postmark/tracking/"
    )


def test_a_postmark_hard_bounce_suppresses_the_address_and_marks_its_delivery(client, mailing):
    reader = subscriber("reader.gone@example.org")
    other_issue = Mailing.objects.create(
        issue=IssueFactory(published=True), kind="subscribers", requested_by=mailing.requested_by
    )
    bounced = delivery(mailing, reader, "883953f4-6105-42a2-a16a-77a8eac79483")
    newer = delivery(other_issue, reader, "another-message")
    response = post(client, "postmark", payload("postmark_hard_bounce"))
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED
    assert reader.suppressed_at is not None
    assert "Postmark bounced" in reader.suppressed_reason
    assert "unknown user" in reader.suppressed_reason
    bounced.refresh_from_db()
    newer.refresh_from_db()
    # Matched by message ID, not by being the latest.
    assert bounced.status == Delivery.Status.BOUNCED
    assert newer.status == Delivery.Status.SENT


def test_a_postmark_soft_bounce_changes_nothing(client, mailing):
    reader = subscriber("reader.full@example.org")
    sent = delivery(mailing, reader, "9a1f70ce-3c0b-4d8e-b0b7-5c2c1b8a9d11")
    assert post(client, "postmark", payload("postmark_soft_bounce")).status_code == 200
    reader.refresh_from_db()
    sent.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED
    assert sent.status == Delivery.Status.SENT


def test_a_postmark_spam_complaint_suppresses_and_marks_complained(client, mailing):
    reader = subscriber("reader.annoyed@example.org")
    sent = delivery(mailing, reader, "some-id-the-esp-does-not-echo")
    assert post(client, "postmark", payload("postmark_spam_complaint")).status_code == 200
    reader.refresh_from_db()
    sent.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED
    assert "complained" in reader.suppressed_reason
    # No delivery has the event's message ID: the subscriber's latest is the one.
    assert sent.status == Delivery.Status.COMPLAINED


def test_a_postmark_unsubscribe_takes_the_reader_off_the_list(client):
    reader = subscriber("reader.leaving@example.org")
    assert post(client, "postmark", payload("postmark_unsubscribe")).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    assert reader.unsubscribed_at is not None
    assert reader.suppressed_at is None


def test_postmark_suppression_for_a_hard_bounce_suppresses(client):
    reader = subscriber("reader.leaving@example.org")
    body = payload("postmark_unsubscribe") | {"SuppressionReason": "HardBounce"}
    assert post(client, "postmark", body).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED


def test_a_mailgun_permanent_failure_suppresses(client, mailing):
    reader = subscriber("reader.gone@example.org")
    sent = delivery(mailing, reader, "<20170602091431.1.ABCDEF@unlops.example>")
    assert post(client, "mailgun", payload("mailgun_permanent_failure")).status_code == 200
    reader.refresh_from_db()
    sent.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED
    assert sent.status == Delivery.Status.BOUNCED


def test_a_mailgun_temporary_failure_changes_nothing(client):
    reader = subscriber("reader.full@example.org")
    assert post(client, "mailgun", payload("mailgun_temporary_failure")).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_a_mailgun_complaint_suppresses(client, mailing):
    reader = subscriber("reader.annoyed@example.org")
    sent = delivery(mailing, reader, "20170602091431.2.ABCDEF@unlops.example")
    assert post(client, "mailgun", payload("mailgun_complained")).status_code == 200
    reader.refresh_from_db()
    sent.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED
    assert sent.status == Delivery.Status.COMPLAINED


def test_a_forged_mailgun_signature_is_refused(client):
    reader = subscriber("reader.gone@example.org")
    body = payload("mailgun_permanent_failure")
    response = client.post(
        reverse("mailing:anymail:mailgun_tracking_webhook"),
        data=json.dumps(body),
        content_type="application/json",
        **auth(),
    )
    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize(
    "headers", [{}, auth("esp-hook:wrong"), {"HTTP_AUTHORIZATION": "Bearer x"}]
)
def test_without_the_secret_the_post_is_refused_and_nothing_changes(client, headers):
    reader = subscriber("reader.gone@example.org")
    response = post(client, "postmark", payload("postmark_hard_bounce"), headers=headers)
    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_with_no_secret_configured_the_webhooks_are_not_there(client, settings):
    settings.ANYMAIL = {}
    reader = subscriber("reader.gone@example.org")
    response = post(client, "postmark", payload("postmark_hard_bounce"), headers={})
    assert response.status_code == 404
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_with_no_secret_the_receiver_acts_on_nothing_either(settings):
    from anymail.signals import AnymailTrackingEvent, EventType, tracking

    settings.ANYMAIL = {}
    reader = subscriber("reader.gone@example.org")
    event = AnymailTrackingEvent(event_type=EventType.COMPLAINED, recipient=reader.email)
    tracking.send(sender=None, event=event, esp_name="Postmark")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    tracking.send(sender=None, event=event, esp_name="Postmark")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED


def test_duplicates_are_idempotent(client, mailing):
    reader = subscriber("reader.gone@example.org")
    sent = delivery(mailing, reader, "883953f4-6105-42a2-a16a-77a8eac79483")
    assert post(client, "postmark", payload("postmark_hard_bounce")).status_code == 200
    reader.refresh_from_db()
    first = (reader.suppressed_at, reader.suppressed_reason)
    for name in ("postmark_hard_bounce", "postmark_hard_bounce", "postmark_unsubscribe"):
        body = payload(name) | {"Recipient": reader.email, "Email": reader.email}
        assert post(client, "postmark", body).status_code == 200
    reader.refresh_from_db()
    sent.refresh_from_db()
    assert (reader.suppressed_at, reader.suppressed_reason) == first
    # An unsubscribe after a suppression leaves the address suppressed.
    assert reader.status == Subscriber.Status.SUPPRESSED
    assert sent.status == Delivery.Status.BOUNCED
    assert Subscriber.objects.count() == 1 and Delivery.objects.count() == 1


def test_unknown_addresses_are_ignored_safely(client):
    known = subscriber("someone.else@example.org")
    for name in ("postmark_hard_bounce", "postmark_spam_complaint", "postmark_unsubscribe"):
        assert post(client, "postmark", payload(name)).status_code == 200
    assert Subscriber.objects.count() == 1
    known.refresh_from_db()
    assert known.status == Subscriber.Status.CONFIRMED


def test_a_pending_subscriber_whose_confirmation_bounced_is_suppressed(client):
    reader = subscriber("reader.gone@example.org", status=Subscriber.Status.PENDING)
    assert post(client, "postmark", payload("postmark_hard_bounce")).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED


def test_suppress_keeps_the_reason_within_its_field():
    reader = subscriber("long@example.org")
    assert suppression.suppress(email=" LONG@example.org ", reason="x" * 1000)
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.SUPPRESSED
    assert len(reader.suppressed_reason) == 200
    assert suppression.suppress(email="nobody@example.org", reason="bounced") is False


def test_only_tracking_webhooks_are_mounted(client):
    assert client.post("/newsletter/anymail/postmark/inbound/", data={}).status_code == 404


def test_an_esp_not_configured_here_answers_not_found(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}  # No Mailgun signing key.
    body = payload("mailgun_permanent_failure")
    response = post(client, "mailgun", body)
    assert response.status_code == 404
    assert client.get(reverse("mailing:anymail:mailgun_tracking_webhook")).status_code == 404


def test_a_get_is_not_allowed(client):
    response = client.get(reverse("mailing:anymail:postmark_tracking_webhook"), **auth())
    assert response.status_code == 405


def test_every_mounted_webhook_answers_a_stranger_without_a_server_error(client, settings):
    from newsletters.mailing.webhooks import urlpatterns

    assert len(urlpatterns) >= 10
    for configured in ({"WEBHOOK_SECRET": SECRET}, {}):
        settings.ANYMAIL = configured
        for entry in urlpatterns:
            url = reverse(f"mailing:anymail:{entry.name}")
            assert client.get(url).status_code in {404, 405}, url
            response = client.post(url, data="{}", content_type="application/json")
            assert response.status_code < 500, (url, response.status_code)
