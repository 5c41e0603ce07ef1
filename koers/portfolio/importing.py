"""Reading a college's project overview from XLSX or CSV, and checking every row before anything is written."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

from koers.themes.models import Theme

from .models import Project

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Column headings of the template, in order; the first is required in every row.
COLUMNS = ["titel", "omschrijving", "status", "thema's", "perspectief", "domein", "begindatum", "einddatum", "budget"]

MSG_TOO_LARGE = gettext_lazy("Het bestand is groter dan 5 MB. Splits het op of laat kolommen weg die Koers niet leest.")
MSG_WRONG_TYPE = gettext_lazy("Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv).")
MSG_UNREADABLE = gettext_lazy("Dit bestand kan Koers niet lezen. Sla het opnieuw op als .xlsx of .csv (UTF-8).")
MSG_NO_TITLE_COLUMN = gettext_lazy(
    "De kolom 'titel' ontbreekt. Gebruik het sjabloon: de eerste rij bevat de kolomnamen."
)
MSG_EMPTY = gettext_lazy("Het bestand bevat geen projecten.")
MSG_TOO_MANY_ROWS = gettext_lazy("Het bestand bevat meer dan 20.000 rijen.")
# The column of the template that holds each model field the project's own rules (Project.clean) speak of.
COLUMN_OF_FIELD = {"start_date": "begindatum", "end_date": "einddatum"}


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it: the heading is row 1
    values: dict
    action: str = "new"  # new, update or rejected
    errors: list = field(default_factory=list)  # (column, message)


def template_rows() -> list[list[str]]:
    example = [
        "Dashboard studievoortgang",
        "Inzicht voor mentoren",
        "lopend",
        "Data-ondersteund onderwijs; Data en AI",
        "operationeel",
        "ict",
        "2026-01-01",
        "2027-07-31",
        "50k-250k",
    ]
    return [COLUMNS, example]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read(upload) -> list[dict]:
    """Parse an uploaded file into rows of text keyed by column name; raise ValidationError on a bad file."""
    if upload.size > MAX_BYTES:
        raise ValidationError(MSG_TOO_LARGE)
    name = upload.name.lower()
    try:
        if name.endswith(".xlsx"):
            sheet = load_workbook(upload, read_only=True, data_only=True).active
            table = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        elif name.endswith(".csv"):
            text = upload.read().decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t") if text.strip() else csv.excel
            table = [[_text(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
        else:
            raise ValidationError(MSG_WRONG_TYPE)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure means the same to the member
        raise ValidationError(MSG_UNREADABLE) from error
    table = [row for row in table if any(row)]
    if not table:
        raise ValidationError(MSG_EMPTY)
    header = [h.strip().lower() for h in table[0]]
    if "titel" not in header:
        raise ValidationError(MSG_NO_TITLE_COLUMN)
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(MSG_TOO_MANY_ROWS)
    rows = [
        {col: (row[i] if i < len(row) else "") for i, col in enumerate(header) if col in COLUMNS} for row in table[1:]
    ]
    if not rows:
        raise ValidationError(MSG_EMPTY)
    return rows


def _choice(value: str, choices) -> str | None:
    wanted = value.strip().lower()
    for code, label in choices:
        if wanted in (code.lower(), str(label).lower()):
            return code
    return None


def _date(value: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def check(*, institution, rows: list[dict]) -> list[Row]:
    """Decide for every row: new project, update of the project with the same title, or rejected and why."""
    themes = {}
    for theme in Theme.objects.all():
        themes[theme.name.lower()] = theme.pk
        themes[theme.slug] = theme.pk
    existing = {t.lower() for t in Project.objects.filter(institution=institution).values_list("title", flat=True)}
    seen: set[str] = set()
    result = []
    # One project to check every row's values with the model's rules; building one per row would cost
    # noticeably on a file of 20,000 rows.
    probe = Project(institution=institution)
    for index, raw in enumerate(rows, start=2):
        row = Row(number=index, values={col: raw.get(col, "") for col in COLUMNS})
        values, errors = row.values, row.errors
        title = values["titel"]
        if not title:
            errors.append(("titel", _("De titel ontbreekt.")))
        elif len(title) > 200:
            errors.append(("titel", _("De titel is langer dan 200 tekens.")))
        elif title.lower() in seen:
            errors.append(("titel", _("Deze titel staat al eerder in het bestand.")))
        seen.add(title.lower())
        if values["status"] and _choice(values["status"], Project.Status.choices) is None:
            errors.append(
                (
                    "status",
                    _("Onbekende status '%(value)s'. Kies uit: idee, gepland, lopend, afgerond, gestopt.")
                    % {"value": values["status"]},
                )
            )
        names = [n.strip() for n in values["thema's"].replace(",", ";").split(";") if n.strip()]
        unknown = [n for n in names if n.lower() not in themes]
        if not names:
            errors.append(("thema's", _("Noem minstens één thema.")))
        elif unknown:
            errors.append(("thema's", _("Onbekend thema: %(names)s.") % {"names": ", ".join(unknown)}))
        if values["perspectief"] and _choice(values["perspectief"], Project.Horizon.choices) is None:
            errors.append(("perspectief", _("Kies strategisch of operationeel.")))
        if values["domein"] and _choice(values["domein"], Project.Domain.choices) is None:
            errors.append(("domein", _("Kies ICT of business.")))
        if values["budget"] and _choice(values["budget"], Project.BudgetBand.choices) is None:
            errors.append(("budget", _("Onbekende budgetklasse. Kies uit: <50k, 50k-250k, 250k-1m, >1m.")))
        dates = {}
        for column in ("begindatum", "einddatum"):
            if values[column]:
                try:
                    dates[column] = _date(values[column])
                except ValueError:
                    errors.append((column, _("Geen geldige datum; schrijf bijvoorbeeld 2026-09-01 of 01-09-2026.")))
        probe.start_date, probe.end_date = dates.get("begindatum"), dates.get("einddatum")
        errors.extend(_model_errors(probe))
        row.action = "rejected" if errors else ("update" if title.lower() in existing else "new")
        result.append(row)
    return result


def _model_errors(project: Project) -> list[tuple[str, str]]:
    """The project's own rules (the same as on the page and in the API) as (column, message) of a row."""
    try:
        project.clean()
    except ValidationError as error:
        return [(COLUMN_OF_FIELD[name], text) for name, texts in error.message_dict.items() for text in texts]
    return []


def to_fields(values: dict, themes_by_key: dict) -> tuple[dict, list[int]]:
    """The model fields of an accepted row, and its theme ids."""
    fields = {
        "title": values["titel"],
        "description": values["omschrijving"],
        "status": _choice(values["status"], Project.Status.choices) or Project.Status.IDEA,
        "horizon": _choice(values["perspectief"], Project.Horizon.choices) or Project.Horizon.OPERATIONAL,
        "domain": _choice(values["domein"], Project.Domain.choices) or Project.Domain.ICT,
        "budget_band": _choice(values["budget"], Project.BudgetBand.choices) or "",
        "start_date": _date(values["begindatum"]) if values["begindatum"] else None,
        "end_date": _date(values["einddatum"]) if values["einddatum"] else None,
    }
    names = [n.strip().lower() for n in values["thema's"].replace(",", ";").split(";") if n.strip()]
    return fields, sorted({themes_by_key[n] for n in names})


def committed_counts(*, created: int, updated: int) -> str:
    """What a committed import wrote, each number with its own plural: "1 nieuw project en 0 bijgewerkte projecten"."""
    return _("%(created)s en %(updated)s") % {
        "created": ngettext("%(count)d nieuw project", "%(count)d nieuwe projecten", created) % {"count": created},
        "updated": ngettext("%(count)d bijgewerkt project", "%(count)d bijgewerkte projecten", updated)
        % {"count": updated},
    }
