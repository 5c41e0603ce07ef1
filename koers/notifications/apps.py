from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "koers.notifications"
    label = "notifications"
    verbose_name = _("Meldingen")

    def ready(self) -> None:
        # Each app declares the messages it notifies with in its own ``notices`` module (see .registry).
        autodiscover_modules("notices")
