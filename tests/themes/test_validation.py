"""The rules of agendas and themes, written once in the model and used by the pages' forms and the services."""

import pytest
from django.core.exceptions import ValidationError

from koers.themes.forms import AgendaForm, ThemeForm
from koers.themes.models import MSG_END_YEAR_BEFORE_START, MSG_NAME_TAKEN, Agenda, Theme
from koers.themes.services import agenda_save, theme_save

from ..factories import AgendaFactory, ThemeFactory


@pytest.mark.parametrize(("start", "end"), [(2023, 2031), (2023, 2023), (None, 2031), (2023, None)])
def test_an_agenda_may_end_in_or_after_its_first_year(start, end):
    Agenda(name="Npuls", start_year=start, end_year=end).clean()


def test_an_agenda_that_ends_before_it_starts_is_refused_on_the_end_year(db, steering):
    with pytest.raises(ValidationError) as raised:
        Agenda(name="Npuls", start_year=2031, end_year=2023).clean()
    assert raised.value.message_dict == {"end_year": [str(MSG_END_YEAR_BEFORE_START)]}
    with pytest.raises(ValidationError) as raised:
        agenda_save(actor=steering, agenda=Agenda(name="Npuls", start_year=2031, end_year=2023))
    assert raised.value.message_dict == {"end_year": [str(MSG_END_YEAR_BEFORE_START)]}
    assert not Agenda.objects.exists()
    form = AgendaForm({"name": "Npuls", "start_year": 2031, "end_year": 2023})
    assert form.errors == {"end_year": [str(MSG_END_YEAR_BEFORE_START)]}


def test_a_theme_name_is_unique_within_its_agenda_whatever_the_capitals(db, steering):
    theme = ThemeFactory(name="Data en AI")
    theme.clean()  # its own name is no clash
    Theme(agenda=AgendaFactory(), name="DATA EN AI").clean()  # nor the same name in another agenda
    with pytest.raises(ValidationError) as raised:
        Theme(agenda=theme.agenda, name="DATA EN AI").clean()
    assert raised.value.message_dict == {"name": [str(MSG_NAME_TAKEN)]}
    with pytest.raises(ValidationError) as raised:
        theme_save(actor=steering, theme=Theme(agenda=theme.agenda, name="data en ai", slug="x"), related=[])
    assert raised.value.message_dict == {"name": [str(MSG_NAME_TAKEN)]}
    assert Theme.objects.count() == 1
    form = ThemeForm({"agenda": theme.agenda.pk, "name": "Data En Ai"})
    assert form.errors == {"name": [str(MSG_NAME_TAKEN)]}
