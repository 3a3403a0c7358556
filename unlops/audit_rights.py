"""Changes of rights, recorded in the audit trail: accounts added and deleted, their active,
staff and superuser flags, their groups and own permissions, and what a group may do.

Signals, because accounts change through Django's own admin and forms, commands and the shell,
and the trail must see every path. Only the user and group side of the links is recorded: a
change made from the other side (``group.user_set.add(user)``) is recorded once per user.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .audit import Action, record

FLAGS = ("is_active", "is_staff", "is_superuser")


def _flags_before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_flags = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return  # A sign-in saving last_login, say.
    stored = sender._default_manager.filter(pk=instance.pk).values(*FLAGS).first()
    instance._audit_flags = stored


def _user_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        flags = {flag: getattr(instance, flag) for flag in FLAGS}
        record(Action.USER_ADD, instance, detail=flags)
        return
    before = getattr(instance, "_audit_flags", None)
    if not before:
        return
    changed = {
        flag: [before[flag], getattr(instance, flag)]
        for flag in FLAGS
        if before[flag] != getattr(instance, flag)
    }
    if changed:
        record(Action.USER_FLAGS, instance, detail=changed)


def _user_deleted(sender, instance, **kwargs):
    record(Action.USER_DELETE, (instance.pk, str(instance)), model=sender)


def _names(model, pks):
    if model is Group:
        return sorted(model.objects.filter(pk__in=pks).values_list("name", flat=True))
    rows = model.objects.filter(pk__in=pks).values_list("content_type__app_label", "codename")
    return sorted(f"{app_label}.{codename}" for app_label, codename in rows)


def _links_receiver(owner_model, field, other_model, action_name):
    """A receiver for one many-to-many relation, recording one event per owner changed."""

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action == "pre_clear":
            # Cleared links are gone by post_clear: remember what they were.
            if reverse:
                owners = owner_model._default_manager.filter(**{field: instance})
                instance._audit_cleared = [(owner, [instance.pk]) for owner in owners]
            else:
                pks = getattr(instance, field).values_list("pk", flat=True)
                instance._audit_cleared = [(instance, list(pks))]
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if action == "post_clear":
            pairs = getattr(instance, "_audit_cleared", [])
        elif reverse:
            owners = owner_model._default_manager.filter(pk__in=pk_set or ())
            pairs = [(owner, [instance.pk]) for owner in owners]
        else:
            pairs = [(instance, list(pk_set or ()))]
        key = "added" if action == "post_add" else "removed"
        for owner, pks in pairs:
            if pks:
                record(action_name, owner, detail={key: _names(other_model, pks)})

    return receiver


def _group_deleted(sender, instance, **kwargs):
    record(Action.GROUP_DELETE, (instance.pk, instance.name), model=Group)


def connect():
    from django.contrib.auth.models import Permission

    User = get_user_model()
    uid = "unlops-audit"
    pre_save.connect(_flags_before, sender=User, dispatch_uid=f"{uid}-user-pre")
    post_save.connect(_user_saved, sender=User, dispatch_uid=f"{uid}-user-save")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid=f"{uid}-user-delete")
    post_delete.connect(_group_deleted, sender=Group, dispatch_uid=f"{uid}-group-delete")
    relations = [
        (User, "groups", Group, Action.USER_GROUPS),
        (User, "user_permissions", Permission, Action.USER_PERMISSIONS),
        (Group, "permissions", Permission, Action.GROUP_PERMISSIONS),
    ]
    for owner, field, other, action in relations:
        through = getattr(owner, field).through
        m2m_changed.connect(
            _links_receiver(owner, field, other, action),
            sender=through,
            weak=False,
            dispatch_uid=f"{uid}-{through._meta.label_lower}",
        )
