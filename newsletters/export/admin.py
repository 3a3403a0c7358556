"""Exports in the admin: buttons on an issue's page and actions on the list, drafts included."""

import io
import zipfile

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import formats
from . import storage as files
from .formats import Audience
from .pipeline import find_export
from .tasks import enqueue_build
from .views import requested_format, serve_or_prepare


class IssueExportAdminMixin:
    """For IssueAdmin: download an issue in any export format, as a preview for staff."""

    def get_actions(self, request):
        # Added here rather than in ``actions``, which IssueAdmin stays free to set.
        actions = super().get_actions(request)
        if self.actions is not None and self.has_view_permission(request):
            for export_format in formats.admin_actions():
                name = export_format.action_name
                actions.setdefault(name, self._download_action(export_format))
        return actions

    def _download_action(self, export_format):
        description = format_lazy(
            _("Download as {label}, drafts included"), label=export_format.label
        )

        @admin.action(description=description, permissions=["view"])
        def download(modeladmin, request, queryset):
            return modeladmin._download(request, queryset, export_format)

        return download, export_format.action_name, description

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/export/<str:fmt>/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["export_links"] = self.export_links(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def export_url(self, issue, export_format):
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_export"
        return reverse(name, args=[quote(issue.pk), export_format.key]) + export_format.query_string

    def export_links(self, issue):
        """(label, URL, description) of every export of ``issue``, for its change page."""
        return [
            (export_format.label, self.export_url(issue, export_format), export_format.description)
            for export_format in formats.FORMATS
        ]

    def export_view(self, request, object_id, fmt):
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404(_("No issue with that ID."))
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        return serve_or_prepare(
            request, issue, requested_format(request, fmt), audience=Audience.PREVIEW, public=False
        )

    def _download(self, request, queryset, export_format):
        issues = list(queryset)
        if not issues:
            return None
        if len(issues) == 1:
            # The issue's export page serves the file, or waits for it and reloads itself.
            return HttpResponseRedirect(self.export_url(issues[0], export_format))
        found = [
            (issue, *find_export(issue, export_format, audience=Audience.PREVIEW))
            for issue in issues
        ]
        for issue, stored, present in found:
            if not present:
                enqueue_build(issue, export_format, audience=Audience.PREVIEW, stored=stored)
        # Checked again: with DJANGO_TASKS_IMMEDIATE the builds ran just now.
        missing = [stored for _issue, stored, _present in found if not files.is_stored(stored)]
        if missing:
            self.message_user(
                request,
                _(
                    "%(missing)d of the %(total)d exports are being prepared. "
                    "Run the action again in a minute to download them all."
                )
                % {"missing": len(missing), "total": len(issues)},
                messages.WARNING,
            )
            return None
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for _issue, stored, _present in found:
                with stored.open() as file:
                    archive.writestr(stored.filename, file.read())
        self.message_user(request, _("%d issues exported.") % len(issues), messages.SUCCESS)
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="issues-{export_format}.zip"'
        return response
