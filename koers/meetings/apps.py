from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "koers.meetings"
    label = "meetings"
    verbose_name = _("Bijeenkomsten")

    def ready(self) -> None:
        # Here, not at the top: the models can be imported only once the app registry is ready.
        from koers.comments.registry import register_commentable

        from .models import Meeting
        from .selectors import report_visible

        # A meeting's comments are under its published report, for whoever may read that report (everyone when
        # it is public).
        register_commentable(
            Meeting,
            visible=lambda meeting, user: meeting.report_is_published and report_visible(meeting=meeting, user=user),
        )
