from django.contrib import admin

from .models import Advice, FollowUp, StatusChange, WorkingGroupMember


class WorkingGroupInline(admin.TabularInline):
    model = WorkingGroupMember
    extra = 0
    raw_id_fields = ["user"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(Advice)
class AdviceAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "decision", "target_year", "target_quarter"]
    list_filter = ["status", "decision"]
    search_fields = ["title", "question"]
    inlines = [WorkingGroupInline, FollowUpInline]
    # The lifecycle goes through its service (checked, recorded, audited), never straight through the admin.
    readonly_fields = ["status", "status_changed_at", "decision", "decision_rationale", "decision_date", "version"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["advice", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]

    # The record of steps is history: it is read here, not changed.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
