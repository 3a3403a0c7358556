"""The workflow in the admin: rights by state, moves through the one service, no lost edits."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from unlops import audit
from unlops.dates import format_datetime
from unlops.presence import others_editing

from .models import Issue, Status
from .preview import preview_url
from .services import (
    IssueIncomplete,
    keep_stored_state,
    record_terms,
    reset_to_draft,
    transition,
)
from .workflow import allowed_statuses, can_edit, can_move, can_publish, can_review


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
        when = format_datetime(latest.history_date) if latest else ""
        changes = []
        if latest and opened:
            delta = latest.diff_against(opened, excluded_fields=["version", "updated_at"])
            for change in delta.changes:
                label = self.instance._meta.get_field(change.field).verbose_name
                changes.append(f"{label}: “{_short(change.old)}” → “{_short(change.new)}”")
        return _gettext(
            "%(who)s saved this %(model)s on %(when)s, after you opened it, so your save was "
            "refused to keep both edits. What they changed: %(changes)s. Your text is kept in this "
            "browser: reload the page to see their version, then choose “Restore your unsaved "
            "text” and check it against their changes before saving."
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
    """Editing rights by state, state moves by buttons that call the one service, no lost edits.

    The status is shown, never edited in the form: a move is a POST to ``move/<status>/``, which
    calls ``services.transition`` with its checks (rights, completeness, the issue's articles).
    """

    form = VersionedForm
    workflow_readonly_fields = ["status", "status_changed_at", "status_changed_by"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.workflow_readonly_fields]

    def get_fieldsets(self, request, obj=None):
        *rest, (name, options) = super().get_fieldsets(request, obj)
        # The hidden version the editor opened travels with the form.
        return [*rest, (name, {**options, "fields": [*options["fields"], "loaded_version"]})]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting published work takes it off the site: the same right as unpublishing it.
        return super().has_delete_permission(request, obj) and can_edit(request.user, obj)

    def has_review_permission(self, request):
        return can_review(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.check_version = not is_restore(request)
        return form

    def save_model(self, request, obj, form, change):
        # A form never moves the state: a restored old version keeps today's state until the
        # service below moves it, and a new item starts as a draft.
        keep_stored_state(obj)
        scheduled = self.stored_go_live(obj)
        super().save_model(request, obj, form, change)
        record_terms(obj)
        if obj.status == Status.PUBLISHED and scheduled != obj.published_at:
            # Released work's go-live time moved: who did it is on record (nothing runs then).
            when = {"from": scheduled, "to": obj.published_at}
            audit.record(audit.Action.SCHEDULE, obj, request=request, detail=when)
        if is_restore(request) and obj.status != Status.DRAFT:
            transition(obj, to=Status.DRAFT, by=request.user)  # A restore is a draft to review.
            obj.refresh_from_db()

    def stored_go_live(self, obj):
        if obj.pk is None:
            return None
        stored = type(obj).objects.filter(pk=obj.pk).values_list("published_at", flat=True)
        return stored.first()

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

    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/<str:status>/",
                self.admin_site.admin_view(self.move_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_move",
            ),
            *super().get_urls(),
        ]

    def move_label(self, obj, status):
        if status == Status.PUBLISHED:
            return _gettext("Publish")
        if obj.status == Status.PUBLISHED:
            # Two ways off the site: say where each one leaves the work.
            if status == Status.REVIEW:
                return _gettext("Unpublish, back to review")
            return _gettext("Unpublish, back to draft")
        if status == Status.REVIEW:
            return _gettext("Submit for review")
        return _gettext("Send back to draft")

    def move_tools(self, request, obj):
        """A POST button for each state the user may move ``obj`` to from where it is."""
        if obj is None or not self.has_change_permission(request, obj):
            return []
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_move"
        return [
            {
                "url": reverse(name, args=[obj.pk, status]),
                "label": self.move_label(obj, status),
                # Sending back opens a page that asks why, for the author's e-mail.
                "post": not self.asks_reason(obj, status),
            }
            for status in allowed_statuses(request.user, obj)
            if status != obj.status
        ]

    def asks_reason(self, obj, status):
        return obj.status == Status.REVIEW and status == Status.DRAFT

    def get_object_tools(self, request, obj):
        tools = self.move_tools(request, obj) + super().get_object_tools(request, obj)
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

    def report_move(self, request, obj, status, *, reason="", override_comments=""):
        """Move ``obj`` through the service and tell the user how it went."""
        try:
            transition(
                obj, to=status, by=request.user, reason=reason, override_comments=override_comments
            )
        except IssueIncomplete as incomplete:
            messages.error(
                request,
                format_html(
                    "{} <ul>{}</ul>",
                    _gettext("“%(obj)s” was not published: nothing changed. To do first:")
                    % {"obj": obj},
                    format_html_join("", "<li>{}</li>", ((p,) for p in incomplete.problems)),
                ),
            )
            return False
        except PermissionDenied as refused:
            messages.error(request, f"{refused} {_gettext('Nothing was changed.')}")
            return False
        messages.success(request, self.moved_message(obj, status))
        return True

    def moved_message(self, obj, status):
        if isinstance(obj, Issue) and status == Status.PUBLISHED:
            return _gettext("“%(obj)s” and all its articles are published.") % {"obj": obj}
        if isinstance(obj, Issue) and obj.status == Status.PUBLISHED:
            return _gettext("“%(obj)s” is unpublished; it and its articles are drafts again.") % {
                "obj": obj
            }
        return _gettext("“%(obj)s” is now %(status)s.") % {
            "obj": obj,
            "status": Status(status).label.lower(),
        }

    def move_view(self, request, object_id, status):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None or status not in Status.values:
            raise Http404
        if request.method == "GET" and not self.asks_reason(obj, status):
            return HttpResponseNotAllowed(["POST"])
        # The right to change the item as it stands, and to this move (publishing, say).
        if not self.has_change_permission(request, obj) or not can_move(request.user, obj, status):
            raise PermissionDenied
        if request.method == "GET":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": obj,
                "title": _gettext("Send “%(obj)s” back to draft") % {"obj": obj},
            }
            return TemplateResponse(request, "admin/send_back.html", context)
        reason = request.POST.get("reason", "").strip()[:2000]  # Told to the author.
        self.report_move(request, obj, status, reason=reason)
        info = self.opts.app_label, self.opts.model_name
        return redirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))

    def prepare_recovered(self, request, instance):
        reset_to_draft(instance, by=request.user)
