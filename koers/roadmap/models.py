from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for
from koers.core.models import choice_label

MSG_NOTE_WITHOUT_STATE = _("Kies ook een stand; een toelichting zonder stand wordt niet bewaard.")


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


class PlanStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    PLANNED = "gepland", _("Gepland")
    ACTIVE = "in_uitvoering", _("In uitvoering")
    DONE = "afgerond", _("Afgerond")
    DROPPED = "vervallen", _("Vervallen")


class PlanItem(models.Model):
    """A line of the network's multi-year plan: what the network takes up for a theme in a year.

    `rank` is the priority over the whole plan (1 is the highest); services keep it 1..n without gaps.
    """

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    theme = models.ForeignKey(
        "themes.Theme", verbose_name=_("thema"), on_delete=models.PROTECT, related_name="plan_items"
    )
    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2018), MaxValueValidator(2040)])
    rank = models.PositiveIntegerField(_("prioriteit"), unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
    )
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # How the multi-year plan shows this item (twice), set on the items of its page (views.plan); not stored.
    url: str
    rank_label: str

    class Meta:
        ordering = ["rank"]
        verbose_name = _("onderdeel van het meerjarenplan")
        verbose_name_plural = _("meerjarenplan")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("roadmap:plan-item", self.pk)

    # Replaces the method Django adds for the choices field (mypy sees that one as already defined).
    def get_status_display(self) -> str:  # type: ignore[no-redef]  # the roadmap lists hundreds: see choice_label
        return choice_label(PlanStatus, self.status)


class ReferenceKind(models.TextChoices):
    STANDARD = "standaard", _("Standaard")
    PRODUCT = "product", _("Product of dienst")
    AGREEMENT = "afspraak", _("Afspraak")
    PRINCIPLE = "principe", _("Architectuurprincipe")


class Recommendation(models.TextChoices):
    RECOMMENDED = "aanbevolen", _("Aanbevolen")
    RESEARCH = "in_onderzoek", _("In onderzoek")
    PHASE_OUT = "uitfaseren", _("Uitfaseren")
    AGAINST = "afgeraden", _("Afgeraden")


class ReferenceItem(models.Model):
    """An entry of the reference list: what colleges can build and buy on without blocking later steps."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    kind = models.CharField(_("soort"), max_length=16, choices=ReferenceKind.choices, default=ReferenceKind.STANDARD)
    recommendation = models.CharField(
        _("advies"), max_length=16, choices=Recommendation.choices, default=Recommendation.RESEARCH
    )
    recommendation_since = models.DateField(_("advies sinds"))
    rationale = models.TextField(_("onderbouwing"), help_text=_("Waarom dit advies? Je kunt Markdown gebruiken."))
    link = models.URLField(_("link"), blank=True, help_text=_("Bijvoorbeeld de pagina van de standaard."))
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("thema's"), blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("referentie-item")
        verbose_name_plural = _("referentielijst")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("roadmap:reference-item", self.slug)


class AdoptionState(models.TextChoices):
    IN_USE = "in_gebruik", _("In gebruik")
    PLANNED = "gepland", _("Gepland")
    NOT_APPLICABLE = "niet_van_toepassing", _("Niet van toepassing")


def check_adoption_answer(*, state: str, note: str) -> None:
    """An institution's answer for a reference item: a note explains a stand, so it needs one.

    A function rather than Adoption.clean(): an empty stand means no Adoption row at all (the answer is removed).
    """
    if note and not state:
        raise ValidationError({"note": MSG_NOTE_WITHOUT_STATE})


class Adoption(models.Model):
    """Where an institution stands with a reference item. No row means it has not said."""

    institution = models.ForeignKey(
        "members.Institution", verbose_name=_("instelling"), on_delete=models.CASCADE, related_name="adoptions"
    )
    item = models.ForeignKey(
        ReferenceItem, verbose_name=_("referentie-item"), on_delete=models.CASCADE, related_name="adoptions"
    )
    state = models.CharField(_("stand"), max_length=24, choices=AdoptionState.choices)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("adoptie")
        verbose_name_plural = _("adopties")
        constraints = [models.UniqueConstraint(fields=["institution", "item"], name="adoption_one_per_item")]
        indexes = [models.Index(fields=["item", "state"], name="adoption_count_idx")]

    def __str__(self) -> str:
        return f"{self.institution} – {self.item}: {self.get_state_display()}"
