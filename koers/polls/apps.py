from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "koers.polls"
    label = "polls"
    verbose_name = _("Peilingen")

    def ready(self) -> None:
        # Here, not at the top: the selectors read the models, importable only once the app registry is ready.
        from koers.activity.registry import register_visibility
        from koers.core import derived

        from .models import Call, Participation, Poll, SignUp
        from .selectors import polls_visible_ids

        # The list of calls, the same for every member, is kept until a call or a sign-up changes.
        derived.follow("calls", Call, SignUp)
        # The polls page is kept until a poll changes ("polls") or someone votes ("ballots": the respondents).
        derived.follow("polls", Poll)
        derived.follow("ballots", Participation)

        # A poll's news in the feed goes to whom may open the poll (its audience, the organisers).
        register_visibility("polls.poll", polls_visible_ids)
