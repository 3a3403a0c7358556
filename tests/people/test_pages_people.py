"""People's pages, the directory, organisation pages and the admin lists: posts printed no more
exactly than they are known, former posts as former, names sorted with their base letters."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils.html import escape

from tests.factories import (
    AppointmentFactory,
    OrganisationFactory,
    PersonFactory,
    shown_in_published_work,
)
from unlops.dates import DatePrecision

pytestmark = pytest.mark.django_db

MINISTER = "Minister for Home Affairs and National Security of Malta"
PRESIDENT = "President of the European Parliament"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def public_person(name, slug, **appointment):
    person = PersonFactory(name=name, slug=slug)
    if appointment:
        AppointmentFactory(person=person, **{"start_date": None, **appointment})
    shown_in_published_work(person)
    return person


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def abela():
    return public_person(
        "Carmelo Abela",
        "carmelo-abela",
        title=MINISTER,
        organisation=OrganisationFactory(name="Ministry for Home Affairs", slug="mt-mhas"),
        ended=True,
    )


@pytest.fixture
def tajani():
    return public_person(
        "Antonio Tajani",
        "antonio-tajani",
        title=PRESIDENT,
        organisation=OrganisationFactory(name="European Parliament", slug="ep"),
        start_date=datetime.date(2017, 1, 1),
        start_precision=DatePrecision.MONTH,
    )


class TestPersonPage:
    def test_a_post_ended_on_a_date_not_known_is_former(self, client, abela):
        html = page(client, abela.get_absolute_url())
        assert f'<p class="lede">former {MINISTER}</p>' in html
        assert "Dates not known; no longer held" in html
        assert "present" not in text_of(html)
        assert "timeline__item--current" not in html

    def test_a_month_only_start_prints_the_month(self, client, tajani):
        html = page(client, tajani.get_absolute_url())
        assert "January 2017 – present" in html
        assert "1 January 2017" not in html
        assert f'<p class="lede">{PRESIDENT}</p>' in html

    def test_a_day_in_post_is_shown_as_such_not_as_a_start_or_end(self, client):
        ladsous = public_person(
            "Hervé Ladsous",
            "herve-ladsous",
            title="Under-Secretary-General for Peacekeeping Operations",
            ended=True,
            in_post_on=datetime.date(2017, 3, 16),
        )
        text = text_of(page(client, ladsous.get_absolute_url()))
        assert "Dates not known; no longer held" in text
        assert "In post on 16 March 2017" in text
        assert "16 March 2017 –" not in text and "– 16 March 2017" not in text


class TestOrganisationPage:
    def test_former_holders_with_and_without_an_end_date(self, client, abela):
        organisation = abela.appointments.get().organisation
        AppointmentFactory(
            person=public_person("Jean Azzopardi", "jean-azzopardi"),
            organisation=organisation,
            title="Permanent Secretary",
            start_date=None,
            end_date=datetime.date(2016, 12, 31),
            end_precision=DatePrecision.YEAR,
        )
        html = page(client, organisation.get_absolute_url())
        formerly = html[html.index("Formerly") :]
        assert MINISTER in formerly
        assert "Permanent Secretary, until 2016" in formerly
        assert f"{MINISTER}, until" not in formerly
        assert "31 December 2016" not in html


class TestSortingNames:
    @pytest.fixture
    def people(self):
        names = [
            ("Teresa Whitfield", "teresa-whitfield"),
            ("Ivan Šimonović", "ivan-simonovic"),
            ("Pedro Serrano", "pedro-serrano"),
            ("Helga Schmid", "helga-schmid"),
            ("Stefano Tomat", "stefano-tomat"),
            ("Seán Ó Fearghaíl", "sean-o-fearghail"),
            ("Alan Osborne", "alan-osborne"),
            ("Zeid Zaid", "zeid-zaid"),
        ]
        people = [public_person(name, slug) for name, slug in names]
        # Family names of more than one word are given, as the admin's help asks.
        people[5].sort_name = "Ó Fearghaíl Seán"
        people[5].save()
        return people

    def test_the_directory_files_s_with_a_caron_among_the_s(self, client, people):
        html = page(client, "/people/")
        groups = re.findall(r'directory-group__letter">(.)<', html)
        assert groups == ["O", "S", "T", "W", "Z"]
        order = [
            html.index(escape(name))
            for name in (
                "Seán Ó Fearghaíl",
                "Alan Osborne",
                "Helga Schmid",
                "Pedro Serrano",
                "Ivan Šimonović",
                "Stefano Tomat",
                "Teresa Whitfield",
                "Zeid Zaid",
            )
        ]
        assert order == sorted(order)
        s_group = html[html.index('letter">S<') : html.index('letter">T<')]
        assert "Ivan Šimonović" in s_group

    def test_the_letter_index_and_filter(self, client, people):
        html = page(client, "/people/")
        assert re.findall(r"letter=(\w)", html) == ["O", "S", "T", "W", "Z"]
        s_only = page(client, "/people/?letter=S")
        assert "Ivan Šimonović" in s_only and "Helga Schmid" in s_only
        assert "Teresa Whitfield" not in s_only
        o_only = page(client, "/people/?letter=O")
        assert "Seán Ó Fearghaíl" in o_only and "Alan Osborne" in o_only

    def test_sort_keys_are_stored_folded(self, people):
        simonovic = people[1]
        simonovic.refresh_from_db()
        assert simonovic.sort_key == "simonovic ivan"

    def test_the_people_admin_list(self, admin_client, people):
        html = admin_client.get("/admin/people/person/").content.decode()
        names = re.findall(r'field-sorted_name"><a href="[^"]+">([^<]+)</a>', html)
        assert names == [
            "Seán Ó Fearghaíl",
            "Alan Osborne",
            "Helga Schmid",
            "Pedro Serrano",
            "Ivan Šimonović",
            "Stefano Tomat",
            "Teresa Whitfield",
            "Zeid Zaid",
        ]

    def test_organisations_in_lists_and_the_admin(self, client, admin_client):
        for name, slug in [
            ("Óglaigh na hÉireann", "oglaigh"),
            ("Organisation for Security and Co-operation in Europe", "osce"),
            ("NATO", "nato"),
            ("Political and Security Committee", "psc"),
        ]:
            shown_in_published_work(OrganisationFactory(name=name, slug=slug))
        glossary = page(client, "/people/organisations/")
        assert (
            glossary.index("NATO")
            < glossary.index("Óglaigh na hÉireann")
            < glossary.index("Organisation for Security")
            < glossary.index("Political and Security Committee")
        )
        html = admin_client.get("/admin/people/organisation/").content.decode()
        names = re.findall(r'field-sorted_name"><a href="[^"]+">([^<]+)</a>', html)
        assert names == [
            "NATO",
            "Óglaigh na hÉireann",
            "Organisation for Security and Co-operation in Europe",
            "Political and Security Committee",
        ]


def test_the_admin_list_of_appointments_prints_no_day_not_known(admin_client, tajani, abela):
    html = admin_client.get("/admin/people/appointment/").content.decode()
    assert "January 2017 – present" in html
    assert "Dates not known; no longer held" in html
    assert "Jan. 1, 2017" not in html and "1 January 2017" not in html


def test_the_admin_form_puts_each_precision_beside_its_date(admin_client, tajani):
    appointment = tajani.appointments.get()
    html = admin_client.get(f"/admin/people/appointment/{appointment.pk}/change/").content.decode()
    assert "field-start_date field-start_precision" in html
    assert "field-end_date field-end_precision field-ended" in html
    assert "field-in_post_on field-in_post_precision" in html
    person_page = admin_client.get(f"/admin/people/person/{tajani.pk}/change/").content.decode()
    assert "field-start_date field-start_precision" in person_page


def test_the_admin_form_explains_a_date_marked_unknown(admin_client, tajani):
    appointment = tajani.appointments.get()
    response = admin_client.post(
        "/admin/people/appointment/add/",
        {
            "person": tajani.pk,
            "organisation": appointment.organisation.pk,
            "title": "Vice-President of the European Parliament",
            "start_date": "2014-07-01",
            "start_precision": "unknown",
            "end_date": "2016-12-31",
            "end_precision": "month",
            "in_post_on": "",
            "in_post_precision": "day",
            "note": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "known to the day, the month or the year" in errors["start_precision"][0]
    assert tajani.appointments.count() == 1
