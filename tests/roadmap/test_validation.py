"""An institution's answer for a reference item: the rule is written once in the model module and used by the
page's form, the API's input and the service."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.api.endpoints.roadmap import AdoptionIn
from koers.roadmap.forms import AdoptionsForm
from koers.roadmap.models import MSG_NOTE_WITHOUT_STATE, Adoption, ReferenceItem, check_adoption_answer
from koers.roadmap.services import adoptions_save

NOTE = {"note": [str(MSG_NOTE_WITHOUT_STATE)]}


@pytest.fixture
def ooapi(db):
    return ReferenceItem.objects.create(
        name="OOAPI", slug="ooapi", recommendation_since=timezone.localdate(), rationale="Omdat."
    )


@pytest.mark.parametrize(("state", "note"), [("in_gebruik", ""), ("gepland", "In 2027"), ("", "")])
def test_an_answer_with_a_stand_or_without_a_note_is_fine(state, note):
    check_adoption_answer(state=state, note=note)


def test_a_note_without_a_stand_is_refused_on_the_note():
    with pytest.raises(ValidationError) as raised:
        check_adoption_answer(state="", note="Binnenkort")
    assert raised.value.message_dict == NOTE


def test_the_service_refuses_it_and_writes_nothing(steering, institution, ooapi):
    with pytest.raises(ValidationError) as raised:
        adoptions_save(actor=steering, institution=institution, choices={ooapi.pk: ("", "Binnenkort")})
    assert raised.value.message_dict == NOTE
    assert not Adoption.objects.exists()


def test_the_form_and_the_api_show_it_on_their_note_field(db, ooapi):
    form = AdoptionsForm({f"note-{ooapi.pk}": "Binnenkort"}, items=[ooapi], adoptions={})
    assert form.errors == {f"note-{ooapi.pk}": [str(MSG_NOTE_WITHOUT_STATE)]}
    serializer = AdoptionIn(data={"item": ooapi.slug, "state": "", "note": "Binnenkort"})
    assert not serializer.is_valid()
    assert serializer.errors == NOTE
