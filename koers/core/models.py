from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """A security-relevant event: who did what to which object, and when."""

    class Action(models.TextChoices):
        MEMBERSHIP_REQUESTED = "membership.requested", _("Lidmaatschap aangevraagd")
        MEMBERSHIP_APPROVED = "membership.approved", _("Lidmaatschap goedgekeurd")
        MEMBERSHIP_REJECTED = "membership.rejected", _("Lidmaatschap afgewezen")
        INVITATION_SENT = "invitation.sent", _("Nieuwe uitnodiging verstuurd")
        INVITATION_ACCEPTED = "invitation.accepted", _("Uitnodiging geaccepteerd")
        INSTITUTION_MOVED = "member.institution_moved", _("Andere instelling gekozen")
        POSITION_STARTED = "position.started", _("Functie toegekend")
        POSITION_ENDED = "position.ended", _("Functie beëindigd")
        CONSENT_GRANTED = "consent.granted", _("Toestemming gegeven")
        CONSENT_WITHDRAWN = "consent.withdrawn", _("Toestemming ingetrokken")
        DATA_EXPORTED = "data.exported", _("Persoonsgegevens gedownload")
        ACCOUNT_DELETED = "account.deleted", _("Account verwijderd")
        PASSWORD_CHANGED = "password.changed", _("Wachtwoord gewijzigd")
        INSTITUTION_CHANGED = "institution.changed", _("Instelling gewijzigd")
        THEME_CHANGED = "theme.changed", _("Thema gewijzigd")
        PLAN_CHANGED = "plan.changed", _("Meerjarenplan gewijzigd")
        REFERENCE_CHANGED = "reference.changed", _("Referentielijst gewijzigd")
        ADVICE_CREATED = "advice.created", _("Advies aangemaakt")
        ADVICE_CHANGED = "advice.changed", _("Advies gewijzigd")
        ADVICE_TEXT_CHANGED = "advice.text_changed", _("Tekst van een advies gewijzigd")
        ADVICE_STATUS_CHANGED = "advice.status_changed", _("Status van een advies gewijzigd")
        WORKING_GROUP_CHANGED = "advice.working_group_changed", _("Werkgroep gewijzigd")
        FOLLOW_UP_ADDED = "advice.follow_up_added", _("Opvolging toegevoegd")
        ADVICE_ATTACHMENT_CHANGED = "advice.attachment_changed", _("Bijlage bij een advies gewijzigd")
        VACANCY_OPENED = "vacancy.opened", _("Vacature opengesteld")
        VACANCY_CHANGED = "vacancy.changed", _("Vacature gewijzigd")
        VACANCY_CANCELLED = "vacancy.cancelled", _("Vacature ingetrokken")
        NOMINATION_CREATED = "nomination.created", _("Kandidaat voorgedragen")
        NOMINATION_ACCEPTED = "nomination.accepted", _("Voordracht aanvaard")
        NOMINATION_DECLINED = "nomination.declined", _("Voordracht afgewezen")
        NOMINATION_WITHDRAWN = "nomination.withdrawn", _("Voordracht ingetrokken")
        ELECTION_STARTED = "election.started", _("Verkiezing gestart")
        ELECTION_CLOSED = "election.closed", _("Verkiezing gesloten")
        ELECTION_CONFIRMED = "election.confirmed", _("Uitslag van een verkiezing bevestigd")
        SURFCONEXT_LINKED = "surfconext.linked", _("SURFconext-account gekoppeld")

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("gebeurtenis"), max_length=40, choices=Action.choices, db_index=True)
    target_type = models.CharField(_("soort object"), max_length=60)
    target_id = models.CharField(_("object-id"), max_length=40, blank=True)
    target_repr = models.CharField(_("object"), max_length=255)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditlog")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class StoredFile(models.Model):
    """An uploaded file kept with something (a meeting's agenda item, an advice); each subclass adds its ``file``
    field with its own place in storage. Filled and removed through ``koers.core.uploads``."""

    name = models.CharField(_("naam"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.name
