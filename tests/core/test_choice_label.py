"""choice_label: a choice's label as get_FOO_display gives it, in the active language."""

from django.utils import translation

from koers.advice.models import Advice, Status
from koers.core.models import choice_label
from koers.roadmap.models import PlanItem, PlanStatus


def test_the_label_of_a_value_in_the_active_language_or_the_value_itself():
    assert choice_label(Status, "aangeboden") == "Aangeboden aan de Adviesraad"
    assert choice_label(Status, Status.DRAFT) == "Concept"
    assert choice_label(Status, "onbekend") == "onbekend"
    with translation.override("en"):
        assert choice_label(Status, "aangeboden") == str(Status.OFFERED.label)
        assert choice_label(Status, "aangeboden") != "Aangeboden aan de Adviesraad"
    assert choice_label(Status, "aangeboden") == "Aangeboden aan de Adviesraad"


def test_advice_and_plan_items_show_their_status_with_it():
    assert Advice(status=Status.CONSULTATION).get_status_display() == "Consultatie"
    item = PlanItem(status=PlanStatus.PROPOSED)
    assert item.get_status_display() == str(PlanStatus.PROPOSED.label)
