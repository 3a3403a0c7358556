"""What the public may see, and who may change it: one rule for every model that reaches the public.

A row is public when published work shows it: a published article mentions a person, a published
photo pictures them, a public event lists them as a participant. A lower app cannot know what the
higher apps show of its rows, so each app registers the ways its published work uses other models'
rows (``register_use``), and every ``published()`` QuerySet asks here. Views, feeds, sitemaps,
search, exports, the media view and the admin's permission checks all read the same answer.

Once a publisher has released work (published it, or set it to go public at a time), changing or
deleting what it shows changes what readers see, or will see, so it needs the publish right. Rows
no released work shows yet (a person added for a draft) are anyone's with the model permission.
Child rows (a person's appointments, an event's participants) follow their owner.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

PUBLISH_RIGHT = "unlops.change_public"

_uses = {}
_owners = {}
_rules = {}


def _label(model):
    return model if isinstance(model, str) else model._meta.label_lower


def register_use(model, condition):
    """Rows of ``model`` are public where ``condition(released)`` (a Q) holds.

    With ``released=False`` the condition is about work public now; with ``released=True``, about
    work published now or scheduled to be. It is called for every query, so time-dependent rules
    stay right with no job to run.
    """
    conditions = _uses.setdefault(_label(model), [])
    if condition not in conditions:
        conditions.append(condition)


def register_owner(model, owner):
    """Rows of ``model`` are shown, and guarded, with the row ``owner(row)`` returns."""
    _owners[_label(model)] = owner


def register_rule(model, rule):
    """``rule(user, obj)`` decides who may change rows of ``model``: workflow models have theirs."""
    _rules[_label(model)] = rule


def public_q(model, *, released=False):
    """The filter for rows of ``model`` that published (or released) work shows."""
    conditions = _uses.get(_label(model), [])
    if not conditions:
        return Q(pk__in=[])
    return reduce(or_, (condition(released) for condition in conditions))


class PublicQuerySet(models.QuerySet):
    """Rows that are public because published work shows them."""

    def published(self):
        """Shown by work the public can read now."""
        return self.filter(public_q(self.model))

    def released(self):
        """Shown by work published now or scheduled to go public: what needs the publish right."""
        return self.filter(public_q(self.model, released=True))


def owner_of(obj):
    """The row whose publicity decides ``obj``'s: its owner for a child row, else itself."""
    owner = _owners.get(_label(type(obj)))
    return owner(obj) if owner else obj


def is_public(obj, *, released=False):
    """Does published work show ``obj`` (a child row: its owner) now, or once released?"""
    target = owner_of(obj)
    if target is None or target.pk is None:
        return False
    queryset = type(target)._default_manager.all()
    method = "released" if released else "published"
    if not hasattr(queryset, method):
        return False
    return getattr(queryset, method)().filter(pk=target.pk).exists()


def has_publish_right(user):
    return bool(user is not None and user.has_perm(PUBLISH_RIGHT))


def may_change(user, obj):
    """May ``user`` change or delete ``obj`` as it is stored now? New rows are anyone's."""
    if obj is None or obj.pk is None:
        return True
    target = owner_of(obj)
    if target is None or target.pk is None:
        return True
    rule = _rules.get(_label(type(target)))
    if rule is not None:
        return rule(user, target)
    return has_publish_right(user) or not is_public(target, released=True)


def refusal_message(obj):
    return _(
        "“%(obj)s” is shown by published work, so readers would see the change at once: only "
        "a publisher may change or delete it, or what it shows. Nothing was changed."
    ) % {"obj": obj}
