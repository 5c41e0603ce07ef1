from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "koers.meetings"
    label = "meetings"
    verbose_name = _("Bijeenkomsten")

    def ready(self) -> None:
        # Here, not at the top: the models can be imported only once the app registry is ready.
        from koers.comments.registry import register_commentable
        from koers.core import derived
        from koers.documents.registry import register_document_owner

        from .models import AgendaItem, Meeting, Registration
        from .selectors import items_with_visible_files, report_visible

        # The meetings page is kept until a meeting changes or someone signs up or cancels (the numbers).
        derived.follow("meetings", Meeting)
        derived.follow("registrations", Registration)
        # A meeting's comments are under its published report, for whoever may read that report (everyone when
        # it is public).
        register_commentable(
            Meeting,
            visible=lambda meeting, user: meeting.report_is_published and report_visible(meeting=meeting, user=user),
        )
        # An agenda item's documents (presentations) go to those who may see the meeting, and to everyone once
        # its report is public.
        register_document_owner(
            AgendaItem,
            kind="bijeenkomst",
            name=_("Bijeenkomst"),
            visible_objects=lambda user: items_with_visible_files(user=user),
        )
