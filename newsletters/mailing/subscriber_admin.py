"""Subscribers in the admin, for publishers only (the mailing.* permissions of newsletters/roles):
the list with its counts, import and export with consent, and a person's GDPR requests."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from unlops.import_admin import ExportActionMixin, ImportExportAdmin

from . import services
from .models import Subscriber
from .resources import SubscriberResource

Status = Subscriber.Status


@admin.register(Subscriber)
class SubscriberAdmin(ExportActionMixin, ImportExportAdmin):
    resource_classes = [SubscriberResource]
    list_display = ["email", "name", "language", "status", "consent_version", "confirmed_at"]
    list_filter = ["status", "language", "consent_version"]
    search_fields = ["email", "name"]
    date_hierarchy = "created_at"
    list_per_page = 100
    fields = [
        "email",
        "name",
        "language",
        "status",
        ("consent_version", "consented_at"),
        "consent_text",
        ("confirmation_sent_at", "confirmed_at"),
        "unsubscribed_at",
        ("suppressed_at", "suppressed_reason"),
        "created_at",
    ]
    # Only the name and language are the office's to correct: the address, the consent and
    # where the subscription stands are the reader's doing (or the services').
    readonly_fields = [
        "email",
        "status",
        "consent_version",
        "consented_at",
        "consent_text",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "suppressed_at",
        "suppressed_reason",
        "created_at",
    ]
    actions = ["unsubscribe_selected", "export_personal_data"]
    change_list_template = "admin/mailing/subscriber/change_list.html"

    def has_add_permission(self, request):
        # Readers join by the public form's double opt-in, or by an import carrying consent.
        return False

    def changelist_view(self, request, extra_context=None):
        counts = dict(
            Subscriber.objects.order_by()
            .values_list("status")
            .annotate(Count("pk"))
            .values_list("status", "pk__count")
        )
        extra_context = {
            **(extra_context or {}),
            "status_counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Unsubscribe the selected readers"), permissions=["change"])
    def unsubscribe_selected(self, request, queryset):
        for subscriber in queryset:
            services.unsubscribe(subscriber=subscriber)
        messages.success(request, _("They are off the list: no issue goes to them any more."))

    @admin.action(
        description=_("Export the selected readers' data (a data request, as JSON)"),
        permissions=["view"],
    )
    def export_personal_data(self, request, queryset):
        data = services.export_personal_data(subscribers=queryset, by=request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="subscriber-data-{stamp}.json"'
        return response

    # Deleting a subscriber is erasing them: their deliveries and the admin's log of their row
    # go too, and the audit trail keeps only the row's number.
    def log_deletions(self, request, queryset):
        return []

    def delete_model(self, request, obj):
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        services.erase(subscriber=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        subscribers = list(queryset)
        for subscriber in subscribers:
            services.erase(subscriber=subscriber, by=request.user)
        messages.info(
            request,
            ngettext(
                "%(count)d reader erased, with their deliveries; nothing that names them is kept.",
                "%(count)d readers erased, with their deliveries; nothing that names them is kept.",
                len(subscribers),
            )
            % {"count": len(subscribers)},
        )
