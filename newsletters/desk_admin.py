"""The issue desk in the admin: the issue's page lists its articles with what each lacks, orders
them by drag and drop or by keyboard, and publishes only through a confirmation page.

URLs (``admin:newsletters_issue_…``):

- ``desk_reorder``: POST ``<issue>/desk/reorder/`` with ``order`` (every article id, first to
  last; what the page's script sends) or ``move=<id>:up|down`` (the buttons without script).
  Answers JSON to a script (``Accept: application/json``), else redirects back to the issue.
  A crafted order (unknown ids, another issue's, one missing) is a 400; an article the user may
  not move is a 403; either way nothing changes.
- ``desk_checklist``: GET ``<issue>/desk/checklist/``, the list of what blocks publication, which
  the page refreshes by itself (``static/js/admin-desk.js``).
- ``publish``: GET ``<issue>/publish/`` lists what goes public (``services.going_public``); POST
  confirms. Missing pieces (``completeness``) refuse it; a missing cover photo or a short issue
  asks for an explicit "publish anyway". The Publish button, ``move/published/`` and the list
  action ``publish_issues`` all lead here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .desk import issue_desk
from .models import Status
from .services import OrderInvalid, articles_reorder, going_public
from .workflow import can_move


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def moved_order(current, move):
    """``current`` ids with the one named in ``move`` ("12:up", "12:down") one place on."""
    pk, _sep, direction = move.partition(":")
    try:
        index = current.index(int(pk))
    except ValueError:
        raise OrderInvalid(_("The article to move is not in this issue.")) from None
    step = {"up": -1, "down": 1}.get(direction)
    if step is None:
        raise OrderInvalid(_("An article moves up or down."))
    target = index + step
    if 0 <= target < len(current):
        current[index], current[target] = current[target], current[index]
    return current


class IssueDeskAdminMixin:
    """For IssueAdmin, after WorkflowAdminMixin in the bases (it replaces the Publish move)."""

    def _url_name(self, suffix):
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/desk/reorder/",
                view(self.desk_reorder_view),
                name=self._url_name("desk_reorder"),
            ),
            path(
                "<path:object_id>/desk/checklist/",
                view(self.desk_checklist_view),
                name=self._url_name("desk_checklist"),
            ),
            path(
                "<path:object_id>/publish/",
                view(self.publish_view),
                name=self._url_name("publish"),
            ),
            *super().get_urls(),
        ]

    class Media:
        css = {"all": ["css/admin-desk.css"]}
        js = ["js/admin-desk.js"]

    # The desk on the issue's page ---------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["desk"] = issue_desk(obj, user=request.user)
            context["desk_urls"] = {
                "reorder": reverse(f"admin:{self._url_name('desk_reorder')}", args=[obj.pk]),
                "checklist": reverse(f"admin:{self._url_name('desk_checklist')}", args=[obj.pk]),
                "add": self.add_article_url(request, obj, context["desk"].next_position),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def add_article_url(self, request, issue, position):
        if not request.user.has_perm("newsletters.add_article"):
            return ""
        url = reverse("admin:newsletters_article_add")
        return f"{url}?issue={issue.pk}&position={position}"

    def _viewable_issue(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return obj

    def desk_checklist_view(self, request, object_id):
        issue = self._viewable_issue(request, object_id)
        desk = issue_desk(issue, user=request.user)
        html = render_to_string(
            "admin/newsletters/issue/_desk_checklist.html", {"desk": desk}, request=request
        )
        return JsonResponse({"checklist": html}) if wants_json(request) else HttpResponse(html)

    def desk_reorder_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        issue = self._viewable_issue(request, object_id)
        try:
            order = request.POST.getlist("order")
            if request.POST.get("move"):
                current = issue.articles.order_by("position", "pk").values_list("pk", flat=True)
                order = moved_order(list(current), request.POST["move"])
            moved = articles_reorder(issue=issue, order=order, by=request.user)
        except OrderInvalid as invalid:
            return self._desk_refusal(request, str(invalid), 400)
        except PermissionDenied as refused:
            return self._desk_refusal(request, str(refused), 403)
        message = _("The new order is saved.") if moved else _("The order is unchanged.")
        if not wants_json(request):
            messages.success(request, message)
            return redirect(reverse(f"admin:{self._url_name('change')}", args=[issue.pk]))
        desk = issue_desk(issue, user=request.user)
        return JsonResponse(
            {
                "message": message,
                "positions": {str(row.article.pk): row.article.position for row in desk.rows},
                "checklist": render_to_string(
                    "admin/newsletters/issue/_desk_checklist.html", {"desk": desk}, request=request
                ),
            }
        )

    def _desk_refusal(self, request, message, status):
        if wants_json(request):
            return JsonResponse({"error": message}, status=status)
        if status == 403:
            raise PermissionDenied(message)
        return HttpResponseBadRequest(message)

    # Publishing through a confirmation ---------------------------------------------------

    def publish_url(self, obj):
        return reverse(f"admin:{self._url_name('publish')}", args=[obj.pk])

    def move_tools(self, request, obj):
        tools = super().move_tools(request, obj)
        publish = (
            reverse(f"admin:{self._url_name('move')}", args=[obj.pk, Status.PUBLISHED])
            if obj
            else None
        )
        for tool in tools:
            if tool["url"] == publish:
                tool.update(url=self.publish_url(obj), post=False)
        return tools

    def move_view(self, request, object_id, status):
        if status == Status.PUBLISHED and request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None:
                raise Http404
            if not self.may_publish(request, obj):
                raise PermissionDenied
            return redirect(self.publish_url(obj))  # Nothing is published without its page.
        return super().move_view(request, object_id, status)

    @admin.action(
        description=_lazy("Publish the selected issue, after its confirmation page"),
        permissions=["publish"],
    )
    def publish_issues(self, request, queryset):
        issues = list(queryset[:2])
        if len(issues) != 1:
            messages.error(
                request,
                _(
                    "Publish one issue at a time: each has a page that lists what goes public. "
                    "Nothing was published."
                ),
            )
            return None
        return redirect(self.publish_url(issues[0]))

    def may_publish(self, request, issue):
        return (
            self.has_change_permission(request, issue)
            and self.has_publish_permission(request)
            and can_move(request.user, issue, Status.PUBLISHED)
        )

    def publish_view(self, request, object_id):
        issue = self.get_object(request, object_id)
        if issue is None:
            raise Http404
        if not self.may_publish(request, issue):
            raise PermissionDenied
        change_url = reverse(f"admin:{self._url_name('change')}", args=[issue.pk])
        if issue.status == Status.PUBLISHED:
            messages.info(request, _("“%(issue)s” is already published.") % {"issue": issue})
            return redirect(change_url)
        report = going_public(issue=issue)
        needs_ack = bool(report.completeness.issue_advice)
        error = ""
        override = request.POST.get("override_comments", "").strip()[:250]
        if request.method == "POST":
            if report.completeness.only_comments_block and override:
                if not needs_ack or request.POST.get("publish_anyway"):
                    self.report_move(request, issue, Status.PUBLISHED, override_comments=override)
                    return redirect(change_url)
                error = _("Tick “Publish anyway” to publish despite the warnings above.")
            elif report.completeness.problems:
                error = _("The issue is not complete yet: nothing was published.")
            elif needs_ack and not request.POST.get("publish_anyway"):
                error = _("Tick “Publish anyway” to publish despite the warnings above.")
            else:
                self.report_move(request, issue, Status.PUBLISHED)
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Publish “%(issue)s”?") % {"issue": issue},
            "issue": issue,
            "original": issue,
            "report": report,
            "groups": [
                {"label": rows[0]._meta.verbose_name_plural.capitalize(), "rows": rows}
                for label, rows in report.rows.items()
                if label != "newsletters.issue"
            ],
            "needs_ack": needs_ack,
            "error": error,
            "change_url": change_url,
            "media": self.media,
        }
        return TemplateResponse(
            request,
            "admin/newsletters/issue/publish_confirm.html",
            context,
            status=400 if error else 200,
        )
