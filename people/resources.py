"""Import and export of organisations, people and appointments, by natural keys."""

from import_export import fields, widgets

from unlops.importing import NaturalKeyResource, StrictManyToManyWidget, natural_field

from .models import Appointment, Organisation, Person
from .tenure import TERM_PRECISIONS


class OrganisationWidget(widgets.ForeignKeyWidget):
    """An organisation named by its slug, its acronym (EEAS) or its exact name, case aside
    ("European External Action Service"); exported by its acronym or, if none, its slug."""

    def __init__(self, **kwargs):
        super().__init__(Organisation, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        match = Organisation.objects.by_reference(str(value)).first()
        if match is None:
            raise ValueError(f"No organisation with the acronym, slug or name “{value}”.")
        return match

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.acronym or value.slug


class OrganisationsWidget(StrictManyToManyWidget):
    """Organisations named as OrganisationWidget names one, separated by ';'."""

    reference_hint = "acronym, slug or exact name"

    def __init__(self, model=Organisation, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def lookup(self, names):
        return Organisation.objects.referenced_by(names)

    def key_of(self, obj):
        return obj.acronym or obj.slug

    def names_of(self, obj):
        return {obj.slug, obj.acronym} - {""}

    def _find(self, names):
        # A slug beats an acronym, which beats a name: the rank of what each name matched.
        wanted, known, rank = set(names), self.known(), {}
        for obj in self.lookup(names):
            for name in wanted:
                if name == obj.slug:
                    matched = 0
                elif name == obj.acronym:
                    matched = 1
                elif name.casefold() == obj.name.casefold():
                    matched = 2
                else:
                    continue
                if matched < rank.get(name, 3):
                    known[name], rank[name] = obj, matched


class PrecisionWidget(widgets.Widget):
    """How exactly a date is known: day, month, year or unknown; empty is a day (for a file
    written before precisions, whose dates were exact), and no date at all is unknown."""

    choices = [value for value, _label in TERM_PRECISIONS]

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip().lower() or "day"
        if value not in self.choices:
            raise ValueError(f"“{value}” is not a precision (one of {', '.join(self.choices)}).")
        return value


class EndedWidget(widgets.BooleanWidget):
    """1 or 0 (or true, false, yes, no); empty is 0. Anything else is refused, not read as 0."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in {"", "0", "false", "no"}:
            return False
        if text in {"1", "true", "yes"}:
            return True
        raise ValueError(f"“{value}”: write 1 if the post has ended, 0 or nothing if not.")


def precision_field(attribute):
    return fields.Field(attribute=attribute, column_name=attribute, widget=PrecisionWidget())


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
    start_precision = precision_field("start_precision")
    end_precision = precision_field("end_precision")
    ended = fields.Field(attribute="ended", column_name="ended", widget=EndedWidget())
    in_post_precision = precision_field("in_post_precision")

    class Meta:
        model = Appointment
        import_id_fields = ["person", "organisation", "title"]
        fields = [
            "person",
            "organisation",
            "title",
            "short_title",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "ended",
            "in_post_on",
            "in_post_precision",
            "note",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    constraints_checked_by_clean = ["people_appointment_ends_after_start"]

    def get_queryset(self):
        return super().get_queryset().select_related("person", "organisation")
