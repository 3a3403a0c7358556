from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from unlops.admin_filters import UsedValuesFilter
from unlops.admin_history import HistoryAdmin
from unlops.admin_public import PublicRowAdminMixin, PublicRowInlineMixin
from unlops.admin_sortable import SortableAdminBase, SortableTabularInline
from unlops.import_admin import ExportActionMixin, ImportExportAdmin

from .models import Event, Participation
from .resources import EventResource


class ParticipationInline(PublicRowInlineMixin, SortableTabularInline):
    model = Participation
    ordering = ["position"]
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role"]


@admin.register(Event)
class EventAdmin(
    SortableAdminBase, PublicRowAdminMixin, ExportActionMixin, ImportExportAdmin, HistoryAdmin
):
    resource_classes = [EventResource]
    list_display = ["title", "kind", "dates", "status", "place", "participant_count"]
    list_filter = [
        "kind",
        "status",
        "date_precision",
        ("country", UsedValuesFilter),
        "organisations__kind",
    ]
    search_fields = ["title", "slug", "summary", "city", "country", "venue"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisations", "parent"]
    inlines = [ParticipationInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary"]}),
        (
            _("When"),
            {
                "fields": [
                    ("start_date", "end_date"),
                    "date_precision",
                    "alternative_start_date",
                    "date_note",
                    "status",
                ]
            },
        ),
        (_("Where"), {"fields": ["venue", ("city", "country")]}),
        (_("Who"), {"fields": ["organisations", "parent"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(participant_total=Count("participations"))
            .order_by(*Event._meta.ordering)  # Meta.ordering does not survive a GROUP BY.
        )

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, event):
        return event.dates_display or _("date unknown")

    @admin.display(description=_("place"))
    def place(self, event):
        return ", ".join(part for part in (event.city, event.country) if part)

    @admin.display(description=_("participants"), ordering="participant_total")
    def participant_count(self, event):
        return event.participant_total


@admin.register(Participation)
class ParticipationAdmin(PublicRowAdminMixin, admin.ModelAdmin):
    list_display = ["person", "role", "event"]
    list_filter = ["role", "event__kind"]
    list_select_related = ["person", "event"]
    search_fields = ["person__name", "event__title"]
    autocomplete_fields = ["person", "event"]
