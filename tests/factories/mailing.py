"""Readers of the newsletter: subscribers with the consent they gave."""

import factory
from django.utils import timezone
from django.utils.text import slugify

from newsletters.mailing import consent
from newsletters.mailing.models import Delivery, Mailing, Subscriber

from .people import PERSON_NAMES


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A reader who gave today's consent; ``confirmed=True`` has also opened the link."""

    class Meta:
        model = Subscriber

    class Params:
        confirmed = factory.Trait(
            status=Subscriber.Status.CONFIRMED, confirmed_at=factory.LazyFunction(timezone.now)
        )

    name = factory.Iterator(PERSON_NAMES)
    email = factory.LazyAttributeSequence(
        lambda o, n: f"{slugify(o.name).replace('-', '.')}.{n}@example.org"
    )
    language = Subscriber.Language.ENGLISH
    consent_version = factory.LazyFunction(consent.version)
    consent_text = factory.LazyAttribute(lambda o: consent.text(o.language))
    consented_at = factory.LazyFunction(timezone.now)


class MailingFactory(factory.django.DjangoModelFactory):
    """A sending of a published issue to the subscribers, asked for by a publisher."""

    class Meta:
        model = Mailing

    issue = factory.SubFactory("tests.factories.newsletters.IssueFactory", published=True)
    kind = Mailing.Kind.SUBSCRIBERS
    requested_by = factory.SubFactory("tests.factories.accounts.UserFactory", role="Publisher")


class DeliveryFactory(factory.django.DjangoModelFactory):
    """One reader's copy of the mailing's issue, waiting to be sent."""

    class Meta:
        model = Delivery

    mailing = factory.SubFactory(MailingFactory)
    issue = factory.SelfAttribute("mailing.issue")
    subscriber = factory.SubFactory(SubscriberFactory, confirmed=True)
