"""Exports in the admin: buttons on an issue's page and actions on the list, drafts included."""

import io
import zipfile

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import formats
from .formats import Audience
from .pipeline import get_export
from .views import export_response, requested_format


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

    def export_links(self, issue):
        """(label, URL, description) of every export of ``issue``, for its change page."""
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_export"
        return [
            (
                export_format.label,
                reverse(name, args=[quote(issue.pk), export_format.key])
                + export_format.query_string,
                export_format.description,
            )
            for export_format in formats.FORMATS
        ]

    def export_view(self, request, object_id, fmt):
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404(_("No issue with that ID."))
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        stored = get_export(issue, requested_format(request, fmt), audience=Audience.PREVIEW)
        return export_response(request, stored, public=False)

    def _download(self, request, queryset, export_format):
        issues = list(queryset)
        if not issues:
            return None
        if len(issues) == 1:
            stored = get_export(issues[0], export_format, audience=Audience.PREVIEW)
            return export_response(request, stored, public=False)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for issue in issues:
                stored = get_export(issue, export_format, audience=Audience.PREVIEW)
                with stored.open() as file:
                    archive.writestr(stored.filename, file.read())
        self.message_user(request, _("%d issues exported.") % len(issues), messages.SUCCESS)
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="issues-{export_format}.zip"'
        return response
