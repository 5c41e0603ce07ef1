from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    """The pages where the network comes together: a theme's hub, an institution's hub and a member's profile.
    Above the domain apps, like the dashboard: each page composes the selectors of the apps it shows."""

    name = "koers.hubs"
    label = "hubs"
    verbose_name = _("Thema-, instellings- en profielpagina's")
