from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, MembershipRequest, SurfconextIdentity, User


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


@admin.register(SurfconextIdentity)
class SurfconextIdentityAdmin(admin.ModelAdmin):
    """Deleting a link lets the member link another SURFconext account by e-mail address."""

    list_display = ["user", "issuer", "created_at", "last_used_at"]
    search_fields = ["user__full_name", "user__email"]
    readonly_fields = ["user", "issuer", "sub", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False  # links are made by signing in, never by hand
