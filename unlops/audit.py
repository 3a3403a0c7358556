"""The audit trail: who published, unpublished, deleted, restored or changed rights, when, from
which address, on what. ``record`` is the one way an ``AuditEvent`` is written.

Callers pass the request where they have it; otherwise the request being answered is read from a
context variable that ``AuditRequestMiddleware`` sets, so a service called from a view needs no
request argument. Outside a request (commands, the demo loader) the actor is who the caller
names, or the system. Changes to staff accounts and groups are recorded by signals (``connect``),
since they come from Django's own admin, forms and shell alike.
"""

import contextvars
from contextlib import contextmanager

from axes.helpers import get_client_ip_address
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent

Action = AuditEvent.Action
_request = contextvars.ContextVar("unlops_audit_request", default=None)
_suppressed = contextvars.ContextVar("unlops_audit_suppressed", default=False)
_FROM_REQUEST = object()


class AuditRequestMiddleware:
    """Keeps the request being answered where ``record`` finds it. After authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


@contextmanager
def suppressed():
    """Record nothing inside the block: a restore loads rows and links that were recorded
    already when they were first made."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def current_request():
    return _request.get()


def _user_of(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _name(user):
    return user.get_username() if user is not None else ""


def record(action, obj=None, *, request=None, actor=_FROM_REQUEST, detail=None, model=None):
    """Write one audit event for ``action`` on ``obj`` (a model instance, or None).

    ``actor`` is the user who acted (None: the system); by default the request's user.
    ``model`` names the type when ``obj`` is gone or not at hand (then ``obj`` may be a
    ``(pk, repr)`` pair). Inside the caller's transaction: an undone change leaves no event.
    """
    if _suppressed.get():
        return None
    request = request or current_request()
    if actor is _FROM_REQUEST:
        actor = _user_of(request)
    if isinstance(obj, models.Model):
        model, object_id, object_repr = type(obj), obj.pk, str(obj)
    elif obj is not None:
        object_id, object_repr = obj
    else:
        object_id, object_repr = "", ""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=_name(actor),
        ip=get_client_ip_address(request) if request is not None else None,
        content_type=ContentType.objects.get_for_model(model) if model is not None else None,
        object_id="" if object_id is None else str(object_id),
        object_repr=object_repr[:300],
        detail=detail or {},
    )


def connect():
    """Record changes to staff accounts and groups, whichever path makes them."""
    from . import audit_rights

    audit_rights.connect()
