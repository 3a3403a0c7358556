"""The bytes of a mailing made once and addressed per copy say exactly what the ordinary path says.

Only the folding of one long header may differ (both are within the 998-byte line limit)."""

import email
import email.policy
import re

import pytest
from django.core.mail import get_connection

from newsletters.mailing.message import MessageBuilder
from tests.factories.mailing import SubscriberFactory

pytestmark = pytest.mark.django_db

HEADERS = ["From", "To", "Subject", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"]


def smtp_connection(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    return get_connection()  # Never opened: the bytes are all these tests read.


def parsed(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    headers = {name: re.sub(r"\s+", "", str(message[name])) for name in HEADERS}
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    return headers, html, text, message["Date"]


def both_ways(message):
    fast = message.message().as_bytes(linesep="\r\n")
    message.prepared = None
    slow = message.message().as_bytes(linesep="\r\n")
    return parsed(fast), parsed(slow)


def test_a_prepared_copy_says_what_the_ordinary_message_says(settings, published_issue):
    reader = SubscriberFactory(confirmed=True, email="desk.officer@partners.example.eu")
    builder = MessageBuilder(published_issue)
    message, message_id = builder.for_subscriber(reader, connection=smtp_connection(settings))
    assert message.prepared is not None

    (fast_headers, fast_html, fast_text, fast_date), (headers, html, text, date) = both_ways(
        message
    )
    assert fast_headers == headers
    assert fast_headers["To"] == reader.email and fast_headers["Message-ID"] == message_id
    assert fast_html == html and fast_text == text
    assert "%%UNSUBSCRIBE_URL%%" not in fast_html + fast_text
    assert fast_date and "placeholder" not in fast_date


def test_two_copies_differ_in_reader_message_id_and_link_only(settings, published_issue):
    first, second = SubscriberFactory.create_batch(2, confirmed=True)
    builder = MessageBuilder(published_issue)
    connection = smtp_connection(settings)
    one = parsed(builder.for_subscriber(first, connection=connection)[0].message().as_bytes())
    two = parsed(builder.for_subscriber(second, connection=connection)[0].message().as_bytes())
    assert one[0]["To"] == first.email and two[0]["To"] == second.email
    assert one[0]["Message-ID"] != two[0]["Message-ID"]
    assert one[0]["List-Unsubscribe"] != two[0]["List-Unsubscribe"]
    link_one, link_two = (copy[0]["List-Unsubscribe"].strip("<>") for copy in (one, two))
    assert one[2].replace(link_one, "LINK") == two[2].replace(link_two, "LINK")
    assert one[1].replace(link_one, "LINK") == two[1].replace(link_two, "LINK")


def test_other_backends_and_non_ascii_addresses_take_the_ordinary_path(settings, published_issue):
    builder = MessageBuilder(published_issue)
    international = SubscriberFactory(confirmed=True, email="léa@partenaires.example.eu")
    message, _id = builder.for_subscriber(international, connection=smtp_connection(settings))
    assert message.prepared is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reader = SubscriberFactory(confirmed=True)
    message, _id = builder.for_subscriber(reader, connection=get_connection())
    assert message.prepared is None
