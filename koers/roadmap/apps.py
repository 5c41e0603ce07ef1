from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "koers.roadmap"
    label = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self) -> None:
        # Here, not at the top: models can be imported only once the app registry is ready.
        from koers.core import derived

        from .models import Adoption, Ambition, AmbitionChange, PlanItem, ReferenceItem

        # The national table, the multi-year plan and the reference list are kept in the shared cache until one of
        # these changes (the plan's reordering, an update without signals, says so itself: services.plan_item_move).
        derived.follow(
            "roadmap", Ambition, AmbitionChange, PlanItem, ReferenceItem, Adoption, m2m=[ReferenceItem.themes.through]
        )
