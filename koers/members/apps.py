from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "koers.members"
    label = "members"
    verbose_name = _("Leden en instellingen")

    def ready(self) -> None:
        # Here, not at the top: models can be imported only once the app registry is ready.
        from django.contrib.auth import get_user_model

        from koers.core import derived

        from .models import Consent, Institution, Position

        # Values kept in the shared cache that name institutions, or members (a name, a link to a profile, what they
        # chose to share, their expertise), are worked out again after a change; a sign-in alone changes none of it.
        derived.follow("institutions", Institution)
        user = get_user_model()
        derived.follow("members", user, Consent, m2m=[user.expertise.through], except_fields=frozenset({"last_login"}))
        # Who holds which position in the network (a profile, the steering group).
        derived.follow("positions", Position)
