"""What makes people's rows public that this app itself shows (see unlops.publicity)."""

from django.db.models import Q

from unlops import guard, media, publicity

from .models import Appointment, Organisation, Person


def _people(released):
    people = Person.objects.all()
    return (people.released() if released else people.published()).values("pk")


def organisation_of_a_public_appointment(released):
    """A public person's page names the organisation of each of their posts."""
    posts = Appointment.objects.filter(person__in=_people(released)).values("organisation_id")
    return Q(pk__in=posts)


def register():
    publicity.register_use("people.organisation", organisation_of_a_public_appointment)
    publicity.register_owner(Appointment, lambda appointment: appointment.person)
    guard.protect(Organisation, Person, Appointment)
    media.register_owner("people/", lambda name: Person.objects.filter(portrait=name).first())
