"""Building blocks for django-import-export resources: natural keys, atomic imports, safe cells."""

import copy
import re
import time

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from unlops import publicity
from unlops.cache import invalidation_coalesced
from unlops.import_formats import ImportRefused, too_many_rows
from unlops.import_loading import CHUNK, NaturalKeyInstanceLoader, RowDiff
from unlops.import_saving import ImportSavingMixin
from unlops.richtext import sanitize_html

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"


# Control characters but tab, line feed and carriage return (NUL cannot even be stored in
# PostgreSQL), and the lone surrogates a JSON escape can make, which no database can encode.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# The time limit's clock; tests replace it.
clock = time.monotonic


class ImportTimeLimitExceeded(ImportRefused):
    pass


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

    reference_hint = None  # How the error names what a cell may give: the field by default.

    def __init__(self, model, field="slug", separator=";", **kwargs):
        super().__init__(model, separator=separator, field=field, **kwargs)
        self.reference_hint = self.reference_hint or field

    def split(self, value):
        if value is None:
            return []
        return [item.strip() for item in force_str(value).split(self.separator) if item.strip()]

    def lookup(self, names):
        return self.model.objects.filter(**{f"{self.field}__in": names})

    def key_of(self, obj):
        return force_str(getattr(obj, self.field))

    def names_of(self, obj):
        """The names a cell may give ``obj`` by."""
        return {self.key_of(obj)}

    def clean(self, value, row=None, **kwargs):
        # A row's cell is cleaned up to three times: checked, saved, then shown in the preview.
        last = self.__dict__.get("_last")
        if last is not None and last[0] == value:
            return last[1]
        self._last = (value, self._clean(value))
        return self._last[1]

    def _clean(self, value):
        names = self.split(value)
        known = self.known()
        wanted = [name for name in dict.fromkeys(names) if name not in known]
        if wanted:
            self._find(wanted)
        missing = [name for name in names if name not in known]
        if missing:
            raise ValueError(
                f"Unknown {self.model._meta.verbose_name}: {', '.join(missing)}"
                f" (give the {self.reference_hint}, separated by '{self.separator}')."
            )
        return list({known[name].pk: known[name] for name in names}.values())

    def known(self):
        """What names have been found so far in this import; names not found are asked again."""
        return self.__dict__.setdefault("_known", {})

    def forget(self):
        self.__dict__.pop("_known", None)
        self.__dict__.pop("_last", None)

    def prefetch(self, values, storable):
        """Find at once what a whole column names."""
        names = sorted({name for value in values for name in self.split(value) if storable(name)})
        for start in range(0, len(names), CHUNK):
            self._find(names[start : start + CHUNK])

    def _find(self, names):
        wanted, known = set(names), self.known()
        for obj in self.lookup(names):
            known.update((name, obj) for name in self.names_of(obj) & wanted)

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
    """Rich text sanitised on the way in, like the editor's (``figures``: as an article's body,
    keeping the photos placed in it)."""

    def __init__(self, *args, figures=False, **kwargs):
        self.figures = figures
        super().__init__(*args, **kwargs)

    def clean(self, value, row=None, **kwargs):
        return sanitize_html(super().clean(value, row, **kwargs) or "", figures=self.figures)


class NaturalKeyResource(ImportSavingMixin, resources.ModelResource):
    """Base for every import: atomic, validated like a form, idempotent, formula-safe, bounded,
    and made on behalf of ``user`` (None: code or the shell), who changes only what they may."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    class Meta:
        instance_loader_class = NaturalKeyInstanceLoader

    def get_diff_class(self):
        return RowDiff

    def normalise_cell(self, value):
        return unescape_formula(value)

    def is_storable(self, text):
        return CONTROL_CHARACTER.search(text) is None

    def import_data(self, dataset, **kwargs):
        # One bad row rolls back the whole file: all rows or none.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            return self._refused(dataset, too_many_rows(), kwargs.get("raise_errors"))
        for field in self.fields.values():
            if hasattr(field.widget, "forget"):
                field.widget.forget()
            if hasattr(field.widget, "prefetch") and field.column_name in (dataset.headers or ()):
                field.widget.prefetch(dataset[field.column_name], self.is_storable)
        # The diff is for the preview; once confirmed, no one reads it (skip_diff), and skip_row()
        # compares an existing row with its own copy.
        self._meta = copy.copy(type(self)._meta)
        self._meta.skip_diff = not kwargs.get("dry_run")
        self._blank_diff_side = None
        self._deadline = clock() + settings.IMPORT_TIME_LIMIT_SECONDS
        try:
            with invalidation_coalesced():
                result = super().import_data(dataset, **kwargs)
        except ImportTimeLimitExceeded as error:
            # Raised through the import's transaction, which has rolled everything back.
            return self._refused(dataset, error, kwargs.get("raise_errors"))
        # Where each row stands in the file, for the preview's messages (unlops.import_report).
        result.source_lines = getattr(dataset, "source_lines", None)
        result.source_unit = getattr(dataset, "source_unit", "line")
        return result

    def _refused(self, dataset, error, raise_errors):
        if raise_errors:
            raise error
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        result.append_base_error(self.get_error_result_class()(error))
        return result

    def import_row(self, row, instance_loader, **kwargs):
        deadline = getattr(self, "_deadline", None)
        if deadline is not None and clock() > deadline:
            raise ImportTimeLimitExceeded(
                _(
                    "The import was stopped at row %(number)s: it took longer than "
                    "%(limit)s seconds. Nothing was imported; split the file into smaller ones."
                )
                % {
                    "number": f"{kwargs.get('row_number', 0):,}",
                    "limit": f"{settings.IMPORT_TIME_LIMIT_SECONDS:g}",
                }
            )
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs):
        self.current_row = row
        text_columns, attributes = self._text_columns(), self._import_attributes()
        errors = {}
        for key in list(row.keys()):
            value = self.normalise_cell(row[key])
            if value is None and key in text_columns:
                value = ""  # Spreadsheets give empty cells as None; text fields hold ''.
            if isinstance(value, str):
                found = CONTROL_CHARACTER.search(value)
                if found and key in attributes:
                    # Refused; shown in the preview as U+FFFD, which the page can carry.
                    value = CONTROL_CHARACTER.sub("\ufffd", value)
                    errors[attributes[key]] = ValidationError(
                        _(
                            "“%(column)s” holds a control character (U+%(code)04X), which "
                            "cannot be stored; remove it and import again."
                        ),
                        code="control_character",
                        params={"column": key, "code": ord(found.group())},
                    )
                value = value.strip()
            row[key] = value
        if errors:
            raise ValidationError(errors)
        super().before_import_row(row, **kwargs)

    def _import_attributes(self):
        """Each imported column's field attribute, by column name."""
        if not hasattr(self, "_attributes_by_column"):
            self._attributes_by_column = {
                field.column_name: field.attribute for field in self.get_import_fields()
            }
        return self._attributes_by_column

    def _text_columns(self):
        if not hasattr(self, "_text_column_names"):
            model_fields = {field.name: field for field in self._meta.model._meta.get_fields()}
            self._text_column_names = {
                field.column_name
                for field in self.get_import_fields()
                if isinstance(
                    model_fields.get(field.attribute), models.CharField | models.TextField
                )
                and not model_fields[field.attribute].null
            }
        return self._text_column_names

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
        if self.user is None or publicity.has_publish_right(self.user):
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

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        self._stored = None if new or not self._meta.skip_diff else copy.deepcopy(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original is None:
            original = self._stored  # A confirm, which keeps no diff.
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
