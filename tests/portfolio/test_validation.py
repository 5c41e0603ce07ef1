"""A project's rules, written once in the model and used by the page's form, the services (and so the API)
and every row of the spreadsheet import."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from koers.portfolio import importing
from koers.portfolio.forms import ProjectForm
from koers.portfolio.models import MSG_CONTACT_ELSEWHERE, MSG_END_BEFORE_START, Project
from koers.portfolio.services import project_create, project_update

from ..factories import ThemeFactory

DAY = datetime.date(2026, 5, 1)


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Data en AI", slug="data-en-ai")


def data(theme, **extra) -> dict:
    return {"title": "Dashboard", "themes": [theme], **extra}


@pytest.mark.parametrize(
    ("start", "end"),
    [(DAY, DAY), (DAY, DAY + datetime.timedelta(days=1)), (None, DAY), (DAY, None), (None, None)],
)
def test_clean_accepts_an_end_on_or_after_the_start_or_a_missing_date(start, end):
    Project(start_date=start, end_date=end).clean()


def test_clean_refuses_an_end_before_the_start_on_the_end_date():
    with pytest.raises(ValidationError) as raised:
        Project(start_date=DAY, end_date=DAY - datetime.timedelta(days=1)).clean()
    assert raised.value.message_dict == {"end_date": [str(MSG_END_BEFORE_START)]}


def test_check_contact_wants_a_member_of_the_projects_institution(institution, member, other_member):
    Project(institution=institution, contact=None).check_contact()
    Project(institution=institution, contact=member).check_contact()
    with pytest.raises(ValidationError) as raised:
        Project(institution=institution, contact=other_member).check_contact()
    assert raised.value.message_dict == {"contact": [str(MSG_CONTACT_ELSEWHERE)]}


def test_services_refuse_an_end_before_the_start_and_write_nothing(institution, theme):
    with pytest.raises(ValidationError) as raised:
        project_create(institution=institution, data=data(theme, start_date=DAY, end_date=DAY - datetime.timedelta(1)))
    assert raised.value.message_dict == {"end_date": [str(MSG_END_BEFORE_START)]}
    assert not Project.objects.exists()
    project = project_create(institution=institution, data=data(theme, start_date=DAY))
    with pytest.raises(ValidationError) as raised:
        project_update(project=project, data=data(theme, end_date=DAY - datetime.timedelta(1)))
    assert raised.value.message_dict == {"end_date": [str(MSG_END_BEFORE_START)]}
    project.refresh_from_db()
    assert project.end_date is None


def test_services_refuse_a_contact_of_another_institution(institution, theme, member, other_member):
    with pytest.raises(ValidationError) as raised:
        project_create(institution=institution, data=data(theme, contact=other_member))
    assert raised.value.message_dict == {"contact": [str(MSG_CONTACT_ELSEWHERE)]}
    assert not Project.objects.exists()
    project = project_create(institution=institution, data=data(theme, contact=member))
    with pytest.raises(ValidationError) as raised:
        project_update(project=project, data=data(theme, contact=other_member))
    assert raised.value.message_dict == {"contact": [str(MSG_CONTACT_ELSEWHERE)]}
    assert Project.objects.get().contact == member


def test_a_contact_who_moved_on_does_not_block_other_changes(institution, other_institution, theme, member):
    project = project_create(institution=institution, data=data(theme, contact=member))
    member.institution = other_institution
    member.save()
    project_update(project=project, data=data(theme, title="Dashboard 2"))
    assert Project.objects.get().title == "Dashboard 2"


def test_the_form_shows_the_models_message_on_the_end_date(institution, theme):
    form = ProjectForm(
        {
            "title": "Dashboard",
            "status": "lopend",
            "horizon": "operationeel",
            "domain": "ict",
            "themes": [theme.pk],
            "start_date": "2026-05-01",
            "end_date": "2026-04-30",
        },
        institution=institution,
    )
    assert form.errors == {"end_date": [str(MSG_END_BEFORE_START)]}


def test_the_import_reports_the_models_message_on_the_row(institution, theme):
    row = {"titel": "Omgekeerd", "thema's": "Data en AI", "begindatum": "01-05-2026", "einddatum": "2026-04-30"}
    [checked] = importing.check(institution=institution, rows=[row])
    assert (checked.action, checked.errors) == ("rejected", [("einddatum", str(MSG_END_BEFORE_START))])
