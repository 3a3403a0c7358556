"""Review comments on an article's or an issue's page: a panel to read, write, answer, resolve."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from .models import ReviewComment
from .revision_history import revision_numbers
from .services import comment_add, comment_resolve
from .workflow import can_comment, commentable_fields


def comment_threads(item):
    """The item's top-level comments, open first, each with its answers (two queries)."""
    answers = Prefetch(
        "answers", queryset=ReviewComment.objects.select_related("author").order_by("created_at")
    )
    threads = list(
        ReviewComment.objects.on(item)
        .filter(parent__isnull=True)
        .select_related("author", "resolved_by", "revision")
        .prefetch_related(answers)
    )
    return sorted(threads, key=lambda c: (not c.is_open, c.created_at))


def version_label(comment, numbers):
    """Which version a comment was made on: a draft revision (numbered, with its state), the
    live version beside revisions, or the version number of a draft."""
    if comment.revision_id:
        return _("on draft revision %(number)d (%(state)s)") % {
            "number": numbers.get(comment.revision_id, 0),
            "state": str(comment.revision.state_label).lower(),
        }
    if numbers:
        return _("on the live version (version %(version)d)") % {"version": comment.item_version}
    return _("on version %(version)d") % {"version": comment.item_version}


class ReviewCommentsAdminMixin:
    """Adds the comments panel to the change page and the view its forms post to."""

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["css/admin-review.css"]}, js=["js/admin-review.js"]
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/comments/",
                self.admin_site.admin_view(self.comments_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_comments",
            ),
            *super().get_urls(),
        ]

    def comment_field_choices(self):
        return [
            (name, self.opts.get_field(name).verbose_name.capitalize())
            for name in commentable_fields(self.model)
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            threads = comment_threads(obj)
            labels = dict(self.comment_field_choices())
            numbers = revision_numbers(obj)
            for thread in threads:
                thread.field_label = labels.get(thread.field, "")
                thread.version_label = version_label(thread, numbers)
            extra_context = {
                **(extra_context or {}),
                "review_panel": {
                    "threads": threads,
                    "open_count": sum(thread.is_open for thread in threads),
                    "action": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_comments",
                        args=[obj.pk],
                    ),
                    "fields": self.comment_field_choices(),
                    "may_start": can_comment(request.user, obj),
                    "may_answer": can_comment(request.user, obj, answer=True),
                },
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def comments_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        target = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        thread = None
        if request.POST.get("comment"):
            thread = ReviewComment.objects.on(obj).filter(pk=_int(request.POST["comment"])).first()
            if thread is None:
                messages.error(request, _gettext("That comment is not on this item."))
                return redirect(f"{target}#review-comments")
        what = request.POST.get("do", "")
        try:
            if what == "add":
                comment_add(
                    item=obj,
                    body=request.POST.get("body", "")[:4000],
                    field=request.POST.get("field", ""),
                    reply_to=thread,
                    by=request.user,
                )
                messages.success(request, _gettext("Your comment is saved."))
            elif what in {"resolve", "reopen"} and thread is not None:
                comment_resolve(comment=thread, by=request.user, reopen=what == "reopen")
                messages.success(
                    request,
                    _gettext("The comment is resolved.")
                    if what == "resolve"
                    else _gettext("The comment is open again."),
                )
            else:
                messages.error(request, _gettext("Nothing was done: unknown request."))
        except PermissionDenied as refused:
            raise PermissionDenied(str(refused)) from refused
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
        return redirect(f"{target}#review-comments")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
