"""Leaving the list: one click from the mail client (RFC 8058), with no sign-in and no CSRF token;
a GET only shows the button."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from newsletters.mailing import services
from newsletters.mailing.models import Subscriber
from newsletters.mailing.tokens import unsubscribe_token, unsubscribe_url
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db
Status = Subscriber.Status


def link(subscriber):
    return reverse("mailing:unsubscribe", args=[unsubscribe_token(subscriber)])


def mail_client():
    """What a mail client's one-click POST looks like: no cookie, no session, CSRF enforced."""
    return Client(enforce_csrf_checks=True)


def test_one_click_post_unsubscribes_without_sign_in_or_csrf_token():
    reader = SubscriberFactory(confirmed=True)
    response = mail_client().post(
        link(reader),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Status.UNSUBSCRIBED
    assert reader.unsubscribed_at is not None


def test_the_link_in_the_mail_is_the_one_that_works(settings):
    settings.SITE_URL = "https://newsletter.example.org"
    reader = SubscriberFactory(confirmed=True)
    url = unsubscribe_url(reader)
    assert url.startswith("https://newsletter.example.org/newsletter/unsubscribe/")
    mail_client().post(url.removeprefix(settings.SITE_URL), {"List-Unsubscribe": "One-Click"})
    reader.refresh_from_db()
    assert reader.status == Status.UNSUBSCRIBED


def test_posting_again_is_harmless():
    reader = SubscriberFactory(confirmed=True)
    client = mail_client()
    client.post(link(reader))
    first = Subscriber.objects.get().unsubscribed_at
    again = client.post(link(reader))
    assert again.status_code == 200
    assert Subscriber.objects.get().unsubscribed_at == first


def test_get_shows_a_button_and_unsubscribes_no_one():
    reader = SubscriberFactory(confirmed=True)
    response = mail_client().get(link(reader))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="post"' in page and "Unsubscribe</button>" in page
    reader.refresh_from_db()
    assert reader.status == Status.CONFIRMED


def test_a_forged_link_unsubscribes_no_one():
    reader = SubscriberFactory(confirmed=True)
    token = unsubscribe_token(reader)
    forged = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        signing.dumps({"id": reader.pk, "email": reader.email}, salt="mailing.confirm"),
        "nonsense",
    ]
    for bad in forged:
        assert mail_client().post(reverse("mailing:unsubscribe", args=[bad])).status_code == 400
    reader.refresh_from_db()
    assert reader.status == Status.CONFIRMED


def test_a_link_of_an_erased_reader_answers_the_same_and_touches_no_one(admin_user):
    reader = SubscriberFactory(confirmed=True)
    path = link(reader)
    services.erase(subscriber=reader, by=admin_user)
    other = SubscriberFactory(confirmed=True)  # May even get the same row number.
    assert mail_client().post(path).status_code == 200
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED


def test_a_suppressed_address_stays_suppressed():
    reader = SubscriberFactory(status=Status.SUPPRESSED)
    mail_client().post(link(reader))
    reader.refresh_from_db()
    assert reader.status == Status.SUPPRESSED


def test_an_old_link_still_works_after_years(monkeypatch):
    import time

    reader = SubscriberFactory(confirmed=True)
    made = time.time() - 5 * 365 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: made)
        path = link(reader)
    mail_client().post(path)
    reader.refresh_from_db()
    assert reader.status == Status.UNSUBSCRIBED
