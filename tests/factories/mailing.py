"""Readers on the list and the sendings of an issue."""

import factory
from django.utils import timezone

from newsletters.mailing.models import Delivery, Mailing, Subscriber

CONSENT_TEXT = (
    "I would like to receive the newsletter of the United Nations Liaison Office for Peace and "
    "Security by e-mail. I can leave the list at any time with the link in every issue."
)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed reader, with the consent they gave."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@partners.example.eu")
    name = factory.Iterator(["Annick Hiensch", "Kamiel Mesie", "Rory Keane", "Lotte Knudsen"])
    language = Subscriber.Language.ENGLISH
    status = Subscriber.Status.CONFIRMED
    consent_version = "2026-1"
    consent_text = CONSENT_TEXT
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=Subscriber.Status.PENDING, confirmed_at=None)


class MailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailing

    issue = factory.SubFactory("tests.factories.newsletters.IssueFactory", published=True)
    kind = Mailing.Kind.SUBSCRIBERS
    requested_by = factory.SubFactory("tests.factories.accounts.UserFactory", role="Publisher")


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    mailing = factory.SubFactory(MailingFactory)
    issue = factory.SelfAttribute("mailing.issue")
    subscriber = factory.SubFactory(SubscriberFactory)
