"""What public events show of other rows (see unlops.publicity)."""

from django.db.models import Q

from unlops import guard, publicity

from .models import Event, Participation


def _events(released):
    events = Event.objects.all()
    return (events.released() if released else events.published()).values("pk")


def participant_of_a_public_event(released):
    parts = Participation.objects.filter(event__in=_events(released)).values("person_id")
    return Q(pk__in=parts)


def organisation_of_a_public_event(released):
    through = Event.organisations.through
    links = through.objects.filter(event__in=_events(released)).values("organisation_id")
    return Q(pk__in=links)


def register():
    publicity.register_use("people.person", participant_of_a_public_event)
    publicity.register_use("people.organisation", organisation_of_a_public_event)
    publicity.register_owner(Participation, lambda participation: participation.event)
    guard.protect(Event, Participation)
    guard.protect_links(Event.organisations)
