"""Sending an issue from the admin, for publishers: a test to oneself, the real sending after a
page that counts its recipients, and a progress page that updates itself while the queue works.

URLs (``admin:mailing_mailing_…``): ``send`` (GET the count, POST to queue), ``send_test``
(POST), ``progress`` (the page) and ``progress_data`` (its JSON, polled by
``static/js/admin-mailing-progress.js``: the site's CSP runs no inline script).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from newsletters.models import Issue
from newsletters.workflow import can_publish

from . import sending
from .models import Delivery, Mailing, Subscriber


def may_send(user):
    return user.is_active and user.is_staff and can_publish(user, Issue)


class IssueSendingAdminMixin:
    """For IssueAdmin: the two sending buttons on a published issue's page, for publishers."""

    def get_object_tools(self, request, obj):
        tools = super().get_object_tools(request, obj)
        if obj is not None and may_send(request.user) and obj.is_published():
            tools += [
                {
                    "url": reverse("admin:mailing_mailing_send_test", args=[obj.pk]),
                    "label": _("Send test to me"),
                    "post": True,
                },
                {
                    "url": reverse("admin:mailing_mailing_send", args=[obj.pk]),
                    "label": _("Send to subscribers"),
                },
            ]
        return tools


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = [
        "issue",
        "kind",
        "status",
        "created_at",
        "requested_by",
        "sent",
        "failed",
        "bounced",
        "unsubscribed",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["issue", "requested_by"]
    date_hierarchy = "created_at"

    # Publishers only, whatever the model permissions say; the list is read, never edited.
    def has_module_permission(self, request):
        return may_send(request.user)

    def has_view_permission(self, request, obj=None):
        return may_send(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        later = Q(deliveries__subscriber__unsubscribed_at__gte=F("deliveries__sent_at"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
                failed_count=Count(
                    "deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)
                ),
                bounced_count=Count(
                    "deliveries",
                    filter=Q(
                        deliveries__status__in=[Delivery.Status.BOUNCED, Delivery.Status.COMPLAINED]
                    ),
                ),
                unsubscribed_count=Count(
                    "deliveries",
                    filter=later & Q(deliveries__subscriber__status=Subscriber.Status.UNSUBSCRIBED),
                ),
            )
        )

    @admin.display(description=_lazy("sent"), ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description=_lazy("failed"), ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count

    @admin.display(description=_lazy("bounced or complained"), ordering="bounced_count")
    def bounced(self, obj):
        return obj.bounced_count

    @admin.display(description=_lazy("unsubscribed since"), ordering="unsubscribed_count")
    def unsubscribed(self, obj):
        return obj.unsubscribed_count

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("send/<int:issue_id>/", view(self.send_view), name="mailing_mailing_send"),
            path(
                "send/<int:issue_id>/test/",
                view(self.send_test_view),
                name="mailing_mailing_send_test",
            ),
            path(
                "<int:mailing_id>/progress/",
                view(self.progress_view),
                name="mailing_mailing_progress",
            ),
            path(
                "<int:mailing_id>/progress.json",
                view(self.progress_data_view),
                name="mailing_mailing_progress_data",
            ),
            *super().get_urls(),
        ]

    def _issue(self, request, issue_id):
        if not may_send(request.user):
            raise PermissionDenied
        return get_object_or_404(Issue, pk=issue_id)

    def _refused(self, request, issue, error):
        messages.error(request, str(error))
        return redirect(reverse("admin:newsletters_issue_change", args=[issue.pk]))

    def send_test_view(self, request, issue_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        issue = self._issue(request, issue_id)
        try:
            mailing = sending.test_send_start(issue=issue, by=request.user)
        except sending.SendRefused as refused:
            return self._refused(request, issue, refused)
        messages.success(
            request,
            _("A test copy is on its way to %(address)s.") % {"address": mailing.test_address},
        )
        return redirect(reverse("admin:mailing_mailing_progress", args=[mailing.pk]))

    def send_view(self, request, issue_id):
        issue = self._issue(request, issue_id)
        if not issue.is_published():
            return self._refused(
                request,
                issue,
                _("Only a published issue is sent: publish “%(issue)s” first.") % {"issue": issue},
            )
        count = sending.recipients(issue).count()
        if request.method == "POST" and count:
            try:
                mailing = sending.mailing_start(issue=issue, by=request.user)
            except sending.SendRefused as refused:
                return self._refused(request, issue, refused)
            return redirect(reverse("admin:mailing_mailing_progress", args=[mailing.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Send “%(issue)s” to subscribers?") % {"issue": issue},
            "issue": issue,
            "count": count,
            "already": Delivery.objects.filter(issue=issue).count(),
            "change_url": reverse("admin:newsletters_issue_change", args=[issue.pk]),
        }
        return TemplateResponse(request, "admin/mailing/send_confirm.html", context)

    def _mailing(self, request, mailing_id):
        if not may_send(request.user):
            raise PermissionDenied
        mailing = Mailing.objects.select_related("issue").filter(pk=mailing_id).first()
        if mailing is None:
            raise Http404
        return mailing

    def progress_view(self, request, mailing_id):
        mailing = self._mailing(request, mailing_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Sending “%(issue)s”") % {"issue": mailing.issue},
            "mailing": mailing,
            "progress": sending.progress(mailing),
            "data_url": reverse("admin:mailing_mailing_progress_data", args=[mailing.pk]),
            "change_url": reverse("admin:newsletters_issue_change", args=[mailing.issue_id]),
        }
        return TemplateResponse(request, "admin/mailing/progress.html", context)

    def progress_data_view(self, request, mailing_id):
        return JsonResponse(sending.progress(self._mailing(request, mailing_id)))
