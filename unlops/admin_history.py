"""Admin history for any model with django-simple-history: compare two versions, recover deleted.

Restoring an older version is simple-history's own "revert" form; this adds what staff also need.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from . import audit
from .admin_audit import AuditedDeleteMixin


def _display(record, field):
    value = getattr(record, field.attname, None)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and value is not None:
        try:
            return str(getattr(record, field.name))
        except field.related_model.DoesNotExist:
            return _("(deleted: %(id)s)") % {"id": value}
    return "" if value is None else value


class HistoryAdmin(AuditedDeleteMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin plus a side-by-side comparison and a bin of deleted items; deletes,
    restores and recoveries reach the audit trail."""

    def _history_url_name(self, suffix):
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.history_compare_view),
                name=self._history_url_name("history_compare"),
            ),
            path(
                "recover/",
                view(self.recover_list_view),
                name=self._history_url_name("recover_list"),
            ),
            path(
                "recover/<int:history_id>/",
                view(self.recover_view),
                name=self._history_url_name("recover"),
            ),
            *super().get_urls(),
        ]

    def get_object_tools(self, request, obj):
        """Links and buttons for the object's page; subclasses add theirs."""
        if obj is None or not self.has_view_history_or_change_history_permission(request, obj):
            return []
        url = reverse(f"admin:{self._history_url_name('history_compare')}", args=[obj.pk])
        return [{"url": url, "label": _("Compare versions")}]

    def get_list_tools(self, request):
        if not self.has_add_permission(request):
            return []
        url = reverse(f"admin:{self._history_url_name('recover_list')}")
        return [{"url": url, "label": _("Recover deleted")}]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's restore form, which on its own saves with the view permission and
        judges the old version's state: a restore is a change of the row as it is now."""
        if request.method == "POST":
            current = self.get_object(request, object_id)
            if current is None:
                raise Http404
            if not self.has_change_permission(request, current):
                raise PermissionDenied
            with transaction.atomic(using=router.db_for_write(self.model)):
                response = super().history_form_view(request, object_id, version_id, extra_context)
                if response.status_code == 302:  # Saved: the old version is the current one.
                    restored = self.model._default_manager.filter(pk=current.pk).first()
                    detail = {"version": version_id}
                    audit.record(
                        audit.Action.REVERT, restored or current, request=request, detail=detail
                    )
            return response
        return super().history_form_view(request, object_id, version_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "extra_object_tools": self.get_object_tools(request, obj),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "extra_list_tools": self.get_list_tools(request)}
        return super().changelist_view(request, extra_context)

    def history_compare_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        records = list(obj.history.select_related("history_user").order_by("-history_date"))
        if not records:
            raise Http404
        by_id = {str(record.history_id): record for record in records}
        left = by_id.get(request.GET.get("left")) or records[min(1, len(records) - 1)]
        right = by_id.get(request.GET.get("right")) or records[0]
        fields = [
            field
            for field in obj.history.model._meta.fields
            if field.name in {f.name for f in self.model._meta.fields}
        ]
        rows = []
        for field in fields:
            before, after = _display(left, field), _display(right, field)
            rows.append(
                {
                    "label": field.verbose_name,
                    "left": before,
                    "right": after,
                    "changed": before != after,
                }
            )
        rows += self.history_relation_rows(left, right)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("Compare versions of “%(obj)s”") % {"obj": obj},
            "records": records,
            "left": left,
            "right": right,
            "rows": rows,
            "restore_url": reverse(
                f"admin:{self._history_url_name('simple_history')}",
                args=[obj.pk, left.history_id],
            ),
        }
        return TemplateResponse(request, "admin/history_compare.html", context)

    def history_relation_rows(self, left, right):
        """Hook: rows comparing what two records link to (the fields' rows are made above)."""
        return []

    def deleted_records(self):
        """The last historical record of every deleted row, newest deletion first."""
        history = self.model.history
        existing = self.model._default_manager.values("pk")
        latest = {}
        for record in (
            history.filter(history_type="-")
            .exclude(**{f"{self.opts.pk.attname}__in": existing})
            .select_related("history_user")
            .order_by("-history_date")
        ):
            latest.setdefault(record.pk, record)
        return list(latest.values())

    def recover_list_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Recover deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "records": self.deleted_records(),
            "recover_url_name": f"admin:{self._history_url_name('recover')}",
        }
        return TemplateResponse(request, "admin/recover_list.html", context)

    def prepare_recovered(self, request, instance):
        """Hook: adjust a recovered row before it is saved again."""

    def recover_view(self, request, history_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        record = get_object_or_404(self.model.history, history_id=history_id, history_type="-")
        if self.model._default_manager.filter(pk=record.pk).exists():
            messages.warning(request, _("“%(obj)s” exists already.") % {"obj": record.instance})
        else:
            instance = record.instance
            self.prepare_recovered(request, instance)
            instance._history_user = request.user
            try:
                instance.save(force_insert=True)
            except PermissionDenied as refused:  # It would change what released work shows.
                messages.error(request, str(refused))
                return redirect(reverse(f"admin:{self._history_url_name('recover_list')}"))
            self.log_addition(request, instance, [{"added": {}}])
            detail = {"version": history_id}
            audit.record(audit.Action.RECOVER, instance, request=request, detail=detail)
            messages.success(request, _("“%(obj)s” was recovered.") % {"obj": instance})
            return redirect(
                reverse(f"admin:{self._history_url_name('change')}", args=[instance.pk])
            )
        return redirect(reverse(f"admin:{self._history_url_name('recover_list')}"))
