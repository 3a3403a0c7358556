"""Who may edit and move content between draft, review and publication.

One place for the rules; the admin's forms, list actions, imports and services all ask here.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Issue, Status

REVIEW_PERMISSION = "newsletters.review_article"


def publish_permission(model):
    return "newsletters.publish_issue" if model is Issue else "newsletters.publish_article"


def can_publish(user, model):
    """``user`` None is the system (the demo loader, a command), which may do anything."""
    return user is None or user.has_perm(publish_permission(model))


def can_review(user):
    return user is None or user.has_perm(REVIEW_PERMISSION)


def can_edit(user, obj):
    """Drafts are anyone's with the change permission; work in review needs an editor and
    published work a publisher, since a change to it goes straight to the public."""
    if obj is None or obj.pk is None:
        return True
    if obj.status == Status.PUBLISHED:
        return can_publish(user, type(obj))
    if obj.status == Status.REVIEW:
        return can_review(user) or can_publish(user, type(obj))
    return True


def can_move(user, obj, new_status, *, old_status=None):
    """May ``user`` move ``obj`` from ``old_status`` (its status by default) to ``new_status``?"""
    if old_status is None:
        old_status = obj.status if obj.pk else Status.DRAFT
    if new_status == old_status:
        return True
    if Status.PUBLISHED in (old_status, new_status):
        return can_publish(user, type(obj))
    if old_status == Status.REVIEW and new_status == Status.DRAFT:
        return can_review(user) or can_publish(user, type(obj))
    return True  # Draft to review: anyone who may edit the draft may submit it.


def allowed_statuses(user, obj):
    return [status for status in Status.values if can_move(user, obj, status)]


def check_move(user, obj, new_status, *, old_status=None):
    if old_status is None:
        old_status = obj.status if obj.pk else Status.DRAFT
    if not can_move(user, obj, new_status, old_status=old_status):
        raise PermissionDenied(
            _("You may not move “%(obj)s” from %(old)s to %(new)s.")
            % {"obj": obj, "old": Status(old_status).label, "new": Status(new_status).label}
        )


def can_edit_drafts(user, model):
    """May ``user`` write drafts of ``model``, and so propose changes to its published work?"""
    meta = model._meta
    return user is None or user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def can_edit_revision(user, item, revision):
    """A revision of published ``item`` follows the rules of a draft in its state: open to anyone
    who may write drafts, to editors in review, to publishers once scheduled."""
    if not can_edit_drafts(user, type(item)):
        return False
    status = revision.status if revision is not None else Status.DRAFT
    if status == Status.PUBLISHED:
        return can_publish(user, type(item))
    if status == Status.REVIEW:
        return can_review(user) or can_publish(user, type(item))
    return True


# Review comments: reviewers (and publishers) start threads; whoever may edit the item (its
# author among them) answers and resolves them.
COMMENTABLE = {
    "article": ["title", "standfirst", "body", "section", "people", "organisations", "events"],
    "issue": ["title", "foreword", "cover_photo", "period_start"],
}


def commentable_fields(model):
    return COMMENTABLE["issue" if model is Issue else "article"]


def can_comment(user, item, *, answer=False):
    if user is None:
        return True
    if not user.is_active or not user.is_staff:
        return False
    model = type(item)
    if answer:
        may_change = user.has_perm(f"newsletters.change_{model._meta.model_name}")
        return may_change or can_review(user) or can_publish(user, model)
    return can_review(user) or can_publish(user, model)


def check_comment(user, item, *, answer=False):
    if not can_comment(user, item, answer=answer):
        raise PermissionDenied(
            _("You may not comment on “%(item)s”.") % {"item": item}
            if not answer
            else _("You may not answer or resolve comments on “%(item)s”.") % {"item": item}
        )
