"""Subscribing on the public site: double opt-in by a real SMTP server, the hour's limits, the
same answer whatever the address's state, and links that are expired or forged."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from newsletters.mailing import consent, services
from newsletters.mailing.models import Subscriber
from newsletters.mailing.tokens import confirm_token
from tests.factories import SubscriberFactory
from tests.mailing.conftest import confirmation_path

pytestmark = pytest.mark.django_db
Status = Subscriber.Status
SUBSCRIBE = "/newsletter/subscribe/"


def form(email, **extra):
    return {"email": email, "name": "", "language": "en", "consent": "on", **extra}


def test_subscribe_mails_one_link_that_confirms(client, smtp_server):
    response = client.post(SUBSCRIBE, form("  Miroslav.Jenca@Example.ORG ", name="Miroslav"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mailing:check-inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "miroslav.jenca@example.org"
    assert subscriber.status == Status.PENDING
    assert subscriber.consent_version == consent.version()
    assert subscriber.consent_text == consent.text("en")
    assert abs(subscriber.consented_at - timezone.now()) < timedelta(minutes=1)
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["miroslav.jenca@example.org"]
    assert "Confirm your subscription" in message["Subject"]
    path = confirmation_path(message)

    shown = client.get(path)  # What a mail scanner opening the link would do.
    assert shown.status_code == 200
    assert b"Confirm my subscription" in shown.content
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING

    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert b"You are subscribed" in confirmed.content
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert len(smtp_server.messages) == 1


def test_a_french_reader_gets_the_french_consent_and_mail(client, smtp_server):
    client.post(SUBSCRIBE, form("ivan.simonovic@example.org", language="fr"))
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "fr"
    assert subscriber.consent_text == consent.text("fr")
    assert "J'accepte" in subscriber.consent_text
    [(_to, message)] = smtp_server.messages
    assert "Confirmez votre abonnement" in message["Subject"]
    confirmation_path(message)


def test_no_second_mail_within_the_hour_then_one_after_it(client, smtp_server):
    client.post(SUBSCRIBE, form("herve.ladsous@example.org"))
    client.post(SUBSCRIBE, form("HERVE.LADSOUS@example.org"))
    assert len(smtp_server.messages) == 1
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=61))
    client.post(SUBSCRIBE, form("herve.ladsous@example.org"))
    assert len(smtp_server.messages) == 2
    assert Subscriber.objects.count() == 1


STATES = {
    "new": None,
    "pending": {"confirmation_sent_at": timezone.now},
    "confirmed": {"confirmed": True},
    "unsubscribed": {"status": Status.UNSUBSCRIBED},
    "suppressed": {"status": Status.SUPPRESSED},
}
# Who is mailed: a new address, and one that left the list and asks again.
MAILED = {"new": 1, "pending": 0, "confirmed": 0, "unsubscribed": 1, "suppressed": 0}


def answer_for(client, state):
    email = f"{state}@example.org"
    traits = STATES[state]
    if traits is not None:
        values = {k: v() if callable(v) else v for k, v in traits.items()}
        SubscriberFactory(email=email, **values)
    response = client.post(SUBSCRIBE, form(email), follow=True)
    return response.status_code, response.redirect_chain, response.content


def test_the_answer_is_the_same_whatever_the_address_is(client, smtp_server):
    answers = {state: answer_for(client, state) for state in STATES}
    assert len({repr(answer) for answer in answers.values()}) == 1, answers.keys()
    assert answers["new"][0] == 200
    assert answers["new"][1] == [(reverse("mailing:check-inbox"), 302)]
    received = [to[0].split("@")[0] for to, _message in smtp_server.messages]
    assert sorted(received) == sorted(state for state, count in MAILED.items() if count)


def test_who_is_mailed_and_what_they_become(client, smtp_server):
    for state in STATES:
        answer_for(client, state)
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "new@example.org": Status.PENDING,
        "pending@example.org": Status.PENDING,
        "confirmed@example.org": Status.CONFIRMED,
        # Back after leaving: pending again, with today's consent, until the new link is opened.
        "unsubscribed@example.org": Status.PENDING,
        "suppressed@example.org": Status.SUPPRESSED,
    }


def test_a_client_address_is_limited_per_hour(client, smtp_server, settings):
    settings.MAILING_SUBSCRIBE_PER_CLIENT_PER_HOUR = 3
    for number in range(3):
        response = client.post(SUBSCRIBE, form(f"reader{number}@example.org"))
        assert response.status_code == 302
    refused = client.post(SUBSCRIBE, form("reader3@example.org"))
    assert refused.status_code == 429
    assert b"Too many requests" in refused.content
    assert not Subscriber.objects.filter(email="reader3@example.org").exists()
    assert len(smtp_server.messages) == 3
    elsewhere = client.post(SUBSCRIBE, form("reader3@example.org"), REMOTE_ADDR="192.0.2.7")
    assert elsewhere.status_code == 302
    assert len(smtp_server.messages) == 4


def test_the_client_limit_counts_in_the_shared_cache(settings):
    """Two processes share the cache, not their memory: the count lives in the cache alone."""
    from django.core.cache import cache

    from newsletters.mailing import limits

    settings.MAILING_SUBSCRIBE_PER_CLIENT_PER_HOUR = 1
    assert limits.allow_client("198.51.100.4")
    key = limits._key("198.51.100.4", int(time.time() // limits.HOUR))
    assert cache.get(key) == 1
    assert "198.51.100.4" not in key
    assert not limits.allow_client("198.51.100.4")


def test_a_confirmed_reader_is_not_mailed_nor_changed(smtp_server):
    reader = SubscriberFactory(confirmed=True, name="Federica", language="en")
    outcome = services.subscribe(email=reader.email, name="Someone else", language="fr")
    assert outcome is services.Outcome.NOT_MAILED
    reader.refresh_from_db()
    assert (reader.name, reader.language, reader.status) == ("Federica", "en", Status.CONFIRMED)
    assert smtp_server.messages == []


def test_a_suppressed_address_is_never_mailed(smtp_server):
    reader = SubscriberFactory(status=Status.SUPPRESSED)
    for _attempt in range(3):
        services.subscribe(email=reader.email, language="en")
    assert smtp_server.messages == []


def test_a_refused_mail_stores_nothing_and_answers_the_same(client, settings, smtp_server):
    settings.EMAIL_PORT = 9  # Nothing listens: the connection is refused.
    response = client.post(SUBSCRIBE, form("steven.vandeput@example.org"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mailing:check-inbox")
    assert not Subscriber.objects.exists()  # Asking again will send the mail.


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_nothing(client, smtp_server):
    response = client.post(SUBSCRIBE, form("robot@example.org", website="http://spam.example"))
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_a_bad_form_names_its_errors_beside_the_fields(client, smtp_server):
    response = client.post(SUBSCRIBE, {"email": "not an address", "language": "de"})
    assert response.status_code == 400
    page = response.content.decode()
    for field in ("email", "language", "consent"):
        assert f'id="id_{field}_error"' in page
        assert f'href="#id_{field}' in page  # The summary links to each field.
    assert 'aria-describedby="id_email_error"' in page
    assert 'aria-invalid="true"' in page
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_the_page_shows_the_consent_in_both_languages(client):
    page = client.get(SUBSCRIBE).content.decode()
    assert consent.text("en") in page.replace("&#x27;", "'")
    assert consent.text("fr") in page.replace("&#x27;", "'")
    assert 'lang="fr"' in page
    assert consent.version() in page
    assert 'for="id_email"' in page and 'for="id_name"' in page and "<legend>" in page


def test_the_footer_links_to_the_subscribe_page(client):
    assert f'href="{SUBSCRIBE}"' in client.get(reverse("newsletters:issue-list")).content.decode()


def old_token(subscriber, monkeypatch, age):
    """A confirmation token made ``age`` seconds ago."""
    made = time.time() - age
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: made)
        return confirm_token(subscriber)


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_changes_nothing_and_says_so(client, settings, monkeypatch, method):
    subscriber = SubscriberFactory()
    token = old_token(subscriber, monkeypatch, settings.MAILING_CONFIRM_LINK_SECONDS + 60)
    response = getattr(client, method)(reverse("mailing:confirm", args=[token]))
    assert response.status_code == 400
    assert b"This link does not work" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING


def test_a_link_within_its_time_confirms(client, settings, monkeypatch):
    subscriber = SubscriberFactory()
    token = old_token(subscriber, monkeypatch, settings.MAILING_CONFIRM_LINK_SECONDS - 60)
    assert client.post(reverse("mailing:confirm", args=[token])).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED


def forgeries(subscriber):
    token = confirm_token(subscriber)
    other = SubscriberFactory()
    return {
        "a changed signature": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "another reader's id": signing.dumps(
            {"id": other.pk, "email": subscriber.email}, salt="mailing.confirm"
        ),
        "another salt": signing.dumps(
            {"id": subscriber.pk, "email": subscriber.email}, salt="mailing.unsubscribe"
        ),
        "nonsense": "not-a-token",
    }


def test_forged_links_change_nothing(client):
    subscriber = SubscriberFactory()
    for name, token in forgeries(subscriber).items():
        response = client.post(reverse("mailing:confirm", args=[token]))
        assert response.status_code == 400, name
    assert set(Subscriber.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_a_link_of_a_reader_who_left_does_not_bring_them_back(client):
    subscriber = SubscriberFactory(status=Status.UNSUBSCRIBED)
    response = client.post(reverse("mailing:confirm", args=[confirm_token(subscriber)]))
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED


def test_confirming_twice_is_harmless(client):
    subscriber = SubscriberFactory()
    path = reverse("mailing:confirm", args=[confirm_token(subscriber)])
    client.post(path)
    first = Subscriber.objects.get().confirmed_at
    assert client.post(path).status_code == 200
    assert Subscriber.objects.get().confirmed_at == first
