"""Import and export of organisations, people and appointments, by natural keys."""

from django.db.models import Q
from import_export import fields, widgets

from unlops.importing import NaturalKeyResource, StrictManyToManyWidget, natural_field

from .models import Appointment, Organisation, Person


class OrganisationWidget(widgets.ForeignKeyWidget):
    """An organisation named by its acronym (EEAS) or, if it has none, its slug."""

    def __init__(self, **kwargs):
        super().__init__(Organisation, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        match = Organisation.objects.by_reference(str(value)).first()
        if match is None:
            raise ValueError(f"No organisation with the acronym or slug “{value}”.")
        return match

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.acronym or value.slug


class OrganisationsWidget(StrictManyToManyWidget):
    def __init__(self, model=Organisation, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def lookup(self, names):
        return Organisation.objects.filter(Q(slug__in=names) | Q(acronym__in=names))

    def key_of(self, obj):
        return obj.acronym or obj.slug

    def names_of(self, obj):
        return {obj.slug, obj.acronym} - {""}


def organisation_field(attribute="organisation", **kwargs):
    return fields.Field(attribute=attribute, column_name=attribute, widget=OrganisationWidget())


class OrganisationResource(NaturalKeyResource):
    parent = organisation_field("parent")

    class Meta:
        model = Organisation
        import_id_fields = ["slug"]
        fields = ["slug", "name", "acronym", "kind", "parent", "description", "website"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    constraints_checked_by_clean = ["people_organisation_not_own_parent"]

    def get_queryset(self):
        return super().get_queryset().select_related("parent")


class PersonResource(NaturalKeyResource):
    class Meta:
        model = Person
        import_id_fields = ["slug"]
        fields = ["slug", "name", "sort_name", "honorific", "biography"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class AppointmentResource(NaturalKeyResource):
    person = natural_field("person", Person)
    organisation = organisation_field()

    class Meta:
        model = Appointment
        import_id_fields = ["person", "organisation", "title"]
        fields = [
            "person",
            "organisation",
            "title",
            "short_title",
            "start_date",
            "end_date",
            "note",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    constraints_checked_by_clean = ["people_appointment_ends_after_start"]

    def get_queryset(self):
        return super().get_queryset().select_related("person", "organisation")
