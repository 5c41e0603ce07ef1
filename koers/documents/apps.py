from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "koers.documents"
    label = "documents"
    verbose_name = _("Documenten")

    def ready(self) -> None:
        # Imported here: the registry and the selectors need the app registry, which is ready only now.
        from koers.activity.registry import register_visibility

        from .selectors import documents_visible_to

        register_visibility(
            "documents.document",
            lambda user, ids: set(documents_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)),
        )
