"""What factories of several apps share."""

import datetime

import factory
from django.utils import timezone


def _past():
    return timezone.now() - datetime.timedelta(days=1)


def _future():
    return timezone.now() + datetime.timedelta(days=7)


def _add_links(field):
    """A ``post_generation`` hook: ``Factory(people=[...])`` adds the rows to ``field``."""

    def add(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).add(*extracted)

    return factory.PostGeneration(add)
