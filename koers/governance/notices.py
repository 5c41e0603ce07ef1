"""The notifications this app sends (see koers.notifications.registry); the keys are stored, so they never change."""

from django.utils.translation import gettext_lazy as _

from koers.notifications.models import Kind
from koers.notifications.registry import notice

VACANCY_OPENED = notice(
    key="governance.vacancy_opened",
    kind=Kind.MEMBERSHIP,
    subject=_("Vacature: %(title)s"),
    body=_("Stel je kandidaat of draag iemand voor, tot en met %(date)s."),
)
VACANCY_CANCELLED = notice(
    key="governance.vacancy_cancelled",
    kind=Kind.MEMBERSHIP,
    subject=_("Vacature ingetrokken: %(title)s"),
    body="%(reason)s",
)
NOMINATED = notice(
    key="governance.nominated",
    kind=Kind.MEMBERSHIP,
    subject=_("Je bent voorgedragen: %(title)s"),
    body=_("%(name)s draagt je voor. Aanvaard of wijs de voordracht af op de pagina van de vacature."),
)
ELECTION_OPENED = notice(
    key="governance.election_opened",
    kind=Kind.POLLS,
    subject=_("Verkiezing: %(title)s"),
    body=_("Stemmen kan tot %(date)s. De stemming is geheim."),
)
ELECTED = notice(
    key="governance.elected",
    kind=Kind.MEMBERSHIP,
    subject=_("Gekozen: %(title)s"),
    body=_("Gefeliciteerd! Je termijn begint op %(date)s."),
)
NOT_ELECTED = notice(
    key="governance.not_elected",
    kind=Kind.MEMBERSHIP,
    subject=_("Uitslag van de verkiezing: %(title)s"),
    body=_("De regiegroep heeft de uitslag bevestigd. Dank je wel voor je kandidatuur."),
)
