from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "koers.themes"
    label = "themes"
    verbose_name = _("Thema's")

    def ready(self) -> None:
        # Here, not at the top: models can be imported only once the app registry is ready.
        from koers.core import derived

        from .models import Agenda, Theme

        # Values kept in the shared cache that show themes (names, order, agendas) are worked out again after a change.
        derived.follow("themes", Theme, Agenda, m2m=[Theme.related.through])
