from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .database import configure_connection


class CoreConfig(AppConfig):
    name = "koers.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        # Each app declares its audit actions in its own ``audit`` module (see koers.core.audit).
        autodiscover_modules("audit")
        connection_created.connect(configure_connection, dispatch_uid="koers-configure-connection")
