"""The portfolio's chart per theme and status is kept until the portfolio changes: every kind of write shows at once."""

import pytest
from django.urls import reverse

from koers.portfolio.models import Project
from koers.portfolio.services import import_commit, import_preview, project_delete, project_update

from ..factories import ThemeFactory
from .test_import import xlsx_file

pytestmark = pytest.mark.django_db


def chart_table(client) -> list[list[str]]:
    """The chart's data table (theme, then a number per status) as the list page shows it."""
    chart = client.get(reverse("portfolio:project-list")).context["listing"]()["per_theme"]
    return [] if chart is None else [[str(label), *map(str, cells)] for label, cells in chart.table.rows]


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Data-ondersteund onderwijs", slug="data-ondersteund-onderwijs")


def test_each_write_shows_in_the_next_chart(member_client, institution, theme, member):
    assert chart_table(member_client) == []
    project = Project.objects.create(institution=institution, title="Dashboard", status="lopend")
    project.themes.add(theme)
    assert chart_table(member_client) == [["Data-ondersteund onderwijs", "0", "0", "1", "0", "0", "1"]]
    assert chart_table(member_client) == [["Data-ondersteund onderwijs", "0", "0", "1", "0", "0", "1"]]

    project_update(project=project, data={"status": "afgerond", "themes": [theme]})
    assert chart_table(member_client) == [["Data-ondersteund onderwijs", "0", "0", "0", "1", "0", "1"]]

    theme.name = "Datagedreven onderwijs"
    theme.save()
    assert chart_table(member_client) == [["Datagedreven onderwijs", "0", "0", "0", "1", "0", "1"]]

    other = ThemeFactory(name="Data en AI", slug="data-en-ai")
    project.themes.set([other])
    assert chart_table(member_client) == [["Data en AI", "0", "0", "0", "1", "0", "1"]]

    batch = import_preview(
        actor=member,
        institution=institution,
        upload=xlsx_file([["Nieuw uit import", "", "idee", "Data en AI", "", "", "", "", ""]]),
    )
    assert import_commit(batch=batch) == (1, 0)
    assert chart_table(member_client) == [["Data en AI", "1", "0", "0", "1", "0", "2"]]

    project_delete(project=project)
    assert chart_table(member_client) == [["Data en AI", "1", "0", "0", "0", "0", "1"]]
