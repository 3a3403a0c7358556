"""Import and export of events with their participants, by natural keys."""

from django.utils.encoding import force_str
from import_export import fields, widgets

from people.models import Person
from people.resources import OrganisationsWidget
from unlops.importing import NaturalKeyResource, natural_field

from .models import Event, Participation


class ParticipantsWidget(widgets.ManyToManyWidget):
    """Participants as 'person-slug:role; person-slug:role', in order."""

    def __init__(self, **kwargs):
        super().__init__(Person, separator=";", field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        entries = [item.strip() for item in force_str(value or "").split(";") if item.strip()]
        pairs, problems = [], []
        for entry in entries:
            slug, _, role = (part.strip() for part in entry.partition(":"))
            role = role or Participation.Role.ATTENDEE
            if role not in Participation.Role.values:
                problems.append(
                    f"“{entry}”: unknown role “{role}” "
                    f"(one of {', '.join(Participation.Role.values)})"
                )
                continue
            pairs.append((slug, role))
        people = Person.objects.in_bulk([slug for slug, _ in pairs], field_name="slug")
        missing = [slug for slug, _ in pairs if slug not in people]
        if missing:
            problems.append(f"unknown person: {', '.join(missing)}")
        if problems:
            raise ValueError("Participants: " + "; ".join(problems) + ".")
        return [(people[slug], role) for slug, role in pairs]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if hasattr(value, "all"):
            value = [(p.person, p.role) for p in value.all()]
        return "; ".join(f"{person.slug}:{role}" for person, role in value)


class ParticipantsField(fields.Field):
    def __init__(self):
        super().__init__(
            attribute="participations", column_name="participants", widget=ParticipantsWidget()
        )

    def get_value(self, instance):
        # An event not yet saved has no participants to read.
        return super().get_value(instance) if instance.pk else None

    def save(self, instance, row, is_m2m=False, **kwargs):
        if not is_m2m:
            return
        wanted = self.clean(row, **kwargs)
        instance.participations.all().delete()
        Participation.objects.bulk_create(
            Participation(event=instance, person=person, role=role, position=index)
            for index, (person, role) in enumerate(wanted, start=1)
        )


class EventResource(NaturalKeyResource):
    organisations = fields.Field(
        attribute="organisations", column_name="organisations", widget=OrganisationsWidget()
    )
    parent = natural_field("parent", Event)
    participants = ParticipantsField()

    class Meta:
        model = Event
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "kind",
            "title",
            "start_date",
            "end_date",
            "date_precision",
            "date_note",
            "venue",
            "city",
            "country",
            "organisations",
            "parent",
            "summary",
            "participants",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("parent")
            .prefetch_related("organisations", "participations__person")
        )
