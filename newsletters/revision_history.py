"""What the history of published work keeps of its draft revisions: every revision, numbered in
the order they were made, with the review comments made on it, live, discarded or still open."""

from django.db.models import Prefetch

from . import revisions
from .models import ReviewComment, Revision


def revision_numbers(item):
    """{revision id: its number among ``item``'s revisions, 1 for the first} in one query."""
    pks = Revision.objects.of(item).order_by("created_at", "pk").values_list("pk", flat=True)
    return {pk: number for number, pk in enumerate(pks, start=1)}


def revisions_with_comments(item):
    """``item``'s revisions, newest first, each with ``number`` and its threads (answers
    prefetched): three queries however many there are."""
    answers = Prefetch(
        "answers", queryset=ReviewComment.objects.select_related("author").order_by("created_at")
    )
    threads = Prefetch(
        "comments",
        queryset=ReviewComment.objects.filter(parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(answers),
        to_attr="threads",
    )
    found = list(Revision.objects.of(item).select_related("author").prefetch_related(threads))
    for number, revision in enumerate(sorted(found, key=lambda r: (r.created_at, r.pk)), 1):
        revision.number = number
    return found


class RevisionHistoryAdminMixin:
    """The history page lists the item's revisions with their comments; comparing two history
    records shows their relations too."""

    object_history_template = "admin/newsletters/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            extra_context = {
                **(extra_context or {}),
                "past_revisions": revisions_with_comments(obj),
            }
        return super().history_view(request, object_id, extra_context)

    def history_relation_rows(self, left, right):
        rows = revisions.compare(
            revisions.snapshot_of_record(left), revisions.snapshot_of_record(right), self.model
        )
        shown = set(revisions.FIELDS[revisions.model_of(self.model)])
        return [
            {
                "label": row["label"],
                "left": row["old"],
                "right": row["new"],
                "changed": row["changed"],
            }
            for row in rows
            if row["name"] not in shown
        ]
