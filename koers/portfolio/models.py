from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from koers.core.links import url_for

MSG_END_BEFORE_START = _("De einddatum ligt vóór de begindatum.")
MSG_CONTACT_ELSEWHERE = _("De contactpersoon moet een actief lid van deze instelling zijn.")


class Project(models.Model):
    """A project of one institution, mapped to the strategic themes."""

    class Status(models.TextChoices):
        IDEA = "idee", _("Idee")
        PLANNED = "gepland", _("Gepland")
        RUNNING = "lopend", _("Lopend")
        DONE = "afgerond", _("Afgerond")
        STOPPED = "gestopt", _("Gestopt")

    # The four quadrants of the 2020 workshop: strategic or operational, ICT or business.
    class Horizon(models.TextChoices):
        STRATEGIC = "strategisch", _("Strategisch")
        OPERATIONAL = "operationeel", _("Operationeel")

    class Domain(models.TextChoices):
        ICT = "ict", _("ICT")
        BUSINESS = "business", _("Business")

    class BudgetBand(models.TextChoices):
        SMALL = "<50k", _("Minder dan € 50.000")
        MEDIUM = "50k-250k", _("€ 50.000 tot € 250.000")
        LARGE = "250k-1m", _("€ 250.000 tot € 1 miljoen")
        XLARGE = ">1m", _("Meer dan € 1 miljoen")

    institution = models.ForeignKey(
        "members.Institution", verbose_name=_("instelling"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDEA)
    start_date = models.DateField(_("begindatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("thema's"), related_name="projects")
    horizon = models.CharField(_("perspectief"), max_length=12, choices=Horizon.choices, default=Horizon.OPERATIONAL)
    domain = models.CharField(_("domein"), max_length=8, choices=Domain.choices, default=Domain.ICT)
    budget_band = models.CharField(_("budget"), max_length=8, choices=BudgetBand.choices, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contactpersoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_projects",
    )
    partners = models.ManyToManyField(
        "members.Institution", verbose_name=_("partnerinstellingen"), blank=True, related_name="partner_projects"
    )
    last_reviewed = models.DateField(_("laatst bijgewerkt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
            # The spreadsheet import recognises a project by its title within its institution.
            models.UniqueConstraint("institution", Lower("title"), name="project_title_unique_per_institution"),
        ]
        indexes = [
            models.Index(fields=["status"], name="project_status_idx"),
            # The sector portfolio's default order: a page of 25 is read from the index instead of sorting them all.
            models.Index(fields=["title", "id"], name="project_title_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("portfolio:project-detail", self.pk)

    @property
    def quadrant(self) -> str:
        return f"{self.get_horizon_display()} / {self.get_domain_display()}"

    def clean(self) -> None:
        """The rules of one project, for the page's form, the API and every row of the spreadsheet import."""
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": MSG_END_BEFORE_START})

    def check_contact(self) -> None:
        """The contact person chosen belongs to the project's institution.

        Not part of clean(): a contact who later moves to another institution must not block other changes
        to the project, so this is checked only when a contact is chosen.
        """
        if self.contact is not None and self.contact.institution_id != self.institution_id:
            raise ValidationError({"contact": MSG_CONTACT_ELSEWHERE})


class ImportBatch(models.Model):
    """An uploaded project overview between preview and commit. Rows are kept as parsed text."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("Voorbeeld")
        QUEUED = "queued", _("Wordt verwerkt")
        COMMITTED = "committed", _("Vastgelegd")

    institution = models.ForeignKey(
        "members.Institution", verbose_name=_("instelling"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("bestand"), max_length=255)
    # The file as read: one table per sheet (header row, headers, rows with the spreadsheet's row numbers).
    tables = models.JSONField(default=list)
    # The member's choices: the sheets to import, header key → Koers column, and whether an empty cell
    # clears the stored value. ``rows`` is the result: per row the text of the mapped columns.
    sheets = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    clear_empty = models.BooleanField(_("lege cellen wissen"), default=False)
    rows = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    committed_at = models.DateTimeField(null=True, blank=True)
    # A large file is written by a task (portfolio.tasks.import_commit_queued): when it was queued, and why the
    # task could not write it (shown on the preview page; empty when it could).
    queued_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename


class ImportMapping(models.Model):
    """How an institution's overview names Koers's columns, remembered from its last import."""

    institution = models.OneToOneField(
        "members.Institution", verbose_name=_("instelling"), on_delete=models.CASCADE, related_name="+"
    )
    columns = models.JSONField(default=dict)  # header key → Koers column ("" for a column not imported)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kolomindeling van een import")
        verbose_name_plural = _("kolomindelingen van imports")

    def __str__(self) -> str:
        return str(self.institution_id)
