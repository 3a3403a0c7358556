"""Staff accounts in the admin: Django's own pages for superusers, a narrower set for everyone else.

A non-superuser with rights over users (a publisher) manages only accounts that hold no permission
they lack, never a superuser's and never their own, and puts them only in the editorial role groups
(settings.ROLE_GROUPS) whose permissions they hold themselves. What a group may do is left to
superusers. All of it is decided on the server: fields that are not shown are not accepted either.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from . import (
    admin_audit,  # noqa: F401  (registers the audit trail's list)
    admin_notifications,  # noqa: F401  (each user's notification preference)
)


def permission_codes(permissions):
    """``app_label.codename`` of each permission in a queryset, as ``has_perm`` spells them."""
    pairs = permissions.values_list("content_type__app_label", "codename")
    return {f"{app_label}.{codename}" for app_label, codename in pairs}


def held_by(user):
    """What an account may do once active: an inactive account could be reactivated."""
    return permission_codes(Permission.objects.filter(Q(user=user) | Q(group__user=user)))


def assignable_roles(request):
    """The role groups the signed-in user may hand out: those that give nothing they lack."""
    held = request.user.get_all_permissions()
    roles = Group.objects.filter(name__in=settings.ROLE_GROUPS)
    return roles.filter(
        pk__in=[role.pk for role in roles if permission_codes(role.permissions.all()) <= held]
    )


class RoleListFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(name, name) for name in settings.ROLE_GROUPS]

    def queryset(self, request, queryset):
        if self.value() in settings.ROLE_GROUPS:
            return queryset.filter(groups__name=self.value())
        return queryset


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's UserAdmin for superusers; for anyone else, staff accounts within the roles."""

    role_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = (*DjangoUserAdmin.list_display, "roles")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser:
            # Django would redirect with a message; a 404 answers every view, the password and
            # history pages included, and says nothing about whether the account exists.
            raise Http404(_("No such account."))
        return obj

    def may_manage(self, request, obj):
        if obj is None or request.user.is_superuser:
            return True
        if obj.pk == request.user.pk or obj.is_superuser:
            # Their own account too: no one raises their own rights or resets their own password
            # without the old one (the admin's "Change password" page asks for it).
            return False
        return held_by(obj) <= request.user.get_all_permissions()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_manage(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.role_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return super().get_list_filter(request)
        return ("is_staff", "is_active", RoleListFilter)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = assignable_roles(request)
            kwargs["widget"] = forms.CheckboxSelectMultiple
            kwargs["help_text"] = _(
                "Contributors write drafts and upload photos; Editors edit everything and "
                "review; Publishers publish, and manage people and staff accounts."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        kept = []
        if change and "groups" in form.fields and not request.user.is_superuser:
            # Groups a superuser gave that the form does not offer stay as they are.
            kept = list(form.instance.groups.exclude(pk__in=form.fields["groups"].queryset))
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*kept)

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(
            group.name for group in obj.groups.all() if group.name in settings.ROLE_GROUPS
        )


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Only superusers create groups or change what they may do, whatever rights others hold."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
