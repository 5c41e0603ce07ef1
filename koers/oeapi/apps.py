from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OeapiConfig(AppConfig):
    name = "koers.oeapi"
    label = "oeapi"
    verbose_name = _("Open Education API")
