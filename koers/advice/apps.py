from itertools import chain

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from koers.roadmap.milestones import register_milestones


class AdviceConfig(AppConfig):
    name = "koers.advice"
    label = "advice"
    verbose_name = _("Adviezen")

    def ready(self) -> None:
        # Here, not at the top: the models (and the selectors that read them) can be imported only once the app
        # registry is ready.
        from koers.activity.registry import register_followed
        from koers.comments.registry import register_commentable
        from koers.core import derived
        from koers.documents.registry import register_document_owner

        from .models import Advice, Follow, FollowUp, WorkingGroupMember
        from .selectors import milestones, text_readable_by

        # Advice with a time ambition is shown on the roadmap's national table and multi-year plan.
        register_milestones(lambda years: chain.from_iterable(milestones(years=years).values()), topic="advice")
        # Values kept in the shared cache that show advice (the roadmap's milestones, the API's list) are worked out
        # again after a change of an advice, its themes, its follow-up or its working group (the lead).
        derived.follow("advice", Advice, FollowUp, WorkingGroupMember, m2m=[Advice.themes.through])
        # What a member follows: their advice's news belongs to her personal feed.
        register_followed(
            "advice.advice",
            lambda user: set(Follow.objects.filter(user=user, following=True).values_list("advice_id", flat=True)),
        )
        # An advice's comments are written in the network's consultation: members who may read its text see
        # them, guests never, also once the text is public.
        register_commentable(
            Advice, visible=lambda advice, user: user.is_authenticated and user.has_perm("advice.read_text", advice)
        )
        # An advice's documents go to whoever may read its text.
        register_document_owner(
            Advice, kind="advies", name=_("Advies"), visible_objects=lambda user: text_readable_by(user=user)
        )
