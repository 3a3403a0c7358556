import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from people.models import Appointment, Organisation, Person
from tests.factories import AppointmentFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

USG_PKO = "Under-Secretary-General for Peacekeeping Operations"


@pytest.fixture
def dpko():
    return OrganisationFactory(
        name="Department of Peacekeeping Operations", acronym="DPKO", slug="dpko"
    )


@pytest.fixture
def ladsous(dpko):
    person = PersonFactory(name="Hervé Ladsous", slug="herve-ladsous")
    AppointmentFactory(
        person=person,
        organisation=dpko,
        title=USG_PKO,
        start_date=datetime.date(2011, 10, 1),
        end_date=datetime.date(2017, 3, 31),
    )
    return person


@pytest.fixture
def lacroix(dpko):
    person = PersonFactory(name="Jean-Pierre Lacroix", slug="jean-pierre-lacroix")
    AppointmentFactory(
        person=person,
        organisation=dpko,
        title=USG_PKO,
        start_date=datetime.date(2017, 4, 1),
        end_date=None,
    )
    return person


class TestOrganisationConstraints:
    def test_acronym_is_unique(self, dpko):
        with pytest.raises(IntegrityError), transaction.atomic():
            OrganisationFactory(name="Another department", acronym="DPKO")

    def test_several_organisations_may_have_no_acronym(self):
        OrganisationFactory(name="European Parliament", acronym="")
        OrganisationFactory(name="European Commission", acronym="")
        assert Organisation.objects.filter(acronym="").count() == 2

    def test_cannot_be_its_own_parent(self, dpko):
        dpko.parent = dpko
        with pytest.raises(IntegrityError), transaction.atomic():
            dpko.save()

    def test_full_clean_refuses_a_duplicate_acronym(self, dpko):
        duplicate = Organisation(name="Another department", slug="another", acronym="DPKO")
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert caught.value.message_dict[NON_FIELD_ERRORS] == [
            "Another organisation already has this acronym."
        ]

    def test_full_clean_accepts_a_second_empty_acronym(self):
        OrganisationFactory(acronym="")
        Organisation(name="European Council", slug="european-council", acronym="").full_clean()

    def test_full_clean_refuses_own_parent_on_the_parent_field(self, dpko):
        dpko.parent = dpko
        with pytest.raises(ValidationError) as caught:
            dpko.full_clean()
        assert "parent" in caught.value.message_dict
        assert "part of itself" in caught.value.message_dict["parent"][0]

    def test_save_fills_slug_from_acronym_then_name(self):
        eeas = Organisation.objects.create(name="European External Action Service", acronym="EEAS")
        parliament = Organisation.objects.create(name="European Parliament")
        assert eeas.slug == "eeas"
        assert parliament.slug == "european-parliament"


class TestOrganisationLookups:
    def test_natural_key_round_trip(self, dpko):
        assert dpko.natural_key() == ("dpko",)
        assert Organisation.objects.get_by_natural_key(*dpko.natural_key()) == dpko

    def test_by_reference_finds_by_slug(self, dpko):
        assert list(Organisation.objects.by_reference("dpko")) == [dpko]

    def test_by_reference_finds_by_acronym_ignoring_case(self):
        eeas = OrganisationFactory(
            name="European External Action Service", acronym="EEAS", slug="external-action"
        )
        assert list(Organisation.objects.by_reference(" eeas ")) == [eeas]

    def test_by_reference_prefers_a_slug_match(self):
        by_acronym = OrganisationFactory(name="European Union", acronym="EU", slug="european-union")
        by_slug = OrganisationFactory(name="A body whose slug is eu", acronym="", slug="eu")
        found = list(Organisation.objects.by_reference("eu"))
        assert found == [by_slug, by_acronym]

    def test_by_reference_finds_nothing_for_unknown(self, dpko):
        assert not Organisation.objects.by_reference("nato").exists()

    @pytest.mark.parametrize("reference", ["", None, "   "])
    def test_by_reference_finds_nothing_for_an_empty_reference(self, dpko, reference):
        OrganisationFactory(name="European Parliament", acronym="")
        assert not Organisation.objects.by_reference(reference).exists()


class TestOrganisationDisplay:
    def test_str_shows_acronym(self, dpko):
        assert str(dpko) == "Department of Peacekeeping Operations (DPKO)"

    def test_str_without_acronym(self):
        assert str(OrganisationFactory(name="European Parliament")) == "European Parliament"

    def test_str_when_acronym_is_the_name(self):
        assert str(OrganisationFactory(name="NATO", acronym="NATO")) == "NATO"

    def test_short_name(self, dpko):
        assert dpko.short_name == "DPKO"
        assert OrganisationFactory(name="European Council").short_name == "European Council"

    def test_get_absolute_url(self, dpko):
        assert dpko.get_absolute_url() == "/people/organisations/dpko/"


class TestPerson:
    def test_save_fills_slug_and_sort_name(self):
        person = Person.objects.create(name="Jean-Pierre Lacroix")
        assert person.slug == "jean-pierre-lacroix"
        assert person.sort_name == "Lacroix Jean-Pierre"

    def test_save_keeps_a_given_sort_name(self):
        person = Person.objects.create(name="Staffan de Mistura", sort_name="de Mistura Staffan")
        assert person.sort_name == "de Mistura Staffan"

    def test_single_word_name(self):
        assert Person.objects.create(name="Lacroix").sort_name == "Lacroix"

    def test_slug_keeps_letters_without_diacritics(self):
        assert Person.objects.create(name="Ivan Šimonović").slug == "ivan-simonovic"

    def test_slug_is_unique(self, ladsous):
        with pytest.raises(IntegrityError), transaction.atomic():
            PersonFactory(name="Hervé Ladsous", slug="herve-ladsous")

    def test_directory_is_ordered_by_family_name(self):
        Person.objects.create(name="Jean-Pierre Lacroix")
        Person.objects.create(name="Federica Mogherini")
        Person.objects.create(name="Hervé Ladsous")
        assert [p.name for p in Person.objects.all()] == [
            "Jean-Pierre Lacroix",
            "Hervé Ladsous",
            "Federica Mogherini",
        ]

    def test_str(self, ladsous):
        assert str(ladsous) == "Hervé Ladsous"

    def test_natural_key_round_trip(self, ladsous):
        assert ladsous.natural_key() == ("herve-ladsous",)
        assert Person.objects.get_by_natural_key("herve-ladsous") == ladsous

    def test_get_absolute_url(self, ladsous):
        assert ladsous.get_absolute_url() == "/people/herve-ladsous/"


class TestTitleOnADate:
    def test_ladsous_is_usg_until_31_march_2017(self, ladsous):
        assert ladsous.title_on(datetime.date(2017, 3, 16)) == USG_PKO
        assert ladsous.title_on(datetime.date(2017, 3, 31)) == USG_PKO
        assert ladsous.title_on(datetime.date(2017, 4, 1)) == ""

    def test_lacroix_is_usg_from_1_april_2017(self, lacroix):
        assert lacroix.title_on(datetime.date(2017, 3, 31)) == ""
        assert lacroix.title_on(datetime.date(2017, 4, 1)) == USG_PKO
        assert lacroix.title_on(datetime.date(2017, 4, 26)) == USG_PKO

    def test_open_ended_appointment_holds_today(self, lacroix):
        assert lacroix.title_on() == USG_PKO

    def test_appointment_without_dates_always_holds(self, dpko):
        person = PersonFactory(name="António Guterres")
        AppointmentFactory(
            person=person,
            organisation=dpko,
            title="Secretary-General of the United Nations",
            start_date=None,
            end_date=None,
        )
        assert (
            person.title_on(datetime.date(1990, 1, 1)) == "Secretary-General of the United Nations"
        )
        assert (
            person.title_on(datetime.date(2030, 1, 1)) == "Secretary-General of the United Nations"
        )

    def test_described_on_says_then_while_held_and_former_after_the_end_date(self, ladsous):
        # Held on 16 March 2017 and left since: a reader today reads "the then USG".
        assert ladsous.described_on(datetime.date(2017, 3, 16)) == f"then {USG_PKO}"
        assert ladsous.described_on(datetime.date(2017, 5, 1)) == f"former {USG_PKO}"

    def test_described_on_before_any_appointment_is_empty(self, lacroix):
        assert lacroix.described_on(datetime.date(2016, 12, 1)) == ""

    def test_described_on_names_the_latest_post_left(self, dpko):
        person = PersonFactory(name="Carmelo Abela")
        AppointmentFactory(
            person=person,
            organisation=dpko,
            title="Minister for Foreign Affairs",
            start_date=datetime.date(2010, 1, 1),
            end_date=datetime.date(2012, 12, 31),
        )
        AppointmentFactory(
            person=person,
            organisation=dpko,
            title="Minister for Home Affairs and National Security of Malta",
            start_date=datetime.date(2013, 1, 1),
            end_date=datetime.date(2017, 6, 1),
        )
        assert (
            person.described_on(datetime.date(2018, 1, 1))
            == "former Minister for Home Affairs and National Security of Malta"
        )

    def test_current_post_wins_over_a_former_one(self, ladsous, dpko):
        AppointmentFactory(
            person=ladsous,
            organisation=dpko,
            title="Adviser",
            start_date=datetime.date(2017, 4, 1),
            end_date=None,
        )
        assert ladsous.described_on(datetime.date(2017, 5, 1)) == "Adviser"

    def test_latest_appointment_comes_first_when_two_are_held(self, dpko):
        # As Antonio Tajani in May 2017: a member of Parliament (start not known)
        # and, since January 2017, its President. Same answer on every database.
        person = PersonFactory(name="Antonio Tajani")
        AppointmentFactory(
            person=person,
            organisation=dpko,
            title="Member of the European Parliament",
            start_date=None,
        )
        AppointmentFactory(
            person=person,
            organisation=dpko,
            title="President of the European Parliament",
            start_date=datetime.date(2017, 1, 17),
        )
        assert person.title_on(datetime.date(2017, 5, 17)) == "President of the European Parliament"
        assert person.title_on(datetime.date(2016, 5, 17)) == "Member of the European Parliament"

    def test_two_posts_of_unknown_start_keep_the_order_entered(self, dpko):
        person = PersonFactory(name="Federica Mogherini")
        for title in ("High Representative", "Vice-President of the European Commission"):
            AppointmentFactory(person=person, organisation=dpko, title=title, start_date=None)
        assert [a.title for a in person.appointments_on(datetime.date(2017, 5, 9))] == [
            "High Representative",
            "Vice-President of the European Commission",
        ]

    def test_held_on_queryset(self, ladsous, lacroix):
        on_16_march = Appointment.objects.held_on(datetime.date(2017, 3, 16))
        on_1_april = Appointment.objects.held_on(datetime.date(2017, 4, 1))
        assert [a.person for a in on_16_march] == [ladsous]
        assert [a.person for a in on_1_april] == [lacroix]

    def test_held_on_includes_both_boundaries(self, ladsous):
        appointment = ladsous.appointments.get()
        assert appointment in Appointment.objects.held_on(appointment.start_date)
        assert appointment in Appointment.objects.held_on(appointment.end_date)
        assert appointment not in Appointment.objects.held_on(datetime.date(2017, 4, 1))

    def test_current_excludes_ended_appointments(self, ladsous, lacroix):
        assert [a.person for a in Appointment.objects.current()] == [lacroix]


class TestAppointment:
    def test_cannot_end_before_it_starts(self, dpko):
        with pytest.raises(IntegrityError), transaction.atomic():
            AppointmentFactory(
                organisation=dpko,
                start_date=datetime.date(2017, 4, 1),
                end_date=datetime.date(2017, 3, 31),
            )

    def test_may_end_on_the_day_it_starts(self):
        appointment = AppointmentFactory(
            start_date=datetime.date(2017, 4, 1), end_date=datetime.date(2017, 4, 1)
        )
        assert appointment.pk

    def test_clean_names_the_end_date(self, ladsous, dpko):
        appointment = Appointment(
            person=ladsous,
            organisation=dpko,
            title=USG_PKO,
            start_date=datetime.date(2017, 4, 1),
            end_date=datetime.date(2017, 3, 31),
        )
        with pytest.raises(ValidationError) as caught:
            appointment.full_clean()
        assert caught.value.message_dict["end_date"] == [
            "An appointment cannot end before it starts."
        ]

    def test_same_post_twice_from_the_same_date_is_refused(self, ladsous):
        existing = ladsous.appointments.get()
        with pytest.raises(IntegrityError), transaction.atomic():
            AppointmentFactory(
                person=ladsous,
                organisation=existing.organisation,
                title=existing.title,
                start_date=existing.start_date,
            )

    def test_organisation_with_appointments_cannot_be_deleted(self, ladsous, dpko):
        from django.db.models import ProtectedError

        with pytest.raises(ProtectedError):
            dpko.delete()

    def test_str(self, lacroix):
        assert str(lacroix.appointments.get()) == f"Jean-Pierre Lacroix, {USG_PKO}"

    def test_natural_key(self, lacroix):
        assert lacroix.appointments.get().natural_key() == ("jean-pierre-lacroix", "dpko", USG_PKO)

    def test_get_absolute_url_is_the_persons(self, lacroix):
        assert lacroix.appointments.get().get_absolute_url() == "/people/jean-pierre-lacroix/"
