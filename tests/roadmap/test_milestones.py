"""The milestone hook: the roadmap's tables show what the registered sources give, and nothing without a source."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.roadmap import milestones as hook
from koers.roadmap.models import PlanItem

from ..factories import ThemeFactory

YEAR = timezone.localdate().year


@dataclass(frozen=True)
class Stone:
    title: str
    target_year: int | None
    target_quarter: int | None

    @property
    def target(self) -> str:
        return f"Q{self.target_quarter} {self.target_year}"

    def get_absolute_url(self) -> str:
        return f"/mijlpaal/{self.title}/"

    def get_status_display(self) -> str:
        return "Gepland"


@pytest.fixture
def sources(monkeypatch):
    """The registry, empty for the test and restored after it (the advice app registers its source at start-up)."""
    registered: list[hook.MilestoneSource] = []
    monkeypatch.setattr(hook, "_sources", registered)
    monkeypatch.setattr(hook, "_topics", [])
    return registered


def test_every_registered_source_is_asked_for_the_years_in_order(sources):
    asked = []

    def first(years):
        asked.append(("first", years))
        return [Stone("A", 2027, 1), Stone("B", 2028, 4)]

    def second(years):
        asked.append(("second", years))
        return iter([Stone("C", 2027, 3)])

    hook.register_milestones(first, topic="proef")
    hook.register_milestones(second, topic="ander")
    assert [stone.title for stone in hook.milestones(years=[2027, 2028])] == ["A", "B", "C"]
    assert asked == [("first", [2027, 2028]), ("second", [2027, 2028])]
    # A page that shows them is kept in the shared cache until either source's topic changes.
    assert hook.topics() == "proef ander"


def test_without_a_source_there_are_no_milestones(sources):
    assert hook.milestones(years=[YEAR]) == []


def test_the_national_table_puts_a_milestone_in_its_half_year(client, sources, db):
    ThemeFactory()
    hook.register_milestones(lambda years: [Stone("Vroeg", YEAR + 1, 2), Stone("Laat", YEAR + 1, 3)], topic="proef")
    page = client.get(reverse("roadmap:national")).content.decode()
    row = page[page.index('class="milestone-row"') :].split("</tr>")[0]
    cells = row.split("<td>")[1:]
    first_half = next(i for i, cell in enumerate(cells) if "Vroeg" in cell)
    assert "Laat" in cells[first_half + 1] and "Laat" not in cells[first_half]
    # The row holds numbered markers; the list below the table links each milestone and gives its target.
    listed = page[page.index('<ol class="milestone-list">') :].split("</ol>")[0]
    assert 'href="/mijlpaal/Vroeg/"' in listed and f"Q2 {YEAR + 1}" in listed


def test_the_plan_puts_a_milestone_in_its_year(client_for, member, sources):
    PlanItem.objects.create(title="Iets", theme=ThemeFactory(), year=YEAR, rank=1)
    hook.register_milestones(
        lambda years: [Stone("Volgend jaar", YEAR + 1, 1)] if YEAR + 1 in years else [], topic="proef"
    )
    page = client_for(member).get(reverse("roadmap:plan")).content.decode()
    row = page[page.index('class="milestone-row"') :].split("</tr>")[0]
    cells = row.split("<td>")[1:]
    assert "Volgend jaar" in cells[1] and "Volgend jaar" not in cells[0]


def test_no_source_means_no_milestone_row(client, client_for, member, sources):
    ThemeFactory()
    PlanItem.objects.create(title="Iets", theme=ThemeFactory(), year=YEAR, rank=1)
    assert "milestone-row" not in client.get(reverse("roadmap:national")).content.decode()
    assert "milestone-row" not in client_for(member).get(reverse("roadmap:plan")).content.decode()
