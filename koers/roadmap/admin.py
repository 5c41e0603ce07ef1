from django.contrib import admin

from .models import Adoption, Ambition, AmbitionChange, PlanItem, ReferenceItem

admin.site.register(Ambition, list_display=["institution", "theme", "start_year", "start_half", "level", "readiness"])
admin.site.register(AmbitionChange, list_display=["institution", "theme", "start_year", "start_half", "changed_at"])
admin.site.register(PlanItem, list_display=["rank", "title", "theme", "year", "status", "owner"])
admin.site.register(ReferenceItem, list_display=["name", "kind", "recommendation", "recommendation_since"])
admin.site.register(Adoption, list_display=["institution", "item", "state", "updated_at"])
