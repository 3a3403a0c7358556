"""Building blocks for django-import-export resources: natural keys, atomic imports, safe cells."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.encoding import force_str
from import_export import fields, resources, widgets

from unlops import publicity
from unlops.richtext import sanitize_html

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"


def escape_formula(value):
    """Prefix text a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return FORMULA_ESCAPE + value
    return value


def unescape_formula(value):
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_ESCAPE)
        and value[1:].startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Related rows named by a natural key; an unknown name is an error, not silently dropped."""

    def __init__(self, model, field="slug", separator=";", **kwargs):
        super().__init__(model, separator=separator, field=field, **kwargs)

    def split(self, value):
        if value is None:
            return []
        return [item.strip() for item in force_str(value).split(self.separator) if item.strip()]

    def lookup(self, names):
        return self.model.objects.filter(**{f"{self.field}__in": names})

    def key_of(self, obj):
        return force_str(getattr(obj, self.field))

    def matches(self, obj, name):
        return self.key_of(obj) == name

    def clean(self, value, row=None, **kwargs):
        names = self.split(value)
        if not names:
            return self.model.objects.none()
        found = list(self.lookup(names))
        missing = [name for name in names if not any(self.matches(obj, name) for obj in found)]
        if missing:
            raise ValueError(
                f"Unknown {self.model._meta.verbose_name}: {', '.join(missing)}"
                f" (give the {self.field}, separated by '{self.separator}')."
            )
        return self.model.objects.filter(pk__in=[obj.pk for obj in found])

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        objects = value.all() if hasattr(value, "all") else value
        return f"{self.separator} ".join(sorted(self.key_of(obj) for obj in objects))


class NaturalForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key named by a natural key (a slug); an unknown name is a clear error."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return super().clean(force_str(value).strip(), row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                f"No {self.model._meta.verbose_name} with the {self.field} “{value}”."
            ) from None


class RichTextWidget(widgets.CharWidget):
    """Rich text sanitised on the way in, like the editor's."""

    def clean(self, value, row=None, **kwargs):
        return sanitize_html(super().clean(value, row, **kwargs) or "")


class NaturalKeyResource(resources.ModelResource):
    """Base for every import: atomic, validated like a form, idempotent, formula-safe, and
    made on behalf of ``user`` (None: code or the shell), who changes only what they may."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def import_data(self, dataset, **kwargs):
        # One bad row rolls back the whole file: all rows or none.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        text_columns = self._text_columns()
        for key in list(row.keys()):
            value = unescape_formula(row[key])
            if value is None and key in text_columns:
                value = ""  # Spreadsheets give empty cells as None; text fields hold ''.
            row[key] = value.strip() if isinstance(value, str) else value
        super().before_import_row(row, **kwargs)

    def _text_columns(self):
        model_fields = {field.name: field for field in self._meta.model._meta.get_fields()}
        return {
            field.column_name
            for field in self.get_import_fields()
            if isinstance(model_fields.get(field.attribute), models.CharField | models.TextField)
            and not model_fields[field.attribute].null
        }

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Check related names before anything is saved, so they are reported as row errors.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(force_str(error), code="invalid")
        refused = self.refused(instance)
        if refused is not None:
            errors[NON_FIELD_ERRORS] = ValidationError(
                publicity.refusal_message(refused), code="public"
            )
        if errors:
            raise ValidationError(errors)

    def refused(self, instance):
        """The row released work shows that this change would touch, if the user may not."""
        if self.user is None:
            return None
        if instance.pk is not None:
            stored = type(instance)._default_manager.filter(pk=instance.pk).first()
            if stored is not None and not publicity.may_change(self.user, stored):
                return stored
        owner = publicity.owner_of(instance)
        if (
            owner is not instance
            and owner is not None
            and not publicity.may_change(self.user, owner)
        ):
            return owner
        return None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.widget.render(field.clean(row)) != field.export(original):
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


def natural_field(attribute, model, column_name=None, **kwargs):
    return fields.Field(
        attribute=attribute,
        column_name=column_name or attribute,
        widget=NaturalForeignKeyWidget(model),
        **kwargs,
    )


def natural_m2m_field(attribute, model, column_name=None, widget_class=StrictManyToManyWidget):
    return fields.Field(
        attribute=attribute,
        column_name=column_name or attribute,
        widget=widget_class(model),
    )
