from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.admin import GuardedModelAdminMixin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from . import services
from .models import Membership, Unit, User


class MembershipInline(admin.TabularInline):
    """Shown only: roles are given through MembershipAdmin or the unit's members page, both of which
    go through org.services (the rule of grants, the log, the administrators' e-mail)."""

    model = Membership
    extra = 0
    fields = readonly_fields = ["unit", "role", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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

    # Every grant and removal goes through the services: the rule of who may give which role, the
    # portal's log and, for pengesah, the administrators' e-mail (Django's own log records it too).
    def save_model(self, request, obj, form, change):
        ip = request.META.get("REMOTE_ADDR")
        if change:
            services.membership_revoke(membership=Membership.objects.get(pk=obj.pk), actor=request.user, ip=ip)
        granted = services.membership_grant(user=obj.user, unit=obj.unit, role=obj.role, actor=request.user, ip=ip)
        obj.pk, obj.created_at = granted.pk, granted.created_at

    def delete_model(self, request, obj):
        services.membership_revoke(membership=obj, actor=request.user, ip=request.META.get("REMOTE_ADDR"))

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "unit"):
            self.delete_model(request, membership)


# The authenticator apps' secrets and the recovery codes are nobody's to read, the administrator's
# neither: a lost device is reset from the user's page (org.second_factor, logged and e-mailed).
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
