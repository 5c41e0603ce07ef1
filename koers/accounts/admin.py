from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, MembershipRequest, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "institution", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "institution"]
    search_fields = ["full_name", "email"]
    autocomplete_fields = ["institution"]
    filter_horizontal = ["expertise", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profiel"),
            {"fields": ["full_name", "job_title", "phone", "institution", "expertise", "language", "new_until"]},
        ),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Data"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(MembershipRequest)
class MembershipRequestAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "institution", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["full_name", "email"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at"]
    readonly_fields = ["token_hash"]
