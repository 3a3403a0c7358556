"""Names sorted as a reader expects, in the database: a stored key without diacritics or case."""

import datetime
import importlib

import pytest
from django.apps import apps

from people.models import Appointment, Organisation, Person
from people.sitemaps import OrganisationSitemap, PersonSitemap
from tests.factories import (
    AppointmentFactory,
    OrganisationFactory,
    PersonFactory,
    shown_in_published_work,
)

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("people.migrations.0004_appointment_precision_and_sort_keys")


def test_people_are_ordered_with_s_caron_among_the_s():
    for name in ["Teresa Whitfield", "Ivan Šimonović", "Pedro Serrano", "Zeid Zaid"]:
        Person.objects.create(name=name)
    assert [p.name for p in Person.objects.all()] == [
        "Pedro Serrano",
        "Ivan Šimonović",
        "Teresa Whitfield",
        "Zeid Zaid",
    ]


def test_the_key_follows_the_sort_name_when_it_changes():
    person = Person.objects.create(name="Staffan de Mistura")
    assert person.sort_key == "mistura staffan de"
    person.sort_name = "de Mistura Staffan"
    person.save()
    assert Person.objects.get().sort_key == "de mistura staffan"


def test_organisations_are_ordered_with_o_acute_among_the_o():
    for name in ["Political and Security Committee", "Óglaigh na hÉireann", "NATO", "OSCE"]:
        OrganisationFactory(name=name)
    assert [o.name for o in Organisation.objects.all()] == [
        "NATO",
        "Óglaigh na hÉireann",
        "OSCE",
        "Political and Security Committee",
    ]


def test_sitemaps_list_in_the_same_order():
    people = [PersonFactory(name=name) for name in ["Zeid Zaid", "Ivan Šimonović", "Pedro Serrano"]]
    shown_in_published_work(*people)
    assert [p.pk for p in PersonSitemap().items()] == [people[2].pk, people[1].pk, people[0].pk]
    organisations = [OrganisationFactory(name=name) for name in ["Zeta", "Óglaigh", "Nato"]]
    shown_in_published_work(*organisations)
    assert [o.pk for o in OrganisationSitemap().items()] == [
        organisations[2].pk,
        organisations[1].pk,
        organisations[0].pk,
    ]


def test_the_migration_fills_rows_written_before_it():
    simonovic = PersonFactory(name="Ivan Šimonović")
    oglaigh = OrganisationFactory(name="Óglaigh na hÉireann")
    undated = AppointmentFactory(person=simonovic, organisation=oglaigh, start_date=None)
    dated = AppointmentFactory(
        person=simonovic,
        organisation=oglaigh,
        title="Assistant Secretary-General for Human Rights",
        start_date=datetime.date(2010, 7, 1),
        end_date=datetime.date(2016, 9, 30),
    )
    # As the rows were before the migration: no keys, precisions defaulted, no "ended".
    Person.objects.update(sort_key="")
    Person.history.update(sort_key="")
    Organisation.objects.update(sort_key="")
    Appointment.objects.update(start_precision="day", end_precision="day", ended=False)

    MIGRATION.fill_sort_keys_and_precisions(apps, None)

    assert Person.objects.get().sort_key == "simonovic ivan"
    assert Organisation.objects.get().sort_key == "oglaigh na heireann"
    undated.refresh_from_db()
    dated.refresh_from_db()
    assert (undated.start_precision, undated.end_precision, undated.ended) == (
        "unknown",
        "unknown",
        False,
    )
    assert (dated.start_precision, dated.end_precision, dated.ended) == ("day", "day", True)
    history = simonovic.history.first()
    assert history.sort_key == "simonovic ivan"


def test_the_events_place_filter_sorts_places_with_their_base_letter(client):
    from django.core.cache import cache

    from tests.factories import EventFactory

    cache.clear()
    for city, country in [("Zagreb", "Croatia"), ("Örebro", "Sweden"), ("Oslo", "Norway")]:
        shown_in_published_work(EventFactory(city=city, country=country))
    html = client.get("/events/").content.decode()
    select = html[html.index('id="filter-place"') :]
    options = [
        select.index(f"<option>{place}</option>")
        for place in ("Croatia", "Norway", "Örebro", "Oslo", "Sweden", "Zagreb")
    ]
    assert options == sorted(options)
    cache.clear()
