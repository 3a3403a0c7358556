"""Events and the parts people play in them."""

import datetime

import factory

from events.models import Event, Participation
from unlops.dates import DatePrecision

from .links import _add_links
from .people import PersonFactory


class EventFactory(factory.django.DjangoModelFactory):
    """``organisations=[...]``, ``participants=[(person, role), ...]`` link rows to the event."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.PLENARY_ADDRESS
    title = "Secretary-General António Guterres addresses the European Parliament plenary"
    slug = factory.Sequence(lambda n: f"event-{n}")
    start_date = datetime.date(2017, 5, 17)
    end_date = factory.SelfAttribute("start_date")
    date_precision = DatePrecision.DAY
    city = "Strasbourg"
    country = "France"
    organisations = _add_links("organisations")

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        for position, (person, role) in enumerate(extracted or [], start=1):
            Participation.objects.create(event=self, person=person, role=role, position=position)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.SPEAKER
