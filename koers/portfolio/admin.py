from django.contrib import admin

from .models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "status", "horizon", "domain", "last_reviewed"]
    list_filter = ["status", "horizon", "domain", "themes"]
    search_fields = ["title", "institution__name"]
    filter_horizontal = ["themes", "partners"]
    autocomplete_fields = ["institution", "contact"]
