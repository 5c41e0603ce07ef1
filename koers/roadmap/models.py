from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    ORIENT = "orienteren", _("Oriënteren")
    EXPERIMENT = "experimenteren", _("Experimenteren")
    IMPLEMENT = "implementeren", _("Implementeren")
    SECURE = "borgen", _("Borgen")


class Readiness(models.TextChoices):
    CAN = "kunnen", _("Kunnen (klaar om te beginnen)")
    WANT = "willen", _("Willen (nog niet klaar)")


class Half(models.IntegerChoices):
    FIRST = 1, _("eerste helft")
    SECOND = 2, _("tweede helft")


class Ambition(models.Model):
    """When an institution wants to take up a theme, how far it aims to go, and whether it is ready."""

    institution = models.ForeignKey(
        "members.Institution", verbose_name=_("instelling"), on_delete=models.CASCADE, related_name="ambitions"
    )
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), on_delete=models.CASCADE, related_name="ambitions"
    )
    start_year = models.PositiveSmallIntegerField(
        _("beginjaar"), validators=[MinValueValidator(2018), MaxValueValidator(2040)]
    )
    start_half = models.PositiveSmallIntegerField(_("halfjaar"), choices=Half.choices, default=Half.FIRST)
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices, default=Level.ORIENT)
    readiness = models.CharField(_("kunnen of willen"), max_length=8, choices=Readiness.choices, default=Readiness.WANT)
    note = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")
        constraints = [models.UniqueConstraint(fields=["institution", "theme"], name="ambition_one_per_theme")]
        indexes = [models.Index(fields=["theme", "start_year", "start_half"], name="ambition_cell_idx")]

    def __str__(self) -> str:
        return f"{self.institution} – {self.theme}"

    @property
    def period(self) -> tuple[int, int]:
        return (self.start_year, self.start_half)


class AmbitionChange(models.Model):
    """The history of an ambition: each save as it was then, so the roadmap can show what shifted."""

    institution = models.ForeignKey("members.Institution", on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("themes.Theme", on_delete=models.CASCADE, related_name="+")
    start_year = models.PositiveSmallIntegerField(_("beginjaar"), null=True)
    start_half = models.PositiveSmallIntegerField(_("halfjaar"), choices=Half.choices, null=True)
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices, blank=True)
    readiness = models.CharField(_("kunnen of willen"), max_length=8, choices=Readiness.choices, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    removed = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("ambitiewijziging")
        verbose_name_plural = _("ambitiegeschiedenis")

    def __str__(self) -> str:
        return f"{self.institution} – {self.theme} ({self.changed_at:%Y-%m-%d})"
