from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from . import permissions
from .models import Membership, Unit, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "nip", "position_title", "email", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    search_fields = ["username", "full_name", "nip", "email"]
    ordering = ["full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data pegawai"), {"fields": ("full_name", "nip", "position_title", "email")}),
        (_("Hak akses"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Waktu penting"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "nip", "position_title", "email", "password1", "password2"),
            },
        ),
    )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Memberships edited inline must reach the guardian permissions they stand for.
        permissions.sync_unit_permissions(user=form.instance)


@admin.register(Unit)
class UnitAdmin(GuardedModelAdminMixin, TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ["name", "code", "kind", "planned_sop_count", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def changelist_view(self, request, extra_context=None):
        # Treebeard sets the level to list on GET only; a POST (an action sent without choosing
        # any unit) would otherwise fail on the missing attribute instead of saying so.
        if not hasattr(request, "_treebeard_parent_id"):
            request._treebeard_parent_id = None
        return super().changelist_view(request, extra_context)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__full_name", "user__username", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        permissions.sync_unit_permissions(user=obj.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        permissions.sync_unit_permissions(user=obj.user)

    def delete_queryset(self, request, queryset):
        users = {m.user for m in queryset.select_related("user")}
        super().delete_queryset(request, queryset)
        for user in users:
            permissions.sync_unit_permissions(user=user)
