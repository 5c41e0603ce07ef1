from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "koers.activity"
    label = "activity"
    verbose_name = _("Wat is er nieuw")

    def ready(self) -> None:
        # Each app that records activities declares its backfill in its own ``activity`` module (see .registry).
        autodiscover_modules("activity")
