from itertools import chain

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from koers.roadmap.milestones import register_milestones


class AdviceConfig(AppConfig):
    name = "koers.advice"
    label = "advice"
    verbose_name = _("Adviezen")

    def ready(self) -> None:
        # The selectors import the models, which exist only once the app registry is ready.
        from .selectors import milestones

        # Advice with a time ambition is shown on the roadmap's national table and multi-year plan.
        register_milestones(lambda years: chain.from_iterable(milestones(years=years).values()))
