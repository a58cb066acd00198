from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SOP, Actor, LegalBasis, ListItem, RelatedSOP, SOPVersion, Step


class VersionInline(admin.TabularInline):
    model = SOPVersion
    fields = ["revision", "status", "date_effective", "signer_name"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(SOP)
class SOPAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "unit", "is_public_service", "review_period_months"]
    list_filter = ["is_public_service", "unit"]
    search_fields = ["number", "title"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [VersionInline]


class FrozenAwareInline:
    """Inlines of an established version are shown, never edited."""

    def has_add_permission(self, request, obj=None):
        return not (obj and obj.is_frozen) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_frozen) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_frozen) and super().has_delete_permission(request, obj)


class ActorInline(FrozenAwareInline, admin.TabularInline):
    model = Actor
    extra = 0


class StepInline(FrozenAwareInline, admin.StackedInline):
    model = Step
    extra = 0
    fk_name = "version"
    raw_id_fields = ["next_step", "yes_step", "no_step"]


class LegalBasisInline(FrozenAwareInline, admin.TabularInline):
    model = LegalBasis
    extra = 0


class ListItemInline(FrozenAwareInline, admin.TabularInline):
    model = ListItem
    extra = 0


class RelatedSOPInline(FrozenAwareInline, admin.TabularInline):
    model = RelatedSOP
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(SOPVersion)
class SOPVersionAdmin(SimpleHistoryAdmin):
    list_display = ["sop", "revision", "status", "date_effective", "signer_name", "updated_at"]
    list_filter = ["status", "sop__unit"]
    search_fields = ["sop__number", "sop__title"]
    list_select_related = ["sop"]
    raw_id_fields = ["sop", "created_by", "updated_by"]
    inlines = [LegalBasisInline, ListItemInline, RelatedSOPInline, ActorInline, StepInline]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.is_frozen:  # the signed record: everything is shown, nothing is editable
            return [f.name for f in self.model._meta.fields]
        # Status moves only through the workflow; the signature and hash are written at penetapan.
        return ["status", "content_hash", "established_at", "lock_version"]

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_frozen) and super().has_delete_permission(request, obj)


@admin.register(Step)
class StepAdmin(SimpleHistoryAdmin):
    list_display = ["version", "number", "kind", "text", "actor"]
    list_filter = ["kind"]
    search_fields = ["text", "version__sop__number"]
    list_select_related = ["version__sop", "actor"]
    raw_id_fields = ["version", "actor", "next_step", "yes_step", "no_step"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["version", "position", "name"]
    search_fields = ["name", "version__sop__number"]
    list_select_related = ["version__sop"]
    raw_id_fields = ["version"]
