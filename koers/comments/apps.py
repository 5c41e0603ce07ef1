from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "koers.comments"
    label = "comments"
    verbose_name = _("Reacties")

    def ready(self) -> None:
        # Here, not at the top: the models can be imported only once the app registry is ready.
        from koers.core import derived

        from .models import Comment

        # A page of a thread is kept (comments/thread.html) until a comment is written, edited, hidden or deleted.
        derived.follow("comments", Comment)
