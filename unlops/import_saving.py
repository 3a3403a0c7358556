"""How an import validates and saves rows in few queries: what the instance loader has already
established is not asked again, and history and the links of new rows are written in bulk."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connections, models
from import_export import widgets

# Rows of links held back before they are written; bounds the memory they take.
LINK_BATCH = 2000


class ImportSavingMixin:
    """For a ModelResource: the validation and saving half of NaturalKeyResource."""

    #: Constraints the model's clean() checks already: validating them again costs a query each
    #: a row. The database still enforces them.
    constraints_checked_by_clean = ()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude=errors.keys(), validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            if not errors:
                errors = self._unique_and_constraint_errors(instance)
        if errors:
            raise ValidationError(errors)

    def _unique_and_constraint_errors(self, instance):
        """Model.validate_unique() and validate_constraints(), less what is known already: the
        instance loader has matched the natural key, so it is the row's own or free."""
        errors = {}
        id_fields = self.get_import_id_fields()
        key = [self.fields[id_fields[0]].attribute] if len(id_fields) == 1 else []
        try:
            instance.validate_unique(exclude=key)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for constraint in instance._meta.constraints:
            if constraint.name in self.constraints_checked_by_clean:
                continue
            try:
                constraint.validate(type(instance), instance, using=self.get_db_connection_name())
            except ValidationError as error:
                fields = getattr(constraint, "fields", ())
                if error.code == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)  # As Django files it.
                else:
                    errors = error.update_error_dict(errors)
        return errors

    def _history_manager_name(self):
        """The django-simple-history manager of the model, if it keeps history."""
        return getattr(self._meta.model._meta, "simple_history_manager_attribute", None)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._history = {True: [], False: []}
        self._links, self._pending_links = defaultdict(list), 0
        self._keeps_history = bool(self._history_manager_name()) and not self._meta.use_bulk

    def save_instance(self, instance, is_create, row, **kwargs):
        # History is written for the whole file at the end, in a few queries rather than two a
        # row; a preview writes none, as it is rolled back.
        if self._keeps_history:
            instance.skip_history_when_saving = True
        try:
            super().save_instance(instance, is_create, row, **kwargs)
        finally:
            instance.__dict__.pop("skip_history_when_saving", None)
        if self._keeps_history and not kwargs.get("dry_run"):
            self._history[is_create].append(instance)
        self._saved_new = is_create

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        self._write_links()
        if not self._keeps_history:
            return
        history = getattr(self._meta.model, self._history_manager_name())
        for created, instances in self._history.items():
            if instances:
                history.bulk_history_create(instances, batch_size=500, update=not created)

    def save_m2m(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            # Nothing reads the links back (the preview's diff shows the row's) and the
            # preview is rolled back; the names were checked when the row was cleaned.
            return
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                self.save_links(field, instance, row)

    def save_links(self, field, instance, row):
        links = self.new_links(field, instance, row) if self._saved_new else None
        if links is None:
            self._write_links()  # An earlier row's links come first.
            field.save(instance, row, is_m2m=True)
            return
        # A new row has no links yet: they are inserted with other rows', not after asking which
        # exist. (No m2m_changed signal: the row's post_save has made cached pages stale.) They
        # cannot fail: the names were found and each is linked once.
        model, rows = links
        self._links[model].extend(rows)
        self._pending_links += len(rows)
        if self._pending_links >= LINK_BATCH:
            self._write_links()

    def new_links(self, field, instance, row):
        """The model and rows ({attname: value}) that link a new ``instance`` to what ``field``
        names in ``row``; None if only the field's save() knows how to link them."""
        if hasattr(field, "new_links"):
            return field.new_links(instance, row)
        relation = self._meta.model._meta.get_field(field.attribute)
        if not isinstance(relation, models.ManyToManyField):
            return None
        through = relation.remote_field.through
        source = through._meta.get_field(relation.m2m_field_name()).attname
        target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
        return through, [{source: instance.pk, target: obj.pk} for obj in field.clean(row)]

    def _write_links(self):
        links, self._links, self._pending_links = self._links, defaultdict(list), 0
        connection = connections[self.get_db_connection_name()]
        for model, rows in links.items():
            if not rows:
                continue
            # Plain ids and values, with no signal to send: executemany() writes them in a tenth
            # of the time of bulk_create(), which builds and prepares an object for each.
            names = list(rows[0])
            columns = [model._meta.get_field(name).column for name in names]
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                connection.ops.quote_name(model._meta.db_table),
                ", ".join(connection.ops.quote_name(column) for column in columns),
                ", ".join(["%s"] * len(names)),
            )
            with connection.cursor() as cursor:
                cursor.executemany(sql, [[row[name] for name in names] for row in rows])
