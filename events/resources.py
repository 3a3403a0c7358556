"""Import and export of events with their participants, by natural keys."""

from collections import Counter

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
        # A row's cell is cleaned up to three times: checked, saved, then shown in the preview.
        last = self.__dict__.get("_last")
        if last is not None and last[0] == value:
            return last[1]
        self._last = (value, self._clean(value))
        return self._last[1]

    def _clean(self, value):
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
        people = self.known()
        wanted = {slug for slug, _ in pairs if slug not in people}
        if wanted:
            people.update(Person.objects.in_bulk(wanted, field_name="slug"))
        missing = [slug for slug, _ in pairs if slug not in people]
        if missing:
            problems.append(f"unknown person: {', '.join(missing)}")
        twice = [f"{slug}:{role}" for (slug, role), count in Counter(pairs).items() if count > 1]
        if twice:
            problems.append(f"given twice: {', '.join(twice)}")
        if problems:
            raise ValueError("Participants: " + "; ".join(problems) + ".")
        return [(people[slug], role) for slug, role in pairs]

    def known(self):
        """The people found so far in this import, by slug; slugs not found are asked again."""
        return self.__dict__.setdefault("_known", {})

    def prefetch(self, values, storable):
        """Find at once the people a whole column names."""
        slugs = {
            entry.partition(":")[0].strip()
            for value in values
            for entry in force_str(value or "").split(";")
        }
        wanted = [slug for slug in slugs if slug and storable(slug)]
        self.known().update(Person.objects.in_bulk(wanted, field_name="slug"))

    def forget(self):
        self.__dict__.pop("_known", None)

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
        if not instance.pk:
            return None  # An event not yet saved has no participants to read.
        if "participations" in getattr(instance, "_prefetched_objects_cache", {}):
            return instance.participations.all()
        return instance.participations.select_related("person")

    def new_links(self, instance, row):
        return Participation, [
            {"event_id": instance.pk, "person_id": person.pk, "role": role, "position": index}
            for index, (person, role) in enumerate(self.clean(row), start=1)
        ]

    def save(self, instance, row, is_m2m=False, **kwargs):
        if not is_m2m:
            return
        _, links = self.new_links(instance, row)
        instance.participations.all().delete()
        Participation.objects.bulk_create(Participation(**values) for values in links)


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
            "alternative_start_date",
            "date_note",
            "status",
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

    constraints_checked_by_clean = [
        "events_event_ends_on_or_after_start",
        "events_event_dated_unless_unknown",
        "events_event_alternative_needs_a_start",
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("parent")
            .prefetch_related("organisations", "participations__person")
        )
