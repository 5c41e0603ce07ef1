"""A college's project overview, read as people write it, and every row checked before anything is written.

The file is read into tables (``reading``); the columns are mapped to Koers's fields (proposed from the
headers and the contents, confirmed by the member); each row becomes a dict of the mapped fields' text,
with ``_row`` (the spreadsheet's row number) and ``_sheet``. ``check`` decides per row: new project,
changed (field by field, old → new), unchanged or refused, and why.
"""

import calendar
import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from koers.members.models import Institution
from koers.members.selectors import active_members
from koers.themes.models import Theme

from . import reading
from .models import Project
from .reading import FIELD_OF_HEADER, HEADER_SYNONYMS, key

# Koers's columns, in the template's order; the first is required in every row.
COLUMNS = [
    "titel",
    "omschrijving",
    "status",
    "thema's",
    "perspectief",
    "domein",
    "begindatum",
    "einddatum",
    "budget",
    "contactpersoon",
    "partners",
]
MSG_TOO_LARGE = reading.MSG_TOO_LARGE
MSG_WRONG_TYPE = reading.MSG_WRONG_TYPE
MSG_UNREADABLE = reading.MSG_UNREADABLE
MSG_EMPTY = reading.MSG_EMPTY
MSG_TOO_MANY_ROWS = reading.MSG_TOO_MANY_ROWS
MSG_NO_TITLE_COLUMN = gettext_lazy(
    "Geen kolom is als titel aangewezen. Kies hieronder welke kolom de naam van het project bevat."
)
# The column of the template that holds each model field the project's own rules (Project.clean) speak of.
COLUMN_OF_FIELD = {"start_date": "begindatum", "end_date": "einddatum"}
FIELD_OF_COLUMN = {
    "titel": "title",
    "omschrijving": "description",
    "status": "status",
    "perspectief": "horizon",
    "domein": "domain",
    "budget": "budget_band",
    "begindatum": "start_date",
    "einddatum": "end_date",
}

# How people write the values of the columns with a fixed choice: ONE table, read by the import and shown
# on the template's help sheet and the import page. Besides these, each value's code and its label count.
VALUE_SYNONYMS: dict[str, dict[str, list[str]]] = {
    "status": {
        Project.Status.IDEA: ["idee", "voorstel", "initiatief", "verkenning", "concept", "nog niet gestart"],
        Project.Status.PLANNED: [
            "gepland",
            "in voorbereiding",
            "voorbereiding",
            "ingepland",
            "nog te starten",
            "on hold",
            "gepauzeerd",
            "geparkeerd",
        ],
        Project.Status.RUNNING: [
            "lopend",
            "in uitvoering",
            "uitvoering",
            "loopt",
            "actief",
            "gestart",
            "in behandeling",
            "in progress",
            "ongoing",
        ],
        Project.Status.DONE: ["afgerond", "klaar", "gereed", "voltooid", "opgeleverd", "afgesloten", "done"],
        Project.Status.STOPPED: ["gestopt", "geannuleerd", "afgebroken", "vervallen", "stopgezet", "cancelled"],
    },
    "perspectief": {
        Project.Horizon.STRATEGIC: ["strategisch", "strategic", "strategie"],
        Project.Horizon.OPERATIONAL: ["operationeel", "operational", "tactisch", "uitvoerend"],
    },
    "domein": {
        Project.Domain.ICT: ["ict", "it", "ict/it", "informatievoorziening", "techniek"],
        Project.Domain.BUSINESS: ["business", "bedrijfsvoering", "organisatie", "onderwijs"],
    },
    "budget": {
        Project.BudgetBand.SMALL: ["<50k", "< 50k", "minder dan 50k", "tot 50k", "klein"],
        Project.BudgetBand.MEDIUM: ["50k-250k", "50-250k", "middel"],
        Project.BudgetBand.LARGE: ["250k-1m", "250k-1mln", "groot"],
        Project.BudgetBand.XLARGE: [">1m", "> 1m", "meer dan 1m", "meer dan 1 miljoen", "zeer groot"],
    },
}
CHOICES = {
    "status": Project.Status.choices,
    "perspectief": Project.Horizon.choices,
    "domein": Project.Domain.choices,
    "budget": Project.BudgetBand.choices,
}


def _choice_keys(column: str) -> dict[str, str]:
    keys = {}
    for code, label in CHOICES[column]:
        for name in [code, str(label), *VALUE_SYNONYMS[column].get(code, [])]:
            keys[key(name)] = code
    return keys


def choice(column: str, value: str) -> str | None:
    """The code of a value as people write it ("In uitvoering" → lopend), or None."""
    return _choice_keys(column).get(key(value))


def accepted_values(column: str) -> list[tuple[str, list[str]]]:
    """Per code of a choice column: the words the import reads as it (for the help sheet and the page)."""
    result = []
    for code, label in CHOICES[column]:
        seen, words = {key(code)}, []
        for word in [str(label), *VALUE_SYNONYMS[column].get(code, [])]:
            if key(word) not in seen:
                seen.add(key(word))
                words.append(word)
        result.append((code, words))
    return result


# --- Dates ---------------------------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "febr": 2, "februari": 2, "february": 2,
    "mrt": 3, "maa": 3, "mar": 3, "maart": 3, "march": 3,
    "apr": 4, "april": 4,
    "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "augustus": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oct": 10, "oktober": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value: str, *, end: bool = False) -> datetime.date:
    """A date as people write it; a month, quarter or year means its first day (its last with ``end``).

    2023-09-01, 1-9-2023, 01/09/2023, 1.9.2023, 45170 (an Excel date number), sept 2023, september 2023,
    Q3 2023, 2023. Raises ValueError.
    """
    text = fold(value).rstrip(".")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?", text):
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})", text):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return datetime.date(year, int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{5})(?:\.0+)?", text):
        return EXCEL_EPOCH + datetime.timedelta(days=int(m[1]))
    if m := re.fullmatch(r"([a-z]+)\.?[ -]?(\d{4})", text):
        if m[1] not in MONTHS:
            raise ValueError(value)
        return _period(int(m[2]), MONTHS[m[1]], MONTHS[m[1]], end=end)
    if m := re.fullmatch(r"(?:q|kw)\s?([1-4])[ -]?(\d{4})|(\d{4})[ -]?(?:q|kw)\s?([1-4])", text):
        quarter, year = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        return _period(year, quarter * 3 - 2, quarter * 3, end=end)
    if m := re.fullmatch(r"(\d{4})", text):
        return _period(int(m[1]), 1, 12, end=end)
    raise ValueError(value)


def _period(year: int, first_month: int, last_month: int, *, end: bool) -> datetime.date:
    if end:
        return datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return datetime.date(year, first_month, 1)


def fold(text: str) -> str:
    return reading.fold(text)


# --- Mapping ---------------------------------------------------------------------------------------------


def sniff(values: list[str]) -> str:
    """The field a column's contents look like, or ""; for a column whose header Koers does not know."""
    values = [v for v in values[:50] if v]
    if not values:
        return ""
    for column in ("status", "perspectief", "domein", "budget"):
        if sum(1 for v in values if choice(column, v)) >= 0.8 * len(values):
            return column
    dates = 0
    for value in values:
        if value.replace(".", "").replace(",", "").isdigit():
            continue  # a bare number is an amount or a code; Excel's own date cells arrive as dates
        try:
            parse_date(value)
            dates += 1
        except ValueError:
            pass
    if dates >= 0.8 * len(values):
        return "begindatum"
    if sum(1 for v in values if "@" in v) >= 0.8 * len(values):
        return "contactpersoon"
    return ""


def propose_mapping(tables: list[dict], remembered: dict | None = None) -> dict[str, str]:
    """Header key → field for every header of the tables: remembered choice, else synonym, else contents.

    Each field is proposed for one column at most; the remembered choices go first, then the names, then
    the contents. "" means the column is not imported.
    """
    remembered = remembered or {}
    columns: dict[str, list[str]] = {}  # header key → the column's values
    for table in tables:
        for index, header in enumerate(table["headers"]):
            values = columns.setdefault(key(header) or f"kolom{index + 1}", [])
            values.extend(cells[index] if index < len(cells) else "" for _n, cells in table["rows"][:50])
    mapping = {header_key: "" for header_key in columns}
    taken: set[str] = set()

    def propose(header_key: str, column: str) -> None:
        if column in COLUMNS and column not in taken:
            mapping[header_key] = column
            taken.add(column)

    for header_key in columns:
        if header_key in remembered:
            propose(header_key, remembered[header_key])
    unknown = [k for k in columns if k not in remembered]
    for header_key in unknown:
        propose(header_key, FIELD_OF_HEADER.get(header_key, ""))
    for header_key in unknown:
        if header_key not in FIELD_OF_HEADER:
            column = sniff(columns[header_key])
            if column == "begindatum" and "begindatum" in taken:
                column = "einddatum"
            propose(header_key, column)
    return mapping


def columns_of(tables: list[dict]) -> list[tuple[str, str]]:
    """(header key, header as written) of the tables' columns, each once."""
    seen: dict[str, str] = {}
    for table in tables:
        for index, header in enumerate(table["headers"]):
            seen.setdefault(key(header) or f"kolom{index + 1}", header or _("kolom %(n)s") % {"n": index + 1})
    return list(seen.items())


def examples(tables: list[dict]) -> dict[str, str]:
    """Header key → the first value in that column, to show beside the choice of its column."""
    found: dict[str, str] = {}
    for table in tables:
        for index, header in enumerate(table["headers"]):
            header_key = key(header) or f"kolom{index + 1}"
            if header_key in found:
                continue
            for _number, cells in table["rows"][:50]:
                if index < len(cells) and cells[index]:
                    found[header_key] = cells[index][:60]
                    break
    return found


def apply_mapping(tables: list[dict], mapping: dict[str, str]) -> list[dict]:
    """The rows of the tables as dicts of the mapped fields' text, with ``_row`` and ``_sheet``."""
    rows = []
    for table in tables:
        fields = [mapping.get(key(h) or f"kolom{i + 1}", "") for i, h in enumerate(table["headers"])]
        for number, cells in table["rows"]:
            values = {"_row": number, "_sheet": table["name"]}
            for index, column in enumerate(fields):
                if column:
                    values[column] = cells[index] if index < len(cells) else ""
            rows.append(values)
    return rows


# --- Checking the rows ----------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # the spreadsheet's own row number
    values: dict
    sheet: str = ""
    action: str = "new"  # new, update (something changes), unchanged or rejected
    errors: list = field(default_factory=list)  # (column, message)
    warnings: list = field(default_factory=list)  # (column, message); the row is imported all the same
    changes: list = field(default_factory=list)  # (column, old, new) as text, for an update
    fields: dict = field(default_factory=dict)  # model fields to write
    theme_ids: list | None = None  # None: the themes stay as they are
    partner_ids: list | None = None  # None: the partner institutions stay as they are
    project: Project | None = None  # the stored project an update changes


def title_key(title: str) -> str:
    """How the import recognises a project by its title: case and runs of spaces do not count."""
    return " ".join(title.split()).casefold()


def _split(value: str) -> list[str]:
    return [n.strip() for n in re.split(r"[;,\n]", value) if n.strip()]


class Lookups:
    """What checking every row needs, read in a fixed number of queries."""

    def __init__(self, *, institution, with_contacts: bool, with_partners: bool):
        self.themes: dict[str, int] = {}
        self.theme_names: dict[int, str] = {}
        for pk, name, slug in Theme.objects.values_list("pk", "name", "slug"):
            self.themes[key(name)] = pk
            self.themes[key(slug)] = pk
            self.theme_names[pk] = name
        self.projects = {
            title_key(p.title): p
            for p in Project.objects.filter(institution=institution)
            .select_related("contact")
            .prefetch_related("themes", *(["partners"] if with_partners else []))
        }
        self.institutions: dict[str, int] = {}
        self.institution_names: dict[int, str] = {}
        if with_partners:
            for pk, name, short_name, slug in Institution.objects.values_list("pk", "name", "short_name", "slug"):
                self.institution_names[pk] = name
                for alias in (slug, short_name, name):
                    if alias:
                        self.institutions[key(alias)] = pk
        self.choices = {column: _choice_keys(column) for column in CHOICES}
        self.members: dict[str, object] = {}
        if with_contacts:
            for user in active_members().filter(institution=institution):
                self.members[user.email.casefold()] = user
                self.members.setdefault(key(user.full_name), user)

    def suggest_theme(self, name: str) -> str | None:
        close = difflib.get_close_matches(key(name), list(self.themes), n=1, cutoff=0.75)
        return self.theme_names[self.themes[close[0]]] if close else None


def _quote(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "…"


def check(*, institution, rows: list[dict], clear_empty: bool = False) -> list[Row]:
    """Decide for every row: new project, update of the project with the same title, unchanged or rejected.

    Only the columns the file maps are read; for an update, an empty cell keeps the stored value unless
    ``clear_empty``.
    """
    mapped = set().union(*(r.keys() for r in rows)) if rows else set()
    look = Lookups(
        institution=institution, with_contacts="contactpersoon" in mapped, with_partners="partners" in mapped
    )
    seen: dict[str, int] = {}
    result = []
    # One project to check every row's values with the model's rules; building one per row would cost
    # noticeably on a file of 20,000 rows.
    probe = Project(institution=institution)
    for index, raw in enumerate(rows, start=2):
        number = raw.get("_row", index)
        values = {col: (raw.get(col) or "").strip() for col in COLUMNS if col in raw}
        row = Row(number=number, sheet=raw.get("_sheet", ""), values=values)
        _check_row(row, look=look, seen=seen, probe=probe, clear_empty=clear_empty)
        result.append(row)
    return result


def _check_row(row: Row, *, look: Lookups, seen: dict, probe: Project, clear_empty: bool) -> None:
    values, errors, fields = row.values, row.errors, row.fields
    title = values.get("titel", "")
    project = look.projects.get(title_key(title)) if title else None
    row.project = project
    if not title:
        errors.append(("titel", _("De titel ontbreekt.")))
    elif len(title) > 200:
        errors.append(("titel", _("De titel '%(value)s' is langer dan 200 tekens.") % {"value": _quote(title)}))
    elif title_key(title) in seen:
        errors.append(
            (
                "titel",
                _("De titel '%(value)s' staat al eerder in het bestand (rij %(row)s).")
                % {"value": title, "row": seen[title_key(title)]},
            )
        )
    else:
        seen[title_key(title)] = row.number
    fields["title"] = title
    for column in ("status", "perspectief", "domein", "budget"):
        if column not in values:
            continue
        value = values[column]
        if value:
            code = look.choices[column].get(key(value))
            if code is None:
                errors.append((column, _choice_error(column, value)))
            else:
                fields[FIELD_OF_COLUMN[column]] = code
        elif column == "budget" and (clear_empty or project is None):
            fields["budget_band"] = ""
    if "omschrijving" in values and (values["omschrijving"] or clear_empty or project is None):
        fields["description"] = values["omschrijving"]
    for column in ("begindatum", "einddatum"):
        if column not in values:
            continue
        if values[column]:
            try:
                fields[FIELD_OF_COLUMN[column]] = parse_date(values[column], end=column == "einddatum")
            except ValueError:
                errors.append(
                    (
                        column,
                        _(
                            "Geen geldige datum: '%(value)s'. Schrijf bijvoorbeeld 01-09-2026, 2026-09-01, "
                            "sept 2026 of Q3 2026."
                        )
                        % {"value": _quote(values[column])},
                    )
                )
        elif clear_empty or project is None:
            fields[FIELD_OF_COLUMN[column]] = None
    if "thema's" in values:
        names = _split(values["thema's"])
        ids, unknown = set(), []
        for name in names:
            if key(name) in look.themes:
                ids.add(look.themes[key(name)])
            else:
                unknown.append(name)
        for name in unknown:
            suggestion = look.suggest_theme(name)
            if suggestion:
                message = _("Onbekend thema '%(value)s'; bedoel je '%(suggestion)s'?") % {
                    "value": name,
                    "suggestion": suggestion,
                }
            else:
                message = _("Onbekend thema '%(value)s'.") % {"value": name}
            errors.append(("thema's", message))
        if names:
            row.theme_ids = sorted(ids)
    if row.theme_ids is None and project is None:
        errors.append(("thema's", _("Noem minstens één thema.")))
    if "contactpersoon" in values:
        contact = values["contactpersoon"]
        if contact:
            user = look.members.get(contact.casefold()) or look.members.get(key(contact))
            if user is None:
                row.warnings.append(
                    (
                        "contactpersoon",
                        _("'%(value)s' is geen lid van deze instelling; de contactpersoon blijft ongewijzigd.")
                        % {"value": _quote(contact)},
                    )
                )
            else:
                fields["contact"] = user
        elif clear_empty or project is None:
            fields["contact"] = None
    if "partners" in values:
        names = _split(values["partners"])
        found = set()
        for name in names:
            pk = look.institutions.get(key(name))
            if pk is None:
                row.warnings.append(
                    (
                        "partners",
                        _("'%(value)s' is geen instelling in Koers; deze partner wordt overgeslagen.")
                        % {"value": _quote(name)},
                    )
                )
            elif pk != probe.institution_id:
                found.add(pk)
        if names or clear_empty or project is None:
            row.partner_ids = sorted(found)
    probe.start_date = fields.get("start_date", project.start_date if project else None)
    probe.end_date = fields.get("end_date", project.end_date if project else None)
    errors.extend(_model_errors(probe))
    errors.sort(key=lambda error: COLUMNS.index(error[0]))  # in the order of the columns
    if errors:
        row.action = "rejected"
    elif project is None:
        row.action = "new"
    else:
        row.changes = _changes(project, row, look)
        row.action = "update" if row.changes else "unchanged"


def _choice_error(column: str, value: str) -> str:
    options = ", ".join(code for code, _label in CHOICES[column])
    messages = {
        "status": _("Onbekende status '%(value)s'. Kies uit: %(options)s."),
        "perspectief": _("Onbekend perspectief '%(value)s'. Kies strategisch of operationeel."),
        "domein": _("Onbekend domein '%(value)s'. Kies ICT of business."),
        "budget": _("Onbekende budgetklasse '%(value)s'. Kies uit: %(options)s."),
    }
    return messages[column] % {"value": _quote(value), "options": options}


LABELS: dict[str, dict[str, Any]] = {
    "status": dict(Project.Status.choices),
    "horizon": dict(Project.Horizon.choices),
    "domain": dict(Project.Domain.choices),
    "budget_band": dict(Project.BudgetBand.choices),
}
DISPLAY = {
    "title": "titel",
    "description": "omschrijving",
    "status": "status",
    "horizon": "perspectief",
    "domain": "domein",
    "budget_band": "budget",
    "start_date": "begindatum",
    "end_date": "einddatum",
    "contact": "contactpersoon",
}


def _shown(project: Project, name: str, value) -> str:
    if value in (None, ""):
        return "–"
    if name == "contact":
        return value.full_name
    if isinstance(value, datetime.date):
        return value.isoformat()
    labels = LABELS.get(name)
    return str(labels.get(value, value)) if labels else str(value)


def _changes(project: Project, row: Row, look: Lookups) -> list[tuple[str, str, str]]:
    """(column, old, new) for every mapped field whose value differs from the stored one."""
    changes = []
    for name, new in row.fields.items():
        old = getattr(project, name)
        if name == "title" and old == new:
            continue
        if name == "contact":
            if (old.pk if old else None) != (new.pk if new else None):
                changes.append((DISPLAY[name], _shown(project, name, old), _shown(project, name, new)))
        elif old != new:
            changes.append((DISPLAY[name], _shown(project, name, old), _shown(project, name, new)))
    if row.theme_ids is not None:
        stored = sorted(t.pk for t in project.themes.all())
        if stored != row.theme_ids:
            changes.append(
                (
                    "thema's",
                    "; ".join(look.theme_names[pk] for pk in stored) or "–",
                    "; ".join(look.theme_names[pk] for pk in row.theme_ids),
                )
            )
    if row.partner_ids is not None:
        stored = sorted(p.pk for p in project.partners.all())
        if stored != row.partner_ids:
            changes.append(
                (
                    "partners",
                    "; ".join(look.institution_names[pk] for pk in stored) or "–",
                    "; ".join(look.institution_names[pk] for pk in row.partner_ids) or "–",
                )
            )
    return changes


def _model_errors(project: Project) -> list[tuple[str, str]]:
    """The project's own rules (the same as on the page and in the API) as (column, message) of a row."""
    try:
        project.clean()
    except ValidationError as error:
        return [(COLUMN_OF_FIELD[name], text) for name, texts in error.message_dict.items() for text in texts]
    return []


def summary(rows: list[Row]) -> dict[str, Any]:
    """Counts of new, changed, unchanged and refused rows, and the refusals per reason (column)."""
    counts: dict[str, Any] = {action: 0 for action in ("new", "update", "unchanged", "rejected")}
    reasons: dict[str, int] = {}
    for row in rows:
        counts[row.action] += 1
        for column in {c for c, _m in row.errors}:
            reasons[column] = reasons.get(column, 0) + 1
    counts["reasons"] = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    return counts


# --- The template -------------------------------------------------------------------------------------


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
        "",
        "",
    ]
    return [COLUMNS, example]


def help_rows() -> list[list[str]]:
    """The help sheet of the template: per column, the headers Koers recognises and the values it reads."""
    rows = [[_("Kolom"), _("Ook herkend als kolomnaam"), _("Waarde"), _("Ook geschreven als")]]
    for column in COLUMNS:
        rows.append([column, ", ".join(HEADER_SYNONYMS[column][1:]), "", ""])
        if column in CHOICES:
            for code, words in accepted_values(column):
                rows.append(["", "", code, ", ".join(words)])
    rows.append(["thema's", "", "", _("Namen gescheiden door ; of , — hoofdletters, spaties en accenten tellen niet")])
    rows.append(["contactpersoon", "", "", _("Naam of e-mailadres van een lid van je instelling")])
    rows.append(["partners", "", "", _("Namen of korte namen van instellingen, gescheiden door ; of ,")])
    rows.append(
        [
            "begindatum, einddatum",
            "",
            "",
            _("2026-09-01, 1-9-2026, 01/09/2026, sept 2026, september 2026, Q3 2026 of een Excel-datum"),
        ]
    )
    return rows


def committed_counts(*, created: int, updated: int) -> str:
    """What a committed import wrote, each number with its own plural: "1 nieuw project en 0 bijgewerkte projecten"."""
    return _("%(created)s en %(updated)s") % {
        "created": ngettext("%(count)d nieuw project", "%(count)d nieuwe projecten", created) % {"count": created},
        "updated": ngettext("%(count)d bijgewerkt project", "%(count)d bijgewerkte projecten", updated)
        % {"count": updated},
    }
