"""The audit trail in the admin: a read-only list for superusers and publishers (the permission
``unlops.view_auditevent``), filtered and searched, exported as CSV; and the admin's deletes,
single and in bulk, recorded for every model whose admin uses ``AuditedDeleteMixin``."""

import csv

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _gettext

from . import audit
from .importing import escape_formula
from .models import AuditEvent


class AuditedDeleteMixin:
    """Deleting from the admin (a row's delete page, or the bulk action) leaves one audit event
    per row deleted, in the same transaction as the delete."""

    def delete_model(self, request, obj):
        pk, text = obj.pk, str(obj)
        with transaction.atomic(using=router.db_for_write(self.model)):
            super().delete_model(request, obj)
            audit.record(audit.Action.DELETE, (pk, text), request=request, model=self.model)

    def delete_queryset(self, request, queryset):
        rows = [(obj.pk, str(obj)) for obj in queryset]
        with transaction.atomic(using=router.db_for_write(self.model)):
            super().delete_queryset(request, queryset)
            for row in rows:
                detail = {"bulk": len(rows)}
                audit.record(
                    audit.Action.DELETE, row, request=request, model=self.model, detail=detail
                )


class _Echo:
    """A file-like object that hands back what the CSV writer writes, for streaming."""

    def write(self, value):
        return value


CSV_COLUMNS = ["when", "action", "by", "from address", "type", "object id", "object", "detail"]


def csv_rows(events):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events.iterator(chunk_size=2000):
        row = [
            timezone.localtime(event.at).isoformat(timespec="seconds"),
            event.action,
            event.actor_name,
            event.ip or "",
            event.content_type.model if event.content_type_id else "",
            event.object_id,
            event.object_repr,
            event.detail,
        ]
        yield writer.writerow([escape_formula(str(value)) for value in row])


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the trail is written by the code only."""

    list_display = ["at", "action", "actor_name", "ip", "content_type", "object_repr"]
    list_filter = ["action", "at", "content_type", ("actor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "actor_name", "object_id", "ip"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    list_per_page = 100
    actions = None
    fields = [
        "at",
        "action",
        "actor",
        "actor_name",
        "ip",
        "content_type",
        "object_id",
        "object_repr",
        "detail",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        url = reverse("admin:unlops_auditevent_export")
        query = request.GET.urlencode()
        tools = [{"url": f"{url}?{query}" if query else url, "label": _gettext("Export CSV")}]
        extra_context = {**(extra_context or {}), "extra_list_tools": tools}
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """The list as filtered and searched, as CSV, newest first, at most
        AUDIT_EXPORT_MAX_ROWS rows."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            events = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            messages.error(request, _gettext("These filters cannot be exported."))
            return redirect("admin:unlops_auditevent_changelist")
        events = events.select_related("content_type")[: settings.AUDIT_EXPORT_MAX_ROWS]
        response = StreamingHttpResponse(csv_rows(events), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response
