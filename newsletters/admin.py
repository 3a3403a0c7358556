import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from unlops.admin_filters import UsedRelatedFilter
from unlops.admin_history import HistoryAdmin
from unlops.admin_public import PublicRowAdminMixin
from unlops.admin_sortable import SortableAdminBase
from unlops.import_admin import ExportActionMixin, ImportExportAdmin

from .comments_admin import ReviewCommentsAdminMixin
from .desk_admin import IssueDeskAdminMixin
from .export.admin import IssueExportAdminMixin
from .issue_form import IssueForm
from .mailing.send_admin import IssueSendingAdminMixin
from .models import Article, Issue, Status, Term, Topic
from .photo_admin import ArticlePhotoInline, PhotoChooserMixin
from .preview_admin import PreviewLinksAdminMixin
from .resources import ArticleResource, TermResource
from .revision_admin import RevisionAdminMixin
from .services import IssueIncomplete, articles_move, record_term_uses
from .workflow_admin import PUBLICATION_FIELDSET, WorkflowAdminMixin


@admin.register(Issue)
class IssueAdmin(
    IssueSendingAdminMixin,
    ReviewCommentsAdminMixin,
    IssueDeskAdminMixin,
    PhotoChooserMixin,
    PreviewLinksAdminMixin,
    IssueExportAdminMixin,
    RevisionAdminMixin,
    WorkflowAdminMixin,
    HistoryAdmin,
):
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
    form = IssueForm
    actions = ["publish_issues", "unpublish_issues"]
    fieldsets = [
        (None, {"fields": [("period_start", "period_end"), "number", "title", "slug"]}),
        (_("Content"), {"fields": ["cover_photo", "foreword"]}),
        PUBLICATION_FIELDSET,
    ]

    def get_changeform_initial_data(self, request):
        """A new issue: the next number, from the month after the latest issue's period."""
        initial = super().get_changeform_initial_data(request)
        latest = Issue.objects.order_by("-period_end").first()
        initial.setdefault("number", (Issue.objects.aggregate(n=Max("number"))["n"] or 0) + 1)
        if latest is not None:
            initial.setdefault("period_start", latest.period_end + datetime.timedelta(days=1))
        return initial

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

    def move_label(self, obj, status):
        if status == Status.PUBLISHED:
            return _gettext("Publish the issue and all its articles")
        if obj.status == Status.PUBLISHED:
            if status == Status.REVIEW:
                return _gettext("Unpublish the issue, back to review")
            return _gettext("Unpublish the issue, back to draft")
        return super().move_label(obj, status)

    @admin.action(description=_("Unpublish selected issues"), permissions=["publish"])
    def unpublish_issues(self, request, queryset):
        for issue in queryset:
            self.report_move(request, issue, Status.DRAFT)


@admin.register(Article)
class ArticleAdmin(
    ReviewCommentsAdminMixin,
    SortableAdminBase,
    PreviewLinksAdminMixin,
    RevisionAdminMixin,
    WorkflowAdminMixin,
    ExportActionMixin,
    ImportExportAdmin,
    HistoryAdmin,
):
    resource_classes = [ArticleResource]
    # What fits at 1280 px beside the filters: the state and the date need no sideways scroll.
    list_display = ["title", "issue_period", "section", "position", "status", "updated"]
    list_filter = [
        "status",
        "section",
        ("issue", UsedRelatedFilter),
        ("topics", UsedRelatedFilter),
    ]
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

    @admin.display(description=_("issue"), ordering="issue__period_end")
    def issue_period(self, article):
        return article.issue.period_display

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, article):
        if not article.updated_at:
            return "—"
        return date_format(timezone.localtime(article.updated_at), "j M Y")

    def _move(self, request, queryset, status):
        try:
            moved = articles_move(articles=queryset, status=status, by=request.user)
        except PermissionDenied as refused:
            messages.error(request, f"{refused} {_gettext('Nothing was changed.')}")
        except IssueIncomplete as incomplete:
            messages.error(
                request,
                format_html(
                    "{} <ul>{}</ul>",
                    _gettext("Nothing was published. To do first:"),
                    format_html_join("", "<li>{}</li>", ((p,) for p in incomplete.problems)),
                ),
            )
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


@admin.register(Topic)
class TopicAdmin(PublicRowAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Term)
class TermAdmin(PublicRowAdminMixin, ExportActionMixin, ImportExportAdmin, HistoryAdmin):
    resource_classes = [TermResource]
    list_display = ["abbreviation", "expansion", "kind", "organisation", "is_public"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["abbreviation", "expansion", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    fields = ["abbreviation", "expansion", "kind", "organisation", "used_in"]
    readonly_fields = ["used_in"]

    def get_queryset(self, request):
        public = Q(pk__in=Term.objects.published().values("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(public=ExpressionWrapper(public, output_field=BooleanField()))
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_term_uses([obj], by=request.user)

    def recover_view(self, request, history_id):
        response = super().recover_view(request, history_id)
        record = Term.history.filter(history_id=history_id).first()
        recovered = Term.objects.filter(pk=record.id).first() if record else None
        if recovered is not None:  # Its links went with it: found again as a save finds them.
            record_term_uses([recovered], by=request.user)
        return response

    @admin.display(description=_("public"), boolean=True, ordering="public")
    def is_public(self, term):
        return term.public

    @admin.display(description=_("used in"))
    def used_in(self, term):
        if not term.pk:
            return _gettext("Saving the term looks for the articles that use it.")
        uses = [
            (reverse("admin:newsletters_article_change", args=[article.pk]), article)
            for article in term.articles.select_related("issue")
        ] + [
            (reverse("admin:newsletters_issue_change", args=[issue.pk]), issue)
            for issue in term.issues.all()
        ]
        if not uses:
            return _gettext("Not used yet.")
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', uses)
        )
