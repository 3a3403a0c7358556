"""Editing published work in the admin as a draft revision, beside the live version.

On a published article or issue, whoever may write drafts gets the form; saving it saves the open
draft revision (``services.revision_save``), never the live row, and the form shows the revision.
The page shows the live version and the revision side by side, and the moves a user may make:
submit for review, send back, and for publishers publish now, schedule, discard. Restoring an old
version of published work makes it the draft revision, its relations too.
"""

import copy

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from . import revisions
from .models import ArticlePhoto, Status
from .revision_history import RevisionHistoryAdminMixin
from .services import (
    IssueIncomplete,
    LiveChangedSince,
    open_revision,
    revision_discard,
    revision_move,
    revision_publish,
    revision_save,
)
from .workflow import can_edit_drafts, can_edit_revision, can_move, can_publish
from .workflow_admin import is_restore

SAVE_AS_REVISION = "_save_revision"


def _stored_status(obj):
    return type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).first()


def _form_initial(snapshot):
    initial = dict(snapshot.get("fields", {}))
    initial.update(snapshot.get("links", {}))
    return initial


def _photo_initial(snapshot):
    return [
        {"photo": use["photo"], "placement": use["placement"], "position": position}
        for position, use in enumerate(snapshot.get("photos") or [], start=1)
    ]


def _revision_inline(inline_class, extra):
    """The photos inline as a draft: its rows follow the revision, not the live article."""

    class RevisionInline(inline_class):
        def has_add_permission(self, request, obj=None):
            return super().has_add_permission(request, None)

        def has_change_permission(self, request, obj=None):
            return super().has_change_permission(request, None)

        def has_delete_permission(self, request, obj=None):
            return super().has_delete_permission(request, None)

        def get_extra(self, request, obj=None, **kwargs):
            return extra + 1

    RevisionInline.__name__ = f"Revision{inline_class.__name__}"
    return RevisionInline


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], required=True
    )


class RevisionAdminMixin(RevisionHistoryAdminMixin):
    """Put before WorkflowAdminMixin: published work is changed through a draft revision."""

    revision_photos_model = ArticlePhoto

    # Which mode a request is in --------------------------------------------------------------

    def _revision_state(self, request, obj):
        """(in revision mode?, the open revision) for ``obj`` in this request, read once."""
        if obj is None or obj.pk is None:
            return False, None
        memo = request.__dict__.setdefault("_revision_states", {})
        if obj.pk not in memo:
            live = type(obj).objects.get(pk=obj.pk) if _stored_status(obj) else None
            revision = None
            mode = False
            if live is not None and live.status == Status.PUBLISHED:
                revision = open_revision(live)
                mode = can_edit_drafts(request.user, self.model) and (
                    not can_publish(request.user, self.model)
                    or revision is not None
                    or SAVE_AS_REVISION in request.POST
                    or is_restore(request)  # Never over the live version.
                )
            memo[obj.pk] = (mode, revision, live)
        return memo[obj.pk][:2]

    def _live(self, request, obj):
        self._revision_state(request, obj)
        return request._revision_states[obj.pk][2]

    def has_change_permission(self, request, obj=None):
        if super().has_change_permission(request, obj):
            return True
        if obj is None or not super().has_change_permission(request, None):
            return False
        mode, revision = self._revision_state(request, obj)
        live = self._live(request, obj)
        return mode and can_edit_revision(request.user, live, revision)

    # The form shows the revision --------------------------------------------------------------

    def _shown_snapshot(self, request, obj):
        """The snapshot the form starts from: the version being restored, else the revision."""
        if is_restore(request):
            match = request.resolver_match
            version = match.kwargs.get("version_id") or (match.args[-1] if match.args else None)
            record = obj.history.filter(history_id=version)
            record = record.first()
            if record is not None:
                live = revisions.snapshot(self._live(request, obj))
                found = revisions.snapshot_of_record(record)
                return {**live, **found}
        mode, revision = self._revision_state(request, obj)
        return revision.snapshot if mode and revision is not None else None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        mode, _revision = self._revision_state(request, obj)
        if mode:
            fieldsets = [*fieldsets, (_("Correction"), {"fields": ["correction_note"]})]
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        mode, revision = self._revision_state(request, obj)
        if not mode:
            return super().get_form(request, obj, **kwargs)
        shown = self._shown_snapshot(request, obj)

        class RevisionForm(self.form):
            correction_note = forms.CharField(
                label=_("Correction note"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "Optional: shown to readers once the revision is published, after "
                    "“Corrected on <date>:”."
                ),
            )

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if shown is not None:
                    self.initial.update(_form_initial(shown))
                if revision is not None:
                    self.initial["correction_note"] = revision.correction_note

        return super().get_form(request, obj, form=RevisionForm, **kwargs)

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        mode, _revision = self._revision_state(request, obj)
        if not mode:
            return inlines
        shown = self._shown_snapshot(request, obj) or revisions.snapshot(self._live(request, obj))
        return [_revision_inline(inline, len(shown.get("photos") or [])) for inline in inlines]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        mode, _revision = self._revision_state(request, obj)
        if mode:
            # A detached copy: the rows are the revision's, checked against none stored.
            detached = copy.copy(obj)
            detached.pk = None
            kwargs["instance"] = detached
            shown = self._shown_snapshot(request, obj) or revisions.snapshot(
                self._live(request, obj)
            )
            kwargs["initial"] = _photo_initial(shown)
        return kwargs

    # Saving saves the revision -------------------------------------------------------------------

    def _form_data(self, form):
        fields = {}
        for name in revisions.FIELDS[revisions.model_of(self.model)]:
            if name in form.cleaned_data:
                value = form.cleaned_data[name]
                fields[name] = getattr(value, "pk", value)
        data = {"fields": fields, "links": {}, "label": str(form.instance)}
        for name in revisions.LINKS[revisions.model_of(self.model)]:
            if name in form.cleaned_data:
                data["links"][name] = sorted(row.pk for row in form.cleaned_data[name])
        data["correction_note"] = form.cleaned_data.get("correction_note", "")
        return revisions.merged({}, data) | {"correction_note": data["correction_note"]}

    def _photo_data(self, formsets):
        for formset in formsets:
            if formset.model is not self.revision_photos_model:
                continue
            rows = []
            for index, form in enumerate(formset.forms):
                data = getattr(form, "cleaned_data", None) or {}
                if data.get("DELETE") or not data.get("photo"):
                    continue
                position = data.get("position") or 10**6
                rows.append((position, index, data["photo"].pk, data.get("placement") or "full"))
            return [{"photo": photo, "placement": p} for _pos, _i, photo, p in sorted(rows)]
        return None

    def _save_revision(self, request, obj, data):
        data.pop("figures", None)
        try:
            revision = revision_save(item=self._live(request, obj), data=data, by=request.user)
        except PermissionDenied as refused:
            messages.error(request, str(refused))
            return None
        messages.info(
            request,
            _gettext(
                "Saved as a draft revision: readers still see the live version until a "
                "publisher publishes it."
            ),
        )
        return revision

    def save_model(self, request, obj, form, change):
        mode, _revision = self._revision_state(request, obj)
        if mode:
            if is_restore(request):  # No formsets there: the old version's relations come too.
                data = self._form_data(form)
                shown = self._shown_snapshot(request, obj) or {}
                data.update({key: shown[key] for key in ("links", "photos") if key in shown})
                self._save_revision(request, obj, data)
                form.save_m2m = lambda: None
            return  # The live row is not written; save_related saves the revision.
        super().save_model(request, obj, form, change)
        if is_restore(request):
            shown = self._shown_snapshot(request, obj) or {}
            relations = {key: shown[key] for key in ("links", "photos") if key in shown}
            save_m2m = form.save_m2m

            def save_relations():
                save_m2m()
                revisions.apply_relations(obj, relations)
                revisions.record_relations(obj)

            form.save_m2m = save_relations

    def save_related(self, request, form, formsets, change):
        mode, _revision = self._revision_state(request, form.instance)
        if not mode:
            super().save_related(request, form, formsets, change)
            revisions.record_relations(form.instance)  # The history record holds them too.
            return
        data = self._form_data(form)
        photos = self._photo_data(formsets)
        if photos is not None:
            data["photos"] = photos
        self._save_revision(request, form.instance, data)
        for formset in formsets:  # Nothing of theirs was saved, as the change message says.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    # The revision beside the live version -----------------------------------------------------

    def revision_context(self, request, obj):
        mode, revision = self._revision_state(request, obj)
        live = self._live(request, obj) if obj is not None else None
        if live is None or live.status != Status.PUBLISHED:
            return {}
        user, model = request.user, self.model
        context = {"revision_panel": True, "revision": revision, "revision_mode": mode}
        if revision is None:
            context["revision_offer"] = mode is False and can_publish(user, model)
            return context
        live_snapshot = revisions.snapshot(live)
        context["revision_rows"] = revisions.compare(live_snapshot, revision.snapshot, model)
        context["revision_live_changes"] = revisions.live_changes(
            revision, live, live=live_snapshot
        )
        context["revision_open_comments"] = revision.comments.open().count()
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_revision"
        actions = []
        for status in (Status.REVIEW, Status.DRAFT):
            if (
                status != revision.status
                and revision.status != Status.PUBLISHED
                and can_edit_revision(user, live, revision)
                and can_move(user, live, status, old_status=revision.status)
            ):
                label = (
                    _gettext("Submit the revision for review")
                    if status == Status.REVIEW
                    else _gettext("Send the revision back to draft")
                )
                actions.append({"url": reverse(name, args=[obj.pk, status]), "label": label})
        context["revision_actions"] = actions
        if can_publish(user, model):
            context["revision_publish_url"] = reverse(name, args=[obj.pk, "publish"])
            context["revision_schedule_url"] = reverse(name, args=[obj.pk, "schedule"])
            context["revision_discard_url"] = reverse(name, args=[obj.pk, "discard"])
        return context

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **self.revision_context(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/revision/<str:action>/",
                self.admin_site.admin_view(self.revision_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_revision",
            ),
            *super().get_urls(),
        ]

    def revision_view(self, request, object_id, action):
        """The revision's moves; every right is checked again by the services."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        revision = open_revision(obj) if obj is not None else None
        do = {
            "publish": self._revision_do_publish,
            "schedule": self._revision_do_schedule,
            "discard": self._revision_do_discard,
            Status.REVIEW: self._revision_do_move,
            Status.DRAFT: self._revision_do_move,
        }.get(action)
        if revision is None or do is None:
            raise Http404
        if not super().has_change_permission(request, None):
            raise PermissionDenied
        try:
            done = do(request, revision, action)
        except IssueIncomplete as incomplete:
            messages.error(request, " ".join(incomplete.problems))
        except LiveChangedSince as changed:
            messages.error(request, f"{changed} {_gettext('Nothing was published.')}")
        else:
            if done:
                messages.success(request, done)
        return self._revision_back(obj)

    @staticmethod
    def _publish_options(request):
        """What a publisher confirmed on the panel: going over live changes, over comments."""
        return {
            "over_live_changes": bool(request.POST.get("over_live_changes")),
            "override_comments": request.POST.get("override_comments", "")[:250],
        }

    def _revision_do_publish(self, request, revision, action):
        revision_publish(revision=revision, by=request.user, **self._publish_options(request))
        return _gettext("The revision is published: readers see it now.")

    def _revision_do_schedule(self, request, revision, action):
        form = ScheduleForm(request.POST)
        if not form.is_valid() or form.cleaned_data["go_live_at"] <= timezone.now():
            messages.error(request, _gettext("Give a time to come for the revision."))
            return None
        revision_publish(
            revision=revision,
            by=request.user,
            at=form.cleaned_data["go_live_at"],
            **self._publish_options(request),
        )
        return _gettext("The revision is scheduled: it goes live at the time given.")

    def _revision_do_discard(self, request, revision, action):
        revision_discard(revision=revision, by=request.user)
        return _gettext("The revision is discarded: the live version is unchanged.")

    def _revision_do_move(self, request, revision, action):
        revision_move(revision=revision, to=action, by=request.user)
        return _gettext("The revision is now %(status)s.") % {
            "status": Status(action).label.lower()
        }

    def _revision_back(self, obj):
        info = self.opts.app_label, self.opts.model_name
        return redirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
