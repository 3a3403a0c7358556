"""Sending an issue to a real SMTP server in this process, and reading what it received."""

import smtplib
import socket

import pytest
from django.core.exceptions import PermissionDenied

from newsletters.mailing import sending
from newsletters.mailing.edition import render_edition
from newsletters.mailing.models import Delivery, Mailing
from newsletters.models import Status
from tests.factories import IssueFactory, UserFactory
from tests.factories.mailing import SubscriberFactory

pytestmark = pytest.mark.django_db


def parts(message):
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    return html, text


def test_500_subscribers_get_exactly_500_messages(
    smtp_server, immediate_tasks, published_issue, publisher
):
    readers = SubscriberFactory.create_batch(500, confirmed=True)
    SubscriberFactory(email="not.yet@partners.example.eu")

    mailing = sending.mailing_start(issue=published_issue, by=publisher)

    received = smtp_server.messages
    assert len(received) == 500
    assert sorted(rcpt for rcpts, _m in received for rcpt in rcpts) == sorted(
        reader.email for reader in readers
    )
    issue_url = f"https://newsletter.example.org/issues/{published_issue.slug}/"
    for rcpts, message in received:
        assert message["To"] == rcpts[0]
        assert message["From"] == "newsletter@localhost"
        unsubscribe = message["List-Unsubscribe"].strip()  # Folded: the token is long.
        assert unsubscribe.startswith("<https://newsletter.example.org/newsletter/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        html, text = parts(message)
        link = unsubscribe.strip("<>")
        assert link in text and link.replace("&", "&amp;") in html
        assert issue_url in html and issue_url in text
        assert f"{issue_url}download/pdf/" in html
        assert "%%UNSUBSCRIBE_URL%%" not in html + text
        assert "<script" not in html.lower()
    # Each reader's own link: 500 different ones.
    assert len({message["List-Unsubscribe"] for _r, message in received}) == 500
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE
    deliveries = Delivery.objects.filter(mailing=mailing)
    assert deliveries.filter(status=Delivery.Status.SENT).count() == 500
    stored = set(deliveries.values_list("message_id", flat=True))
    assert stored == {message["Message-ID"] for _r, message in received}


def test_sending_again_reaches_only_new_readers(
    smtp_server, immediate_tasks, published_issue, publisher
):
    SubscriberFactory.create_batch(3, confirmed=True)
    sending.mailing_start(issue=published_issue, by=publisher)
    latecomer = SubscriberFactory(confirmed=True)
    assert list(sending.recipients(published_issue)) == [latecomer]

    sending.mailing_start(issue=published_issue, by=publisher)

    assert [rcpts for rcpts, _m in smtp_server.messages][3:] == [[latecomer.email]]
    assert Delivery.objects.filter(issue=published_issue).count() == 4


def test_a_test_send_goes_to_the_publisher_only(
    smtp_server, immediate_tasks, published_issue, publisher
):
    SubscriberFactory.create_batch(5, confirmed=True)
    mailing = sending.test_send_start(issue=published_issue, by=publisher)

    [(rcpts, message)] = smtp_server.messages
    assert rcpts == ["head.of.office@unlops.example.org"]
    assert message["Subject"].strip().startswith("[Test] ")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Delivery.objects.exists()
    mailing.refresh_from_db()
    assert (mailing.kind, mailing.status) == (Mailing.Kind.TEST, Mailing.Status.DONE)


@pytest.mark.parametrize("role", ["Contributor", "Editor"])
def test_only_a_publisher_sends(smtp_server, immediate_tasks, published_issue, role):
    SubscriberFactory(confirmed=True)
    user = UserFactory(role=role, email="someone@unlops.example.org")
    for start in (sending.mailing_start, sending.test_send_start):
        with pytest.raises(PermissionDenied):
            start(issue=published_issue, by=user)
    assert smtp_server.messages == [] and not Mailing.objects.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_an_unpublished_issue_is_not_sent(smtp_server, immediate_tasks, publisher, status):
    SubscriberFactory(confirmed=True)
    issue = IssueFactory(status=status)
    for start in (sending.mailing_start, sending.test_send_start):
        with pytest.raises(sending.SendRefused):
            start(issue=issue, by=publisher)
    assert smtp_server.messages == [] and not Mailing.objects.exists()


class Flaky:
    """Refuses some addresses, temporarily (451) a number of times, or for good (550)."""

    def __init__(self, inbox, temporary=None, permanent=()):
        self.inbox, self.temporary, self.permanent = inbox, dict(temporary or {}), set(permanent)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.permanent:
            return "550 5.1.1 No such mailbox"
        if self.temporary.get(address, 0) > 0:
            self.temporary[address] -= 1
            return "451 4.3.0 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return await self.inbox.handle_DATA(server, session, envelope)


@pytest.fixture
def flaky_server(smtp_server, settings):
    """The same in-process server, its handler swapped for one that refuses on demand."""
    from aiosmtpd.controller import Controller

    flaky = Flaky(smtp_server)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(flaky, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_PORT = port
    yield flaky
    controller.stop()


def test_temporary_errors_are_retried_then_sent(
    flaky_server, immediate_tasks, published_issue, publisher
):
    busy, fine = SubscriberFactory(confirmed=True), SubscriberFactory(confirmed=True)
    flaky_server.temporary[busy.email] = 2

    sending.mailing_start(issue=published_issue, by=publisher)

    received = sorted(r for rcpts, _m in flaky_server.inbox.messages for r in rcpts)
    assert received == sorted([busy.email, fine.email])
    delivery = Delivery.objects.get(subscriber=busy)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 3)


def test_temporary_errors_give_up_after_the_attempts_allowed(
    flaky_server, immediate_tasks, published_issue, publisher, settings
):
    settings.MAILING_MAX_ATTEMPTS = 3
    busy = SubscriberFactory(confirmed=True)
    flaky_server.temporary[busy.email] = 10
    mailing = sending.mailing_start(issue=published_issue, by=publisher)
    delivery = Delivery.objects.get(subscriber=busy)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)
    assert "451" in delivery.error
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE


def test_permanent_errors_are_marked_failed_at_once(
    flaky_server, immediate_tasks, published_issue, publisher
):
    gone, fine = SubscriberFactory(confirmed=True), SubscriberFactory(confirmed=True)
    flaky_server.permanent.add(gone.email)

    sending.mailing_start(issue=published_issue, by=publisher)

    assert [rcpts for rcpts, _m in flaky_server.inbox.messages] == [[fine.email]]
    delivery = Delivery.objects.get(subscriber=gone)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 1)
    assert "550" in delivery.error
    assert sending.progress(delivery.mailing) | {"status_label": ""} == {
        "total": 2,
        "sent": 1,
        "failed": 1,
        "left": 0,
        "status": "done",
        "status_label": "",
        "finished": True,
    }


def test_temporary_and_permanent_replies_are_told_apart():
    assert sending.is_temporary(smtplib.SMTPRecipientsRefused({"a@b": (452, b"full")}))
    assert not sending.is_temporary(smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")}))
    assert sending.is_temporary(smtplib.SMTPDataError(421, b"closing"))
    assert not sending.is_temporary(smtplib.SMTPDataError(554, b"rejected"))
    assert sending.is_temporary(smtplib.SMTPServerDisconnected("gone"))
    assert sending.is_temporary(ConnectionRefusedError())


def test_rows_claimed_by_a_dead_worker_are_taken_again_after_the_lease(
    smtp_server, immediate_tasks, published_issue, publisher, settings
):
    import datetime

    from django.utils import timezone

    settings.MAILING_CLAIM_LEASE_SECONDS = 60
    readers = SubscriberFactory.create_batch(3, confirmed=True)
    mailing = Mailing.objects.create(
        issue=published_issue, kind=Mailing.Kind.SUBSCRIBERS, requested_by=publisher
    )
    sending.create_deliveries(mailing)
    lease = datetime.timedelta(seconds=60)
    now = timezone.now()
    Delivery.objects.filter(subscriber=readers[0]).update(claimed_at=now)  # A live worker's.
    Delivery.objects.filter(subscriber=readers[1]).update(claimed_at=now - 2 * lease)  # Dead.

    batch = sending.claim_batch(mailing, size=10, lease=lease)

    assert {d.subscriber for d in batch} == {readers[1], readers[2]}
    assert sending.claim_batch(mailing, size=10, lease=lease) == []  # Claimed now: not twice.


def test_a_mailing_stops_when_its_issue_is_unpublished(
    smtp_server, immediate_tasks, published_issue, publisher
):
    SubscriberFactory.create_batch(2, confirmed=True)
    mailing = Mailing.objects.create(
        issue=published_issue, kind=Mailing.Kind.SUBSCRIBERS, requested_by=publisher
    )
    published_issue.status = Status.DRAFT
    published_issue.save()
    assert sending.deliver(mailing.pk) == (True, None)
    assert smtp_server.messages == []
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.FAILED


def test_an_esp_backend_by_configuration_stores_the_esps_message_id(
    immediate_tasks, published_issue, publisher, settings, mailoutbox
):
    from django.core import mail

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    readers = SubscriberFactory.create_batch(3, confirmed=True)
    sending.mailing_start(issue=published_issue, by=publisher)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in readers)
    subject = render_edition(published_issue).subject
    for message in mail.outbox:
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.subject == subject  # Plain text for the ESP's API, never MIME-encoded.
    stored = set(Delivery.objects.values_list("message_id", flat=True))
    assert stored == {"0", "1", "2"}  # The test backend's ids: the outbox positions.
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_each_unsubscribe_link_names_its_own_recipient(
    smtp_server, immediate_tasks, published_issue, publisher
):
    from newsletters.mailing.tokens import read_unsubscribe_token

    readers = {r.email: r.pk for r in SubscriberFactory.create_batch(3, confirmed=True)}
    sending.mailing_start(issue=published_issue, by=publisher)
    for rcpts, message in smtp_server.messages:
        token = message["List-Unsubscribe"].strip().strip("<>").rstrip("/").rsplit("/", 1)[1]
        assert read_unsubscribe_token(token) == (readers[rcpts[0]], rcpts[0])
