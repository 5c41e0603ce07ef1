"""The national heatmap as people read it: one rule for the colours and the legend's ranges, cells per theme and
half-year, the phone list beside the table, and numbered milestones."""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.roadmap import milestones as hook
from koers.roadmap.selectors import HeatBand, HeatCell, heat_legend, heat_shade, heatmap
from koers.roadmap.services import ambition_save
from koers.roadmap.templatetags.heatmap import cell_url

from ..factories import InstitutionFactory, ThemeFactory

YEAR = timezone.localdate().year


def plot(institution, theme, year, half):
    data = {"start_year": year, "start_half": half, "level": "experimenteren", "readiness": "kunnen", "note": ""}
    return ambition_save(actor=None, institution=institution, theme=theme, data=data)


@pytest.mark.parametrize(
    ("maximum", "shades"),
    [
        (0, [0]),
        (1, [0, 4]),
        (2, [0, 2, 4]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 1, 2, 2, 3, 3, 4, 4]),
        (8, [0, 1, 1, 2, 2, 3, 3, 4, 4]),
    ],
)
def test_heat_shade_colours_each_count_by_its_share_of_the_busiest_cell(maximum, shades):
    assert [heat_shade(count, maximum) for count in range(maximum + 1)] == shades


@pytest.mark.parametrize(
    ("maximum", "legend"),
    [
        (0, [(0, 0, 0)]),
        (1, [(0, 0, 0), (4, 1, 1)]),  # no empty steps: the colours no count gets are left out
        (2, [(0, 0, 0), (2, 1, 1), (4, 2, 2)]),
        (7, [(0, 0, 0), (1, 1, 1), (2, 2, 3), (3, 4, 5), (4, 6, 7)]),
        (8, [(0, 0, 0), (1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8)]),
        (45, [(0, 0, 0), (1, 1, 11), (2, 12, 22), (3, 23, 33), (4, 34, 45)]),
    ],
)
def test_heat_legend_gives_the_range_of_every_colour(maximum, legend):
    assert heat_legend(maximum) == [HeatBand(*band) for band in legend]


@pytest.mark.parametrize("maximum", [1, 2, 3, 5, 7, 8, 13, 45, 110])
def test_heat_legend_and_cells_agree_for_every_count(maximum):
    """Every count from 0 to the maximum falls in exactly one band, the band of its own colour."""
    bands = heat_legend(maximum)
    for count in range(maximum + 1):
        [band] = [band for band in bands if band.low <= count <= band.high]
        assert band.shade == heat_shade(count, maximum)
    assert bands[-1].high == maximum


def test_heatmap_rows_give_every_half_year_with_count_and_colour(db):
    theme, other = ThemeFactory(name="Data en AI", slug="data-en-ai"), ThemeFactory(name="XR", slug="xr")
    for _ in range(4):
        plot(InstitutionFactory(), theme, YEAR, 1)
    plot(InstitutionFactory(), other, YEAR + 1, 2)
    heat = heatmap()
    rows = dict(heat.rows())
    assert len(heat.periods) == 10 and len(rows[theme]) == len(rows[other]) == 10
    assert rows[theme][:4] == [
        HeatCell(YEAR - 1, 1, 0, 0),
        HeatCell(YEAR - 1, 2, 0, 0),
        HeatCell(YEAR, 1, 4, 4),
        HeatCell(YEAR, 2, 0, 0),
    ]
    assert rows[other][5] == HeatCell(YEAR + 1, 2, 1, 1)
    assert heat.legend == [HeatBand(shade, shade, shade) for shade in range(5)]  # the busiest cell has 4


def test_national_page_shows_the_legend_ranges_and_both_forms(client, db):
    theme = ThemeFactory(name="Data en AI", slug="data-en-ai")
    for n in range(7):
        plot(InstitutionFactory(), theme, YEAR, 1 + (n < 2))
    page = client.get(reverse("roadmap:national")).content.decode()
    # Five in the first half-year, two in the second: the busiest cell has 5.
    legend = page[page.index('class="heat-legend"') : page.index('class="overflow-auto heatmap-wrap"')]
    assert re.findall(r'<li class="heat heat-(\d)">([^<]*)</li>', legend) == [
        ("0", "0"),
        ("1", "1"),
        ("2", "2"),
        ("3", "3"),
        ("4", "4–5"),
    ]
    table = page[page.index('<table class="matrix heatmap">') : page.index("</table>")]
    assert '<td class="heat heat-4">5</td>' in table and '<td class="heat heat-2">2</td>' in table
    assert table.count('<td class="heat heat-0">0</td>') == 8  # empty cells show their 0
    phone = page[page.index('<div class="heat-list">') : page.index("</div>\n", page.index('<div class="heat-list">'))]
    assert f"<dt>{YEAR} H1</dt><dd>5</dd>" in phone and f"<dt>{YEAR} H2</dt><dd>2</dd>" in phone
    assert phone.count("<dt>") == 10
    assert "Data en AI</a></h3>" in phone


def test_members_get_a_link_in_every_non_empty_cell_of_both_forms(client, member, db):
    theme = ThemeFactory(name="Data en AI", slug="data-en-ai")
    plot(InstitutionFactory(), theme, YEAR, 2)
    client.force_login(member)
    page = client.get(reverse("roadmap:national"), {"kind": "roc"}).content.decode()
    url = reverse("roadmap:cell", kwargs={"slug": "data-en-ai", "year": YEAR, "half": 2})
    link = f'href="{url}?kind=roc" aria-label="1 instelling, Data en AI, {YEAR} halfjaar 2">1</a>'
    assert page.count(link) == 2  # the table and the phone list


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


def test_milestones_are_numbered_markers_told_in_a_list_below(client, db, monkeypatch):
    monkeypatch.setattr(hook, "_sources", [])
    monkeypatch.setattr(hook, "_topics", [])
    ThemeFactory()
    hook.register_milestones(
        lambda years: [
            Stone("Vroeg", YEAR, 1),
            Stone("Ook vroeg", YEAR, 2),
            Stone("Laat", YEAR + 2, 4),
            Stone("R&D <b>", YEAR + 3, 1),
        ],
        topic="proef",
    )
    page = client.get(reverse("roadmap:national")).content.decode()
    row = page[page.index('class="milestone-row"') :].split("</tr>")[0]
    cells = row.split("<td>")[1:]
    assert len(cells) == 10
    marker = '<a class="milestone-marker" href="#mijlpaal-{n}">{n}<span class="visually-hidden">: {title}</span></a>'
    assert cells[2].startswith(marker.format(n=1, title="Vroeg") + " " + marker.format(n=2, title="Ook vroeg"))
    assert cells[7].startswith(marker.format(n=3, title="Laat"))
    assert cells[8].startswith(marker.format(n=4, title="R&amp;D &lt;b&gt;"))
    assert cells[0].startswith('<span class="visually-hidden">geen mijlpaal</span></td>')
    listed = page[page.index('<ol class="milestone-list">') : page.index("</ol>")]
    assert listed.count("<li ") == 4
    assert '<a href="/mijlpaal/R&amp;D &lt;b&gt;/">R&amp;D &lt;b&gt;</a>' in listed
    assert (
        f'<li id="mijlpaal-3"><span class="milestone-marker" aria-hidden="true">3</span> '
        f'<span class="milestone-period">{YEAR + 2} H2</span> <a href="/mijlpaal/Laat/">Laat</a> '
        f'<span class="meta">Q4 {YEAR + 2} · gepland</span></li>'
    ) in listed


def test_a_cells_address_is_the_one_its_url_pattern_gives():
    prefix = reverse("roadmap:national")
    assert cell_url(prefix, "data-en-ai", 2027, 2) == reverse("roadmap:cell", args=["data-en-ai", 2027, 2])
