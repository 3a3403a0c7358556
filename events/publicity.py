"""What public events show of other rows (see unlops.publicity)."""

from django.db.models import Exists, OuterRef, Q

from unlops import guard, publicity

from .models import Event, Participation


def _events(released):
    events = Event.objects.all()
    return events.released() if released else events.published()


def participant_of_a_public_event(released):
    return Q(
        Exists(Participation.objects.filter(person=OuterRef("pk"), event__in=_events(released)))
    )


def organisation_of_a_public_event(released):
    through = Event.organisations.through
    return Q(
        Exists(through.objects.filter(organisation=OuterRef("pk"), event__in=_events(released)))
    )


def register():
    publicity.register_use("people.person", participant_of_a_public_event)
    publicity.register_use("people.organisation", organisation_of_a_public_event)
    publicity.register_owner(Participation, lambda participation: participation.event)
    guard.protect(Event, Participation)
    guard.protect_links(Event.organisations)
