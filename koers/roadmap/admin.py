from django.contrib import admin

from .models import Ambition, AmbitionChange

admin.site.register(Ambition, list_display=["institution", "theme", "start_year", "start_half", "level", "readiness"])
admin.site.register(AmbitionChange, list_display=["institution", "theme", "start_year", "start_half", "changed_at"])
