"""The rules of an advice's details, written once in the model and used by the page's forms and the services
(and so the API)."""

import pytest
from django.core.exceptions import ValidationError

from koers.advice.forms import AdviceCreateForm, AdviceForm
from koers.advice.models import MSG_TARGET_BOTH, Advice
from koers.advice.services import advice_create, advice_update

from ..factories import ThemeFactory
from .conftest import make_advice

BOTH = {"target_quarter": [str(MSG_TARGET_BOTH)]}


@pytest.mark.parametrize(("year", "quarter"), [(None, None), (2027, 1)])
def test_clean_accepts_a_target_with_year_and_quarter_or_none(year, quarter):
    Advice(target_year=year, target_quarter=quarter).clean()


@pytest.mark.parametrize(("year", "quarter"), [(2027, None), (None, 3)])
def test_clean_refuses_half_a_target_on_the_quarter(year, quarter):
    with pytest.raises(ValidationError) as raised:
        Advice(target_year=year, target_quarter=quarter).clean()
    assert raised.value.message_dict == BOTH


def test_services_refuse_half_a_target_and_write_nothing(steering):
    theme = ThemeFactory()
    with pytest.raises(ValidationError) as raised:
        advice_create(actor=steering, data={"title": "Half", "question": "?", "target_year": 2027}, links={})
    assert raised.value.message_dict == BOTH
    assert not Advice.objects.exists()
    advice = make_advice(actor=steering, themes=[theme], target_year=2027, target_quarter=2)
    with pytest.raises(ValidationError) as raised:
        advice_update(actor=steering, advice=advice, data={"target_quarter": None}, links={})
    assert raised.value.message_dict == BOTH
    advice.refresh_from_db()
    assert advice.target == "Q2 2027"


@pytest.mark.parametrize("form_class", [AdviceForm, AdviceCreateForm])
def test_the_forms_show_the_models_message_on_the_quarter(db, form_class):
    theme = ThemeFactory()
    form = form_class({"title": "Half", "themes": [theme.pk], "question": "?", "target_year": 2027})
    assert form.errors == BOTH
