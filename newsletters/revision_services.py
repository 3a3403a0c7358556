"""Draft revisions of published work: saved, reviewed, published (now or at a set time) or
discarded, never touching the live row until they go live. ``newsletters.revisions`` makes and
applies their snapshots; re-exported by ``newsletters.services``."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unlops import audit

from . import revisions
from .models import Article, Correction, ReviewComment, Revision, Status
from .notifications import PUBLISHED, notify_on_commit
from .services import IssueIncomplete, _forget_public_exports, record_terms
from .workflow import can_edit_revision, can_move, can_publish


class LiveChangedSince(Exception):
    """The live version was changed after the revision was made from it; ``changes`` says
    what (publishing would replace those changes)."""

    def __init__(self, changes):
        self.changes = changes
        super().__init__(
            _(
                "Someone changed the live version since this revision was made (%(what)s): "
                "publishing it would undo that. Look at the live version, then confirm."
            )
            % {"what": ", ".join(changes)}
        )


def _revision_refused(message):
    return PermissionDenied(message + " " + _("Nothing was changed."))


def open_revision(item, *, lock=False):
    """The revision of ``item`` not yet live nor discarded, or None."""
    revisions_of = Revision.objects.of(item).open()
    return (revisions_of.select_for_update() if lock else revisions_of).first()


@transaction.atomic
def revision_save(*, item, data, by):
    """Save ``data`` (a snapshot, or part of one) as the draft revision of published ``item``,
    made from the live version if no revision is open; the live row is not touched."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    revision = open_revision(item, lock=True)
    if not can_edit_revision(by, item, revision):
        raise _revision_refused(_("You may not change the revision of “%(obj)s”.") % {"obj": item})
    if revision is None:
        revision = Revision(
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            base_version=item.version,
            author=by,
            status=Status.DRAFT,
            status_changed_by=by,
        )
        base = revisions.snapshot(item)
        revision.base_snapshot = base
    else:
        base = revision.snapshot
    correction = data.get("correction_note")
    if correction is not None:
        revision.correction_note = correction.strip()
    revision.snapshot = revisions.merged(base, data)
    revision.save()
    return revision


@transaction.atomic
def revision_move(*, revision, to, by):
    """Submit a revision for review or send it back to draft (publishing: revision_publish)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    item = revision.item
    if to == Status.PUBLISHED or not revision.is_open:
        raise _revision_refused(_("That revision cannot move there."))
    if not can_edit_revision(by, item, revision) or not can_move(
        by, item, to, old_status=revision.status
    ):
        raise _revision_refused(_("You may not move this revision."))
    revision.status = to
    revision.status_changed_by = by
    revision.save()
    return revision


@transaction.atomic
def revision_publish(*, revision, by, at=None, over_live_changes=False, override_comments=""):
    """Publish a revision: now (``at`` None or past) it replaces the live version in this
    transaction; else it is scheduled and goes live at ``at`` with no job to run.

    Refused (LiveChangedSince) when the live version changed since the revision was made,
    unless the publisher confirms with ``over_live_changes``; open review comments on the
    revision block it (IssueIncomplete) unless ``override_comments`` gives a reason."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    item = type(revision.item).objects.select_for_update().get(pk=revision.object_id)
    if not can_publish(by, type(item)):
        raise _revision_refused(_("Only a publisher may publish a revision."))
    if not revision.is_open:
        raise _revision_refused(_("This revision is no longer open."))
    comments = ReviewComment.objects.open().filter(revision=revision)
    reason = override_comments.strip()
    if reason:
        comments.update(
            resolved_at=timezone.now(),
            resolved_by=by,
            resolution=(_("Published over it: %(reason)s") % {"reason": reason})[:300],
        )
    problems = revisions.problems(item, revision.snapshot)
    open_count = 0 if reason else comments.count()
    if open_count:
        problems.append(
            ngettext(
                "%(count)d review comment on the revision is still open.",
                "%(count)d review comments on the revision are still open.",
                open_count,
            )
            % {"count": open_count}
        )
    if problems:
        raise IssueIncomplete(problems)
    changes = revisions.live_changes(revision, item)
    if changes and not over_live_changes:
        raise LiveChangedSince(changes)
    now = timezone.now()
    revision.status = Status.PUBLISHED
    revision.status_changed_by = by
    revision.go_live_at = at if at is not None and at > now else now
    revision.save()
    cache.delete(revisions.NEXT_DUE_KEY)
    detail = {"revision": revision.pk, "goes_live": revision.go_live_at.isoformat()}
    if changes:
        detail["over_live_changes"] = changes
    if revision.go_live_at <= now:
        _go_live(revision, by=by)
        audit.record(audit.Action.PUBLISH, item, actor=by, detail=detail)
        notify_on_commit(PUBLISHED, [item], by=by)
    else:
        audit.record(audit.Action.SCHEDULE, item, actor=by, detail=detail)
    return revision


@transaction.atomic
def revision_discard(*, revision, by):
    """Drop an open revision (a scheduled one too): the live version stays as it is."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not can_publish(by, type(revision.item)):
        raise _revision_refused(_("Only a publisher may discard a revision."))
    if not revision.is_open:
        raise _revision_refused(_("This revision is no longer open."))
    revision.discarded_at = timezone.now()
    revision.status_changed_by = by
    revision.save()
    # Its comments stay with it, readable in the history; the open ones are closed, saying why.
    ReviewComment.objects.open().filter(revision=revision).update(
        resolved_at=revision.discarded_at,
        resolved_by=by,
        resolution=_("Closed: the revision it was made on was discarded."),
    )
    cache.delete(revisions.NEXT_DUE_KEY)
    return revision


def _go_live(revision, *, by):
    """Write the revision's snapshot to the live row: fields and relations at once, with its
    correction note, terms, and no public export left from the old text (the page cache follows
    the row's save)."""
    model = revision.content_type.model_class()
    item = model.objects.select_for_update().get(pk=revision.object_id)
    item._history_user = by
    revisions.apply(item, revision.snapshot)
    revision.applied_at = timezone.now()
    revision.save()
    record_terms(item)
    if revision.correction_note:
        Correction.objects.create(
            **{"article" if isinstance(item, Article) else "issue": item},
            note=revision.correction_note,
            published_at=revision.applied_at,
            revision=revision,
        )
    _forget_public_exports(item.issue if isinstance(item, Article) else item)
    return item
