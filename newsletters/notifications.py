"""E-mail to the people a move of the workflow concerns, sent once the move is committed.

Work submitted for review goes to those who may review it (by their role or own permissions);
work sent back to draft, and work published, to its author: whoever created it and whoever last
submitted it for review. No one is told of their own move, nor anyone who turned e-mails off
(``unlops.NotificationPreference``). One message per person per move, however many items.

``notify`` does the sending and takes only plain values, so that it can run on a task queue;
``notify_on_commit`` is what the services call.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unlops.dates import format_datetime

from .models import Article, Issue, Status
from .workflow import REVIEW_PERMISSION, publish_permission

log = logging.getLogger(__name__)

SUBMITTED, RETURNED, PUBLISHED = "submitted", "returned", "published"
COMMENTED = "commented"  # A reviewer's comment: to the author, with its text as the reason.
MODELS = {"newsletters.issue": Issue, "newsletters.article": Article}


def event_for(old, new):
    """Which e-mail a move from ``old`` to ``new`` sends, or None."""
    if new == Status.PUBLISHED and old != Status.PUBLISHED:
        return PUBLISHED
    if old == Status.DRAFT and new == Status.REVIEW:
        return SUBMITTED
    if old == Status.REVIEW and new == Status.DRAFT:
        return RETURNED
    return None


def notify_on_commit(event, objects, *, by, reason=""):
    """Send ``event``'s e-mails about ``objects`` once the current transaction commits (never if
    it rolls back)."""
    items = [(obj._meta.label_lower, obj.pk) for obj in objects]
    if event is None or not items:
        return
    actor = by.pk if by is not None else None
    transaction.on_commit(lambda: notify(event, items, actor=actor, reason=reason))


def notify(event, items, *, actor=None, reason=""):
    """Send ``event``'s e-mails about ``items`` (``(model label, pk)`` pairs) as ``actor`` (a
    user's pk). Returns how many went out; a failure is logged, never raised: the move is done."""
    sent = 0
    try:
        messages = _messages(event, items, actor, reason)
        if not messages:
            return 0
        with get_connection() as connection:
            for message in messages:
                try:
                    connection.send_messages([message])
                    sent += 1
                except Exception:
                    log.exception("The %s e-mail to %s was not sent.", event, message.to)
    except Exception:
        log.exception("The %s e-mails about %s were not sent.", event, items)
    return sent


def _holders(*codes):
    """Active staff who hold any of ``codes``, through a group or their own permissions."""
    held = Q()
    for code in codes:
        app_label, codename = code.split(".")
        for via in ("user_permissions", "groups__permissions"):
            held |= Q(
                **{f"{via}__codename": codename, f"{via}__content_type__app_label": app_label}
            )
    return set(get_user_model().objects.filter(held).values_list("pk", flat=True))


def _authors(obj):
    """Who created ``obj`` and who last submitted it for review (by its history)."""
    history = obj.history.all()
    created = history.filter(history_type="+").order_by("history_date").first()
    submitted = history.filter(status=Status.REVIEW).order_by("-history_date").first()
    return {
        created.history_user_id if created else None,
        submitted.status_changed_by_id if submitted else None,
    } - {None}


def _recipients(event, objects, actor):
    """{user pk: [objects]} of who hears about what."""
    wanted = {}
    for obj in objects:
        if event == SUBMITTED:
            users = _holders(REVIEW_PERMISSION, publish_permission(type(obj)))
        else:
            users = _authors(obj)
        for pk in users - {actor}:
            wanted.setdefault(pk, []).append(obj)
    return wanted


def _subject(event, objects):
    first = " ".join(str(objects[0]).split())
    more = len(objects) - 1
    if event == SUBMITTED:
        text = _("For review: “%(item)s”") % {"item": first}
    elif event == RETURNED:
        text = _("Sent back to draft: “%(item)s”") % {"item": first}
    elif event == COMMENTED:
        text = _("Review comment on “%(item)s”") % {"item": first}
    else:
        text = _("Published: “%(item)s”") % {"item": first}
    if more:
        text += " " + _("and %(count)d more") % {"count": more}
    return text


INTRO = {
    SUBMITTED: gettext_noop("%(actor)s submitted this for review:"),
    RETURNED: gettext_noop("%(actor)s sent this back to draft:"),
    PUBLISHED: gettext_noop("%(actor)s published this:"),
    COMMENTED: gettext_noop("%(actor)s commented on this:"),
}


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else _("The system")


def _item(obj):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    goes_live = obj.published_at if obj.published_at and obj.published_at > timezone.now() else None
    return {
        "kind": obj._meta.verbose_name,
        "name": str(obj),
        "url": settings.SITE_URL + url,
        "goes_live": format_datetime(goes_live) if goes_live else "",
    }


def _messages(event, items, actor, reason):
    objects = []
    for label, pk in items:
        obj = MODELS[label]._default_manager.filter(pk=pk).first()
        if obj is not None:
            objects.append(obj)
    wanted = _recipients(event, objects, actor)
    User = get_user_model()
    acting = User.objects.filter(pk=actor).first() if actor else None
    users = (
        User.objects.filter(pk__in=wanted, is_active=True, is_staff=True)
        .exclude(email="")
        .exclude(notification_preference__email=False)
    )
    messages = []
    for user in users:
        context = {
            "user": user,
            "intro": _(INTRO[event]) % {"actor": _name(acting)},
            "items": [_item(obj) for obj in wanted[user.pk]],
            "reason": reason,
            "reason_label": _("Comment:") if event == COMMENTED else _("Why:"),
            "publisher": settings.PUBLISHER,
            "preferences_url": settings.SITE_URL
            + reverse("admin:unlops_notificationpreference_changelist"),
        }
        message = EmailMultiAlternatives(
            subject=_subject(event, wanted[user.pk]),
            body=render_to_string("newsletters/email/workflow.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("newsletters/email/workflow.html", context), "text/html"
        )
        messages.append(message)
    return messages
