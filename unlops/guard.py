"""The last line of the publicity rule: every write that reaches the database is checked.

The admin shows released rows read-only to those who may not change them, and each path (forms,
actions, imports, restores) asks ``publicity.may_change`` itself so that people get a clear
message. This guard is there for the path that forgot: every save, delete and many-to-many change
of a protected model made while a request is being answered is checked against the same rule for
that request's user, and refused with PermissionDenied. It is the one job, besides cache
invalidation, that this project gives to signals, because only signals see every path.

Code run outside a request (migrations, the demo loader, commands, tests' set-up) acts as the
system and is not checked; ``acting_as`` lets such code act for a user.
"""

import contextvars
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed, pre_delete, pre_save

from . import publicity

_acting_user = contextvars.ContextVar("unlops_acting_user", default=None)
_write_rules = {}


def register_write_rule(model, rule):
    """``rule(user, stored, new)`` decides a save of ``model`` (a workflow row moving state)."""
    _write_rules[model._meta.label_lower] = rule


def acting_user():
    return _acting_user.get()


@contextmanager
def acting_as(user):
    """Check the writes made inside the block as made by ``user``."""
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


class ActingUserMiddleware:
    """Writes made while answering a request are made by its user. After authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)


def refusal(obj):
    return PermissionDenied(publicity.refusal_message(obj))


def _user_to_check():
    user = acting_user()
    if user is None or publicity.has_publish_right(user):
        return None  # The system, or someone who may change anything public.
    return user


def check_save(sender, instance, raw=False, **kwargs):
    user = _user_to_check()
    if user is None or raw:
        return
    stored = None
    if instance.pk is not None:
        stored = sender._default_manager.filter(pk=instance.pk).first()
    if stored is not None and not publicity.may_change(user, stored):
        raise refusal(stored)
    # The row as it is about to be: a workflow row moved to "published", a child row moved to
    # (or added to) an owner that is public.
    write_rule = _write_rules.get(sender._meta.label_lower)
    if write_rule is not None:
        if not write_rule(user, stored, instance):
            raise refusal(instance)
        return
    target = publicity.owner_of(instance)
    if target is not None and target is not instance and not publicity.may_change(user, target):
        raise refusal(target)


def check_delete(sender, instance, **kwargs):
    user = _user_to_check()
    if user is not None and not publicity.may_change(user, instance):
        raise refusal(instance)


def _m2m_checker(field):
    """A receiver for changes to ``field``'s links, checked on the side that declares it."""
    owner_model = field.model
    owner_column = field.m2m_field_name()
    other_column = field.m2m_reverse_field_name()

    def check_links(sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("pre_"):
            return
        user = _user_to_check()
        if user is None:
            return
        if not reverse:
            owners = [instance]
        else:
            links = sender._default_manager.filter(**{other_column: instance})
            if pk_set is not None:
                owner_ids = set(pk_set)
            else:
                owner_ids = set(links.values_list(f"{owner_column}_id", flat=True))
            owners = owner_model._default_manager.filter(pk__in=owner_ids)
        for owner in owners:
            if not publicity.may_change(user, owner):
                raise refusal(owner)

    return check_links


def protect(*models):
    """Check every save and delete of ``models`` against the publicity rule."""
    for model in models:
        uid = f"unlops-guard-{model._meta.label_lower}"
        pre_save.connect(check_save, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(check_delete, sender=model, dispatch_uid=f"{uid}-delete")


def protect_links(*descriptors):
    """Check changes to many-to-many links (``Article.people``) on the declaring model's side."""
    for descriptor in descriptors:
        field = descriptor.field
        through = field.remote_field.through
        m2m_changed.connect(
            _m2m_checker(field),
            sender=through,
            weak=False,
            dispatch_uid=f"unlops-guard-{through._meta.label_lower}",
        )
