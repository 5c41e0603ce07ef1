from django.contrib import admin

from .models import Nomination, Vacancy

NOMINATION_FIELDS = ("nominee", "nominated_by", "status", "elected", "position", "created_at", "decided_at")


class NominationInline(admin.TabularInline):
    model = Nomination
    fk_name = "vacancy"
    fields = NOMINATION_FIELDS
    readonly_fields = NOMINATION_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    """Read-only here: vacancies, nominations and results change through their pages, so every change is audited."""

    list_display = ["title", "kind", "seats", "ranked", "status", "nominations_open_until", "term_start"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    inlines = [NominationInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
