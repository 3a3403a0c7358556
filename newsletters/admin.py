from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportExportModelAdmin

from .models import Article, ArticlePhoto, Issue, Photo, PhotoPerson, Topic
from .resources import ArticleResource


def thumbnail(photo, size=80):
    if not photo or not photo.image:
        return ""
    return format_html(
        '<img src="{}" alt="" width="{}" style="height:auto;max-height:{}px;object-fit:cover">',
        photo.image.url,
        size,
        size,
    )


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0
    fields = ["position", "title", "section", "status"]
    ordering = ["position"]
    show_change_link = True


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 1
    autocomplete_fields = ["photo"]
    fields = ["position", "photo", "preview", "placement"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, article_photo):
        return thumbnail(article_photo.photo) if article_photo.photo_id else ""


class PhotoPersonInline(admin.TabularInline):
    model = PhotoPerson
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["position", "person"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "period", "status", "is_published", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "foreword"]
    date_hierarchy = "period_end"
    prepopulated_fields = {"slug": ["title", "number"]}
    autocomplete_fields = ["cover_photo"]
    inlines = [ArticleInline]
    fieldsets = [
        (None, {"fields": ["title", "number", "slug", ("period_start", "period_end")]}),
        (_("Content"), {"fields": ["cover_photo", "foreword"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
    ]

    @admin.display(description=_("period"), ordering="period_end")
    def period(self, issue):
        return issue.period_display


@admin.register(Article)
class ArticleAdmin(ExportActionMixin, ImportExportModelAdmin):
    resource_classes = [ArticleResource]
    list_display = ["title", "issue", "section", "position", "status", "is_published"]
    list_filter = ["status", "section", "issue", "topics"]
    list_select_related = ["issue"]
    search_fields = ["title", "standfirst", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["issue", "people", "organisations", "events", "topics"]
    inlines = [ArticlePhotoInline]
    fieldsets = [
        (None, {"fields": ["issue", ("section", "position"), "title", "slug", "standfirst"]}),
        (_("Text"), {"fields": ["body"]}),
        (_("Mentions"), {"fields": ["people", "organisations", "events", "topics"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
    ]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["preview", "__str__", "credit", "taken_on", "dimensions"]
    list_display_links = ["preview", "__str__"]
    list_filter = ["credit_organisation"]
    search_fields = ["caption", "credit", "alt_text", "place", "people__name"]
    date_hierarchy = "taken_on"
    autocomplete_fields = ["credit_organisation", "event"]
    inlines = [PhotoPersonInline]
    readonly_fields = ["large_preview", "dimensions"]
    fieldsets = [
        (None, {"fields": ["image", "large_preview", "dimensions", "alt_text"]}),
        (_("Caption"), {"fields": ["caption", "credit", "credit_organisation"]}),
        (_("Where and when"), {"fields": ["taken_on", "place", "event"]}),
    ]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return thumbnail(photo)

    @admin.display(description=_("preview"))
    def large_preview(self, photo):
        return thumbnail(photo, size=320)

    @admin.display(description=_("size in pixels"))
    def dimensions(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width else ""


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
