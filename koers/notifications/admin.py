from django.contrib import admin

from .models import Notification, NotificationPreference

admin.site.register(Notification, list_display=["user", "kind", "subject", "created_at", "emailed_at"])
admin.site.register(NotificationPreference, list_display=["user", "kind", "frequency"])
