"""The admin's button that revokes every preview link of an issue or article at once."""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .models import Issue
from .preview import revoke_links
from .workflow import can_publish


class PreviewLinksAdminMixin:
    """For IssueAdmin and ArticleAdmin: "Revoke preview links", for the model's publishers."""

    def _revoke_url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_revoke_previews"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/revoke-previews/",
                self.admin_site.admin_view(self.revoke_previews_view),
                name=self._revoke_url_name(),
            ),
            *super().get_urls(),
        ]

    def get_object_tools(self, request, obj):
        tools = super().get_object_tools(request, obj)
        if obj is not None and can_publish(request.user, self.model):
            url = reverse(f"admin:{self._revoke_url_name()}", args=[quote(obj.pk)])
            tools.append({"url": url, "label": _("Revoke preview links"), "post": True})
        return tools

    def revoke_previews_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not can_publish(request.user, self.model):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No %(name)s with that ID.") % {"name": self.opts.verbose_name})
        revoke_links(obj=obj, by=request.user)
        self.log_change(request, obj, _("Preview links revoked."))
        if isinstance(obj, Issue):
            message = _(
                "Every preview link of “%(obj)s” and of its articles is revoked. "
                "Links made from now on work."
            )
        else:
            message = _(
                "Every preview link of “%(obj)s” is revoked; links made from now on work. "
                "Links of its issue still show it: revoke them on the issue's page."
            )
        messages.success(request, message % {"obj": obj})
        opts = self.opts
        return redirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        )
