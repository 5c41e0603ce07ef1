from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for

MSG_END_YEAR_BEFORE_START = _("Het eindjaar ligt vóór het beginjaar.")
MSG_NAME_TAKEN = _("Deze agenda heeft al een thema met deze naam.")


class Agenda(models.Model):
    """A strategic agenda or programme (SAD 2018-2022, Npuls 2023-2031, ...) that groups themes."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam in adres"), max_length=80, unique=True)
    start_year = models.PositiveSmallIntegerField(_("beginjaar"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("eindjaar"), null=True, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["start_year", "name"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda's")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="agenda_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": MSG_END_YEAR_BEFORE_START})


class Theme(models.Model):
    agenda = models.ForeignKey(Agenda, verbose_name=_("agenda"), on_delete=models.PROTECT, related_name="themes")
    line = models.CharField(_("lijn"), max_length=200, blank=True)
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam in adres"), max_length=80, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    related = models.ManyToManyField("self", verbose_name=_("verwante thema's"), blank=True, symmetrical=True)

    class Meta:
        ordering = ["agenda__start_year", "agenda__name", "line", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        constraints = [models.UniqueConstraint(fields=["agenda", "name"], name="theme_unique_name_per_agenda")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("themes:theme-detail", self.slug)

    def clean(self) -> None:
        # The constraint compares names exactly; two themes named alike but for capitals would confuse members.
        others = Theme.objects.filter(agenda_id=self.agenda_id, name__iexact=self.name).exclude(pk=self.pk)
        if self.agenda_id and self.name and others.exists():
            raise ValidationError({"name": MSG_NAME_TAKEN})
