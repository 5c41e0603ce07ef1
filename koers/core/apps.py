from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "koers.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        # Each app declares its audit actions in its own ``audit`` module (see koers.core.audit).
        autodiscover_modules("audit")
