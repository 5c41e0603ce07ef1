from django.contrib import admin

from .models import Consent, ConsentEvent, Institution, Position


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "size_band", "institution_code"]
    list_filter = ["kind", "size_band"]
    search_fields = ["name", "short_name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    """Read-only here: positions change through the steering-group pages so every change is audited."""

    list_display = ["user", "kind", "institution", "start_date", "end_date"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consent, ConsentEvent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "field", "text_version"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
