"""Organisations, people and their appointments, named as in the office's 2017 issue."""

import datetime

import factory
from django.utils.text import slugify

from people.models import Appointment, Organisation, Person

ORGANISATION_NAMES = [
    "Department of Peacekeeping Operations",
    "European External Action Service",
    "Department of Political Affairs",
    "European Parliament",
    "Political and Security Committee",
    "United Nations Support Mission in Libya",
]
PERSON_NAMES = [
    "Jean-Pierre Lacroix",
    "Hervé Ladsous",
    "Federica Mogherini",
    "Miroslav Jenča",
    "Ivan Šimonović",
    "Steven Vandeput",
]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Iterator(ORGANISATION_NAMES)
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)[:90]}-{n}")
    acronym = ""
    kind = Organisation.Kind.UN_ENTITY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Iterator(PERSON_NAMES)
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)[:90]}-{n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Under-Secretary-General for Peacekeeping Operations"
    short_title = "USG"
    start_date = datetime.date(2017, 4, 1)
    end_date = None
