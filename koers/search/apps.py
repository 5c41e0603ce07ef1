from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "koers.search"
    label = "search"
    verbose_name = _("Zoeken")

    def ready(self) -> None:
        # The domain apps do not know about search: the index listens to their models' saves and deletes.
        from . import indexing

        indexing.connect_signals()
