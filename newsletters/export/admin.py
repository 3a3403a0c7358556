"""Exports in the admin: buttons on an issue's page and actions on the list, drafts included."""

import io
import zipfile

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .documents import FORMATS, ExportError
from .storage import get_export
from .views import export_response, variant_from


class IssueExportAdminMixin:
    """For IssueAdmin: download an issue as PDF, HTML or e-mail HTML, as a preview for staff."""

    export_actions = ("download_pdf", "download_html")

    def get_actions(self, request):
        # Added here rather than in ``actions``, which IssueAdmin stays free to set.
        actions = super().get_actions(request)
        if self.actions is not None and self.has_view_permission(request):
            for name in self.export_actions:
                actions.setdefault(name, self.get_action(name))
        return actions

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

    def export_view(self, request, object_id, fmt):
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404(_("No issue with that ID."))
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        if fmt not in FORMATS:
            raise Http404(_("No such format."))
        try:
            stored = get_export(issue, fmt, variant=variant_from(request, fmt), preview=True)
        except ExportError as error:
            raise Http404(str(error)) from error
        return export_response(request, stored, public=False)

    def _download(self, request, queryset, fmt):
        issues = list(queryset)
        if not issues:
            return None
        if len(issues) == 1:
            return export_response(request, get_export(issues[0], fmt, preview=True), public=False)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for issue in issues:
                stored = get_export(issue, fmt, preview=True)
                with stored.open() as file:
                    archive.writestr(stored.filename, file.read())
        self.message_user(request, _("%d issues exported.") % len(issues), messages.SUCCESS)
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="issues-{fmt}.zip"'
        return response

    @admin.action(description=_("Download as PDF, drafts included"), permissions=["view"])
    def download_pdf(self, request, queryset):
        return self._download(request, queryset, "pdf")

    @admin.action(description=_("Download as HTML, drafts included"), permissions=["view"])
    def download_html(self, request, queryset):
        return self._download(request, queryset, "html")
