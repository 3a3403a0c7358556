"""Each staff member's notification preference: their own page in the admin (made on their first
visit); superusers see, add and change anyone's."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import NotificationPreference


def _own_or_superuser(request, obj):
    return request.user.is_superuser or obj is None or obj.user_id == request.user.pk


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Anyone signed in to the admin keeps their own; superusers anyone's."""

    list_display = ["user", "email"]
    list_filter = ["email"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "email"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and _own_or_superuser(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser  # Others' is made on their first visit.

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # Back to the default: e-mails on.

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user=request.user)

    def changelist_view(self, request, extra_context=None):
        if request.user.is_superuser:
            return super().changelist_view(request, extra_context)
        own, _created = NotificationPreference.objects.get_or_create(user=request.user)
        return redirect(reverse("admin:unlops_notificationpreference_change", args=[own.pk]))
