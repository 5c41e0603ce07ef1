from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "koers.documents"
    label = "documents"
    verbose_name = _("Documenten")

    def ready(self) -> None:
        # Imported here: the registry and the selectors need the app registry, which is ready only now.
        from koers.activity.registry import register_visibility

        from .selectors import visible_ids

        register_visibility("documents.document", visible_ids)
