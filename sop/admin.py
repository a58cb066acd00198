from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FROZEN_STATUSES, SOP, Actor, LegalBasis, ListItem, RelatedSOP, SOPTemplate, SOPVersion, Step


class ReadOnlyWhenFrozen:
    """An established version, its parts, or an SOP that has one, is shown and never changed or
    deleted here (a change is a new revision): no change or delete permission on it, and no bulk
    delete that could reach one (the model would refuse it, and the admin would answer 500)."""

    def frozen(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and self.frozen(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and self.frozen(obj)) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class VersionInline(admin.TabularInline):
    model = SOPVersion
    fields = ["revision", "status", "date_effective", "signer_name"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(SOP)
class SOPAdmin(ReadOnlyWhenFrozen, admin.ModelAdmin):
    list_display = ["number", "title", "unit", "is_public_service", "review_period_months"]
    list_filter = ["is_public_service", "unit"]
    search_fields = ["number", "title"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [VersionInline]

    def frozen(self, obj) -> bool:
        return obj.versions.filter(status__in=FROZEN_STATUSES).exists()


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
class SOPVersionAdmin(ReadOnlyWhenFrozen, SimpleHistoryAdmin):
    list_display = ["sop", "revision", "status", "date_effective", "signer_name", "updated_at"]
    list_filter = ["status", "sop__unit"]
    search_fields = ["sop__number", "sop__title"]
    list_select_related = ["sop"]
    raw_id_fields = ["sop", "created_by", "updated_by"]
    inlines = [LegalBasisInline, ListItemInline, RelatedSOPInline, ActorInline, StepInline]

    def frozen(self, obj) -> bool:
        return obj.is_frozen

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.is_frozen:  # the signed record: everything is shown, nothing is editable
            return [f.name for f in self.model._meta.fields]
        # Status moves only through the workflow; the signature and hash are written at penetapan.
        return ["status", "content_hash", "established_at", "lock_version"]


@admin.register(Step)
class StepAdmin(ReadOnlyWhenFrozen, SimpleHistoryAdmin):
    list_display = ["version", "number", "kind", "text", "actor"]
    list_filter = ["kind"]
    search_fields = ["text", "version__sop__number"]
    list_select_related = ["version__sop", "actor"]
    raw_id_fields = ["version", "actor", "next_step", "yes_step", "no_step"]

    def frozen(self, obj) -> bool:
        return obj.version.is_frozen


@admin.register(Actor)
class ActorAdmin(ReadOnlyWhenFrozen, SimpleHistoryAdmin):
    list_display = ["version", "position", "name"]
    search_fields = ["name", "version__sop__number"]
    list_select_related = ["version__sop"]
    raw_id_fields = ["version"]

    def frozen(self, obj) -> bool:
        return obj.version.is_frozen


@admin.register(SOPTemplate)
class SOPTemplateAdmin(admin.ModelAdmin):
    """The agency's library of templates, kept by the portal's administrators."""

    list_display = ["name", "version", "created_at"]
    search_fields = ["name", "version__sop__title"]
    autocomplete_fields = ["version"]
