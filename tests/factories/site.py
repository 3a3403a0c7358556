"""Rows of the site app: audit events as ``unlops.audit.record`` writes them."""

import factory
from django.contrib.contenttypes.models import ContentType

from people.models import Person
from unlops.models import AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    """A publisher's deletion of a person, from an office address."""

    class Meta:
        model = AuditEvent

    action = AuditEvent.Action.DELETE
    actor = None
    actor_name = "rory"
    ip = "192.0.2.10"
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Person))
    object_id = factory.Sequence(str)
    object_repr = "Hervé Ladsous"
    detail = factory.LazyFunction(dict)
