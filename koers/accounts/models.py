import datetime
import re

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MSG_INVALID_PHONE = _(
    "Vul een telefoonnummer in met cijfers en eventueel spaties, +, - of haakjes, bijvoorbeeld +31 6 1234 5678."
)
PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{5,24}")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=normalise_email(username))


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    """A network member. Signs in with their e-mail address."""

    class Language(models.TextChoices):
        DUTCH = "nl", _("Nederlands")
        ENGLISH = "en", _("Engels")

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200)
    job_title = models.CharField(_("functietitel"), max_length=200, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    institution = models.ForeignKey(
        "members.Institution",
        verbose_name=_("instelling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    expertise = models.ManyToManyField(
        "themes.Theme",
        verbose_name=_("expertise"),
        blank=True,
        related_name="experts",
    )
    language = models.CharField(_("taal"), max_length=2, choices=Language.choices, default=Language.DUTCH)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    date_joined = models.DateTimeField(_("lid sinds"), default=timezone.now)
    # Members are welcomed as new during their first meeting year.
    new_until = models.DateField(_("nieuw lid tot"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("lid")
        verbose_name_plural = _("leden")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        if self.phone and not PHONE.fullmatch(self.phone):
            raise ValidationError({"phone": MSG_INVALID_PHONE})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_new(self) -> bool:
        return self.new_until is not None and self.new_until >= timezone.localdate()


def first_meeting_year_end(day: datetime.date) -> datetime.date:
    """New members stay 'new' for a full year of meetings after they join."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class MembershipRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("In behandeling")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    full_name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("werk-e-mailadres"))
    institution = models.ForeignKey(
        "members.Institution", verbose_name=_("instelling"), on_delete=models.PROTECT, related_name="+"
    )
    job_title = models.CharField(_("functie"), max_length=200)
    motivation = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reden"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lidmaatschapsaanvraag")
        verbose_name_plural = _("lidmaatschapsaanvragen")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=models.Q(status="pending"), name="membership_one_pending_per_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"


class Invitation(models.Model):
    """A single-use link to set a first password. Only a hash of the token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.user} ({self.expires_at:%Y-%m-%d})"


class SurfconextIdentity(models.Model):
    """Links a member to the stable SURFconext subject (``sub``) they signed in with.

    Found by e-mail address the first time; after that the subject is matched first, so a changed
    e-mail address at the institution does not lock the member out. ``sub`` is only unique per issuer.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lid"), on_delete=models.CASCADE, related_name="surfconext_identities"
    )
    issuer = models.CharField(_("uitgever"), max_length=200)
    sub = models.CharField(_("SURFconext-kenmerk"), max_length=255)
    created_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), default=timezone.now)

    class Meta:
        verbose_name = _("SURFconext-koppeling")
        verbose_name_plural = _("SURFconext-koppelingen")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="surfconext_identity_unique_sub"),
            models.UniqueConstraint(fields=["issuer", "user"], name="surfconext_identity_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"
