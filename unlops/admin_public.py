"""The publicity rule in the admin: what released work shows is read-only without the publish
right, with a note saying why, and can be deleted only with it (the delete page and the bulk
delete action both ask ``has_delete_permission`` for each row)."""

from django.contrib import messages
from django.utils.translation import gettext as _

from . import publicity
from .admin_audit import AuditedDeleteMixin


def read_only_note(obj):
    return _(
        "“%(obj)s” is shown by published work, so readers see any change at once. Only a "
        "publisher may change or delete it: ask one, or add what is new as a separate entry."
    ) % {"obj": obj}


class PublicRowAdminMixin(AuditedDeleteMixin):
    """For a model admin whose rows published work shows (people, photos, events…); its deletes
    reach the audit trail."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and publicity.may_change(
            request.user, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and publicity.may_change(
            request.user, obj
        )

    def get_import_resource_kwargs(self, request, **kwargs):
        # Imports check every row against the same rule, on behalf of this user.
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user

        class OwnerCheckedForm(form):
            """A child row may not be put under (or added to) an owner the user may not change."""

            def _post_clean(self):
                super()._post_clean()
                owner = publicity.owner_of(self.instance)
                if owner is not self.instance and not publicity.may_change(user, owner):
                    self.add_error(None, read_only_note(owner))

        return OwnerCheckedForm

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None and not publicity.may_change(request.user, obj):
                messages.info(request, read_only_note(publicity.owner_of(obj)))
        return super().change_view(request, object_id, form_url, extra_context)


class PublicRowInlineMixin:
    """For an inline of such an admin: its rows follow the parent (``obj`` is the parent)."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and publicity.may_change(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and publicity.may_change(
            request.user, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and publicity.may_change(
            request.user, obj
        )
