"""What keeps a large import to a few queries a row: rows found by natural key in bulk, and a
preview diff that reads what a row sets instead of querying it back."""

from diff_match_patch import diff_match_patch
from django.utils.encoding import force_str
from django.utils.safestring import mark_safe
from import_export import instance_loaders, widgets
from import_export.resources import Diff

# Keys a query asks for at once (within the 999 parameters of older SQLite builds).
CHUNK = 900


def key_of_cell(value, normalise):
    return force_str(normalise(value)).strip() if value is not None else ""


class NaturalKeyInstanceLoader(instance_loaders.ModelInstanceLoader):
    """The existing rows a file names by a one-column natural key, in one query per thousand keys
    instead of one per row.

    A key met a second time is looked up again, as is one the first pass did not foresee: an
    earlier row of the file may have created or changed it.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.found = None
        id_fields = resource.get_import_id_fields()
        if dataset is None or len(id_fields) != 1:
            return
        self.field = resource.fields[id_fields[0]]
        if isinstance(self.field.widget, widgets.ForeignKeyWidget) or (
            self.field.column_name not in (dataset.headers or [])
        ):
            return
        keys = {
            key_of_cell(value, resource.normalise_cell) for value in dataset[self.field.column_name]
        }
        self.looked_up = {key for key in keys if key and resource.is_storable(key)}
        self.found, self.served = {}, set()
        queryset = self.get_queryset()
        ordered = sorted(self.looked_up)
        for start in range(0, len(ordered), CHUNK):
            lookup = {f"{self.field.attribute}__in": ordered[start : start + CHUNK]}
            for instance in queryset.filter(**lookup):
                self.found[force_str(getattr(instance, self.field.attribute))] = instance

    def get_instance(self, row):
        if self.found is None:
            return super().get_instance(row)
        key = force_str(self.field.clean(row))
        if key in self.served or key not in self.looked_up:
            return super().get_instance(row)
        self.served.add(key)
        return self.found.get(key)


class RowDiff(Diff):
    """The preview's diff, as django-import-export draws it, in less time: the new side of a
    many-to-many field is what the row sets, as just saved, rendered without reading it back;
    a new row's old side is the same blank for every row; a cell added, removed or unchanged
    is drawn without running the diff algorithm."""

    def __init__(self, resource, instance, new):
        if not new:
            return super().__init__(resource, instance, new)
        if getattr(resource, "_blank_diff_side", None) is None:
            resource._blank_diff_side = Diff._read_field_values(resource, instance)
        self.left, self.right, self.new = resource._blank_diff_side, [], new

    def compare_with(self, resource, instance):
        row = getattr(resource, "current_row", None)
        if instance is None or row is None:
            return super().compare_with(resource, instance)
        self.right = [
            field.widget.render(field.clean(row))
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row
            else field.export(instance)
            for field in resource.get_import_fields()
        ]

    def as_html(self):
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            old, new = force_str(old), force_str(new)
            if old != new and self.new:
                old = ""
            if old == new:
                cells.append(mark_safe(f"<span>{escape(new)}</span>" if new else ""))
            elif not old:
                cells.append(mark_safe(f'<ins style="background:#e6ffe6;">{escape(new)}</ins>'))
            elif not new:
                cells.append(mark_safe(f'<del style="background:#ffe6e6;">{escape(old)}</del>'))
            else:
                cells.append(self._cell(old, new))
        return cells

    @staticmethod
    def _cell(old, new):
        dmp = diff_match_patch()
        diff = dmp.diff_main(old, new)
        dmp.diff_cleanupSemantic(diff)
        return mark_safe(dmp.diff_prettyHtml(diff))


def escape(text):
    """As diff_match_patch escapes a cell."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "&para;<br>")
    )
