"""Drag-and-drop order for the admin's inlines, by mouse and by keyboard (django-admin-sortable2).

An inline ordered by an integer field becomes ``SortableTabularInline`` with ``ordering`` naming
that field first (``ordering = ["position"]``: sortable2 takes the inline's ordering, else the
model's, whose first field is often the parent); its parent admin adds ``SortableAdminBase`` to
its bases. The order
field is then a hidden input: rows are dragged by their handle, or moved with their *Move up* /
*Move down* buttons (and the arrow keys on them), and the form posts the new numbers, 1, 2, 3…
New rows go after the others when saved (sortable2 gives them the largest number plus one).
"""

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django.contrib import admin

__all__ = ["SortableAdminBase", "SortableTabularInline"]


class SortableTabularInline(SortableInlineAdminMixin, admin.TabularInline):
    """A tabular inline ordered by drag and drop, with buttons for the keyboard."""

    template = "admin/edit_inline/sortable_tabular.html"

    class Media:
        css = {"all": ["css/admin-sortable.css"]}
        js = ["js/admin-sortable.js"]
