from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin

from unlops.admin_history import HistoryAdmin
from unlops.import_admin import ImportExportAdmin
from unlops.presence import others_editing

from .export.admin import IssueExportAdminMixin
from .models import Article, ArticlePhoto, Issue, Photo, PhotoPerson, Status, Topic
from .preview import preview_url
from .resources import ArticleResource
from .services import IssueIncomplete, articles_move, issue_publish, issue_unpublish
from .workflow import allowed_statuses, can_edit, can_publish, can_review, check_move


def thumbnail(photo, size=80):
    if not photo or not photo.image:
        return ""
    return format_html(
        '<img src="{}" alt="" width="{}" style="height:auto;max-height:{}px;object-fit:cover">',
        photo.image.url,
        size,
        size,
    )


def is_restore(request):
    """True on simple-history's 'revert to this version' form."""
    match = request.resolver_match
    return bool(match and match.url_name and match.url_name.endswith("_simple_history"))


def _short(value):
    return Truncator(str(value)).chars(60) if value not in (None, "") else "—"


class VersionedForm(forms.ModelForm):
    """Refuses a save made on a copy someone else has saved since, saying what they changed."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    check_version = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if not (self.check_version and self.instance.pk and loaded):
            return cleaned
        model = type(self.instance)
        current = model.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        current = current.first()
        if current is not None and current != loaded:
            raise ValidationError(self.conflict_message(loaded), code="edit_conflict")
        return cleaned

    def conflict_message(self, loaded):
        history = self.instance.history.select_related("history_user")
        latest = history.order_by("-history_date").first()
        opened = history.filter(version=loaded).order_by("-history_date").first()
        user = latest.history_user if latest else None
        who = (user.get_full_name() or user.get_username()) if user else _gettext("Someone")
        when = timezone.localtime(latest.history_date).strftime("%H:%M on %d %b") if latest else ""
        changes = []
        if latest and opened:
            delta = latest.diff_against(opened, excluded_fields=["version", "updated_at"])
            for change in delta.changes:
                label = self.instance._meta.get_field(change.field).verbose_name
                changes.append(f"{label}: “{_short(change.old)}” → “{_short(change.new)}”")
        return _gettext(
            "%(who)s saved this %(model)s at %(when)s, after you opened it, so your save was "
            "refused to keep both edits. What they changed: %(changes)s. Your text is still in "
            "the form below: copy what you need, reload the page, and apply it again."
        ) % {
            "who": who,
            "model": self.instance._meta.verbose_name,
            "when": when,
            "changes": "; ".join(changes) or _gettext("nothing you can see here"),
        }


PUBLICATION_FIELDSET = (
    _("Publication"),
    {
        "fields": [
            "status",
            "published_at",
            "embargo_note",
            ("status_changed_at", "status_changed_by"),
        ]
    },
)


class WorkflowAdminMixin:
    """Editing rights by state, status moves checked on the server, no lost edits."""

    form = VersionedForm
    workflow_readonly_fields = ["status_changed_at", "status_changed_by"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.workflow_readonly_fields]

    def get_fieldsets(self, request, obj=None):
        *rest, (name, options) = super().get_fieldsets(request, obj)
        # The hidden version the editor opened travels with the form.
        return [*rest, (name, {**options, "fields": [*options["fields"], "loaded_version"]})]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit(request.user, obj)

    def has_review_permission(self, request):
        return can_review(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        probe = obj or self.model()
        allowed = set(allowed_statuses(request.user, probe))
        if "status" in form.base_fields:
            form.base_fields["status"].choices = [
                choice for choice in Status.choices if choice[0] in allowed
            ]
        form.check_version = not is_restore(request)
        return form

    def save_model(self, request, obj, form, change):
        stored = (
            type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            if change
            else None
        ) or Status.DRAFT
        if is_restore(request):
            obj.status = Status.DRAFT  # A restored version is a new draft to review again.
        wanted, obj.status = obj.status, stored
        check_move(request.user, obj, wanted, old_status=stored)
        obj.set_status(wanted, by=request.user)
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            others = others_editing(f"editing:{self.opts.label_lower}:{object_id}", request.user)
            if others:
                messages.warning(
                    request,
                    _gettext("Also being edited by %(names)s. Saves made after yours are refused.")
                    % {"names": ", ".join(others)},
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object_tools(self, request, obj):
        tools = super().get_object_tools(request, obj)
        if obj is not None and self.has_view_permission(request, obj):
            tools.insert(
                0,
                {
                    "url": preview_url(obj),
                    "label": _gettext("Preview (link valid %(days)d days)")
                    % {"days": settings.PREVIEW_LINK_SECONDS // 86400},
                    "new_window": True,
                },
            )
        return tools

    def prepare_recovered(self, request, instance):
        instance.status = Status.DRAFT
        instance.status_changed_at = timezone.now()
        instance.status_changed_by = request.user


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0
    fields = ["position", "title", "section", "status"]
    # Content and state are edited on the article's own page, where the workflow rules apply.
    readonly_fields = ["title", "section", "status"]
    ordering = ["position"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


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
class IssueAdmin(IssueExportAdminMixin, WorkflowAdminMixin, HistoryAdmin):
    list_display = [
        "__str__",
        "number",
        "period",
        "status",
        "is_published",
        "published_at",
        "articles_in_review",
    ]
    list_filter = ["status"]
    search_fields = ["title", "slug", "foreword"]
    date_hierarchy = "period_end"
    prepopulated_fields = {"slug": ["title", "number"]}
    autocomplete_fields = ["cover_photo"]
    inlines = [ArticleInline]
    actions = ["publish_issues", "unpublish_issues"]
    fieldsets = [
        (None, {"fields": ["title", "number", "slug", ("period_start", "period_end")]}),
        (_("Content"), {"fields": ["cover_photo", "foreword"]}),
        PUBLICATION_FIELDSET,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(review_total=Count("articles", filter=Q(articles__status=Status.REVIEW)))
            .order_by(*Issue._meta.ordering)  # Meta.ordering does not survive a GROUP BY.
        )

    @admin.display(description=_("period"), ordering="period_end")
    def period(self, issue):
        return issue.period_display

    @admin.display(description=_("articles in review"), ordering="review_total")
    def articles_in_review(self, issue):
        return issue.review_total

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/publish/",
                view(self.publish_view),
                name="newsletters_issue_publish",
            ),
            path(
                "<path:object_id>/unpublish/",
                view(self.unpublish_view),
                name="newsletters_issue_unpublish",
            ),
            *super().get_urls(),
        ]

    def get_object_tools(self, request, obj):
        tools = super().get_object_tools(request, obj)
        if obj is not None and self.has_publish_permission(request):
            name = "unpublish" if obj.status == Status.PUBLISHED else "publish"
            label = (
                _gettext("Unpublish the issue")
                if name == "unpublish"
                else _gettext("Publish the issue and all its articles")
            )
            url = reverse(f"admin:newsletters_issue_{name}", args=[obj.pk])
            tools.insert(0, {"url": url, "label": label, "post": True})
        return tools

    def _publish(self, request, issues):
        for issue in issues:
            try:
                issue_publish(issue=issue, by=request.user)
            except IssueIncomplete as incomplete:
                messages.error(
                    request,
                    format_html(
                        "{} <ul>{}</ul>",
                        _gettext("“%(issue)s” was not published: nothing changed. To do first:")
                        % {"issue": issue},
                        format_html_join("", "<li>{}</li>", ((p,) for p in incomplete.problems)),
                    ),
                )
            else:
                messages.success(
                    request,
                    _gettext("“%(issue)s” and all its articles are published.") % {"issue": issue},
                )

    def _unpublish(self, request, issues):
        for issue in issues:
            issue_unpublish(issue=issue, by=request.user)
            messages.success(
                request,
                _gettext("“%(issue)s” is unpublished; it and its articles are drafts again.")
                % {"issue": issue},
            )

    @admin.action(
        description=_("Publish selected issues with all their articles"), permissions=["publish"]
    )
    def publish_issues(self, request, queryset):
        self._publish(request, queryset)

    @admin.action(description=_("Unpublish selected issues"), permissions=["publish"])
    def unpublish_issues(self, request, queryset):
        self._unpublish(request, queryset)

    def _issue_button_view(self, request, object_id, handler):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_publish_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(Issue, pk=object_id)
        handler(request, [issue])
        return redirect(reverse("admin:newsletters_issue_change", args=[issue.pk]))

    def publish_view(self, request, object_id):
        return self._issue_button_view(request, object_id, self._publish)

    def unpublish_view(self, request, object_id):
        return self._issue_button_view(request, object_id, self._unpublish)


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, ExportActionMixin, ImportExportAdmin, HistoryAdmin):
    resource_classes = [ArticleResource]
    list_display = [
        "title",
        "issue",
        "section",
        "position",
        "status",
        "is_published",
        "status_changed_by",
        "updated_at",
    ]
    list_filter = ["status", "section", "issue", "topics"]
    list_select_related = ["issue", "status_changed_by"]
    search_fields = ["title", "standfirst", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["issue", "people", "organisations", "events", "topics"]
    inlines = [ArticlePhotoInline]
    actions = ["submit_for_review", "send_back_to_draft", "publish_articles", "unpublish_articles"]
    fieldsets = [
        (None, {"fields": ["issue", ("section", "position"), "title", "slug", "standfirst"]}),
        (_("Text"), {"fields": ["body"]}),
        (_("Mentions"), {"fields": ["people", "organisations", "events", "topics"]}),
        PUBLICATION_FIELDSET,
    ]

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def _move(self, request, queryset, status):
        try:
            moved = articles_move(articles=queryset, status=status, by=request.user)
        except PermissionDenied as refused:
            messages.error(request, f"{refused} {_gettext('Nothing was changed.')}")
        else:
            messages.success(
                request,
                _gettext("%(count)d article(s) now %(status)s.")
                % {"count": len(moved), "status": Status(status).label.lower()},
            )

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move(request, queryset, Status.REVIEW)

    @admin.action(description=_("Send back to draft"), permissions=["review"])
    def send_back_to_draft(self, request, queryset):
        self._move(request, queryset, Status.DRAFT)

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_articles(self, request, queryset):
        self._move(request, queryset, Status.PUBLISHED)

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_articles(self, request, queryset):
        self._move(request, queryset, Status.DRAFT)


@admin.register(Photo)
class PhotoAdmin(HistoryAdmin):
    list_display = ["preview", "__str__", "credit", "taken_on", "dimensions"]
    list_display_links = ["preview", "__str__"]
    list_filter = ["credit_organisation"]
    search_fields = ["caption", "credit", "alt_text", "place", "people__name"]
    date_hierarchy = "taken_on"
    autocomplete_fields = ["credit_organisation", "event"]
    inlines = [PhotoPersonInline]
    readonly_fields = ["large_preview", "dimensions", "used_in"]
    fieldsets = [
        (None, {"fields": ["image", "large_preview", "dimensions", "alt_text"]}),
        (_("Caption"), {"fields": ["caption", "credit", "credit_organisation"]}),
        (_("Where and when"), {"fields": ["taken_on", "place", "event"]}),
        (_("Where it is used"), {"fields": ["used_in"]}),
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

    @admin.display(description=_("used in"))
    def used_in(self, photo):
        if not photo.pk:
            return "—"
        uses = [
            (reverse("admin:newsletters_article_change", args=[use.article_id]), use.article)
            for use in photo.article_uses.select_related("article__issue")
        ] + [
            (reverse("admin:newsletters_issue_change", args=[issue.pk]), f"Cover of {issue}")
            for issue in photo.cover_of.all()
        ]
        if not uses:
            return _gettext("Not used yet.")
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', uses)
        )


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
