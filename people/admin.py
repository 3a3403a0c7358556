from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from unlops import media
from unlops.admin_filters import UsedRelatedFilter
from unlops.admin_history import HistoryAdmin
from unlops.admin_public import PublicRowAdminMixin, PublicRowInlineMixin
from unlops.import_admin import ExportActionMixin, ImportExportAdmin

from .models import Appointment, Organisation, Person
from .resources import AppointmentResource, OrganisationResource, PersonResource

# Each date with how exactly it is known beside it.
APPOINTMENT_FIELDS = [
    ("title", "short_title"),
    "organisation",
    ("start_date", "start_precision"),
    ("end_date", "end_precision", "ended"),
    ("in_post_on", "in_post_precision"),
    "note",
]


class AppointmentInline(PublicRowInlineMixin, admin.StackedInline):
    model = Appointment
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = APPOINTMENT_FIELDS


@admin.register(Organisation)
class OrganisationAdmin(PublicRowAdminMixin, ExportActionMixin, ImportExportAdmin, HistoryAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["sorted_name", "acronym", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "acronym", "slug", "kind", "parent", "website", "description"]

    @admin.display(description=_("name"), ordering="sort_key")
    def sorted_name(self, organisation):
        return organisation.name


@admin.register(Person)
class PersonAdmin(PublicRowAdminMixin, ExportActionMixin, ImportExportAdmin, HistoryAdmin):
    resource_classes = [PersonResource]
    list_display = ["portrait_thumbnail", "sorted_name", "current_title", "honorific"]
    list_display_links = ["portrait_thumbnail", "sorted_name"]
    search_fields = ["name", "sort_name", "slug", "appointments__title"]
    list_filter = ["appointments__organisation__kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AppointmentInline]
    fields = ["name", "sort_name", "honorific", "slug", "biography", "portrait", "appears_in"]
    readonly_fields = ["appears_in"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("appointments")

    @admin.display(description=_("name"), ordering="sort_key")
    def sorted_name(self, person):
        return person.name

    @admin.display(description=_("title today"))
    def current_title(self, person):
        return person.described_on(timezone.localdate())

    @admin.display(description=_("where they appear"))
    def appears_in(self, person):
        """Articles, photos and events naming the person, found through reverse relations."""
        if not person.pk:
            return "—"
        links = [
            (reverse("admin:newsletters_article_change", args=[a.pk]), _("Article"), a)
            for a in person.articles.all()
        ]
        links += [
            (reverse("admin:newsletters_photo_change", args=[p.photo_id]), _("Photo"), p.photo)
            for p in person.pictured_in.select_related("photo")
        ]
        links += [
            (reverse("admin:events_event_change", args=[p.event_id]), p.get_role_display(), p.event)
            for p in person.participations.select_related("event")
        ]
        if not links:
            return _("Nowhere yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{}: <a href="{}">{}</a></li>',
                ((label, url, obj) for url, label, obj in links),
            ),
        )

    @admin.display(description="")
    def portrait_thumbnail(self, person):
        if not person.portrait:
            return ""
        return format_html(
            '<img src="{}" alt="" width="40" height="40" style="object-fit:cover">',
            media.url(person.portrait.name),
        )


@admin.register(Appointment)
class AppointmentAdmin(PublicRowAdminMixin, ExportActionMixin, ImportExportAdmin, HistoryAdmin):
    resource_classes = [AppointmentResource]
    list_display = ["person", "title", "organisation", "dates", "ended"]
    list_filter = ["ended", "organisation__kind", ("organisation", UsedRelatedFilter)]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__name", "title", "short_title", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", *APPOINTMENT_FIELDS]

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, appointment):
        """As pages print them: never a day finer than what is known."""
        return appointment.dates_display
