from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "koers.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        # Here, not at the top: the module imports the models, which can be imported only once the app registry is
        # ready.
        from . import derived

        derived.connect()
