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


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["advice", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
