"""Events and the parts people play in them."""

import datetime

import factory

from events.models import Event, Participation
from unlops.dates import DatePrecision

from .links import _add_links
from .people import PersonFactory


class EventFactory(factory.django.DjangoModelFactory):
    """``organisations=[...]``, ``participants=[(person, role), ...]`` link rows to the event;
    ``planned=True`` or ``cancelled=True`` set its status, ``month_only=True`` (November 2017) or
    ``year_only=True`` (2017) its precision."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        planned = factory.Trait(status=Event.Status.PLANNED)
        cancelled = factory.Trait(status=Event.Status.CANCELLED)
        month_only = factory.Trait(
            start_date=datetime.date(2017, 11, 1),
            end_date=datetime.date(2017, 11, 30),
            date_precision=DatePrecision.MONTH,
        )
        year_only = factory.Trait(
            start_date=datetime.date(2017, 1, 1),
            end_date=datetime.date(2017, 12, 31),
            date_precision=DatePrecision.YEAR,
        )

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
