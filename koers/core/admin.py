from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .audit import action_choices, action_label
from .models import AuditEvent


class ActionFilter(admin.SimpleListFilter):
    """The declared actions with their labels (the field itself has no choices, see koers.core.audit)."""

    title = _("gebeurtenis")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return list(action_choices())

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_display", "target_repr"]
    list_filter = [ActionFilter]
    search_fields = ["target_repr"]
    exclude = ["action"]
    readonly_fields = ["action_display"]

    @admin.display(description=_("gebeurtenis"), ordering="action")
    def action_display(self, obj: AuditEvent) -> str:
        return action_label(obj.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
