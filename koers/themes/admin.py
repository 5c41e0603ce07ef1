from django.contrib import admin

from .models import Agenda, Theme


@admin.register(Agenda)
class AgendaAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "agenda", "line"]
    list_filter = ["agenda"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["related"]
