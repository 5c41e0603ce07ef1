"""The rules of institutions and positions, written once in the model and used by the pages' forms and the
services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.members.forms import InstitutionForm, PositionForm
from koers.members.models import MSG_END_BEFORE_START, Institution, Position
from koers.members.services import institution_update, position_end, position_start

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
# Django's own wording for a taken unique value, in Dutch.
MSG_CODE_TAKEN = "Er bestaat al een Instelling met eenzelfde Instellingscode."
MSG_DOMAIN_TAKEN = "Er bestaat al een Instelling met eenzelfde SURFconext-domein."


@pytest.mark.parametrize(("start", "end"), [(TODAY, None), (TODAY, TODAY), (TODAY, TODAY + DAY)])
def test_a_term_may_end_on_or_after_its_start_or_stay_open(start, end):
    Position(start_date=start, end_date=end).clean()


def test_a_term_that_ends_before_it_starts_is_refused_on_the_end_date():
    with pytest.raises(ValidationError) as raised:
        Position(start_date=TODAY, end_date=TODAY - DAY).clean()
    assert raised.value.message_dict == {"end_date": [str(MSG_END_BEFORE_START)]}


def test_the_services_refuse_it_and_write_nothing(steering, member):
    with pytest.raises(ValidationError) as raised:
        position_start(actor=steering, user=member, kind="steering_member", start_date=TODAY, end_date=TODAY - DAY)
    assert raised.value.message_dict == {"end_date": [str(MSG_END_BEFORE_START)]}
    assert not Position.objects.filter(user=member).exists()
    position = position_start(actor=steering, user=member, kind="steering_member", start_date=TODAY)
    with pytest.raises(ValidationError) as raised:
        position_end(actor=steering, position=position, end_date=TODAY - DAY)
    assert raised.value.message_dict == {"end_date": [str(MSG_END_BEFORE_START)]}
    position.refresh_from_db()
    assert position.end_date is None


def test_the_position_form_shows_the_models_message(member):
    form = PositionForm(
        {"user": member.pk, "kind": "steering_member", "start_date": TODAY.isoformat(), "end_date": str(TODAY - DAY)}
    )
    assert form.errors == {"end_date": [str(MSG_END_BEFORE_START)]}


@pytest.fixture
def taken(other_institution) -> Institution:
    other_institution.institution_code, other_institution.schac_home = "25LH", "horizon.example"
    other_institution.save()
    return other_institution


def test_codes_of_another_institution_are_refused_on_their_fields(institution, taken):
    institution.institution_code, institution.schac_home = "25LH", "Horizon.Example"
    with pytest.raises(ValidationError) as raised:
        institution.clean()
    assert raised.value.message_dict == {"institution_code": [MSG_CODE_TAKEN], "schac_home": [MSG_DOMAIN_TAKEN]}


def test_own_and_empty_codes_are_fine(institution, other_institution):
    institution.institution_code, institution.schac_home = "25LH", "horizon.example"
    institution.save()
    institution.clean()
    Institution(name="Nieuw", slug="nieuw").clean()  # empty codes never clash


def test_the_service_refuses_a_taken_code_with_the_same_message(steering, institution, taken):
    with pytest.raises(ValidationError) as raised:
        institution_update(actor=steering, institution=institution, data={"institution_code": "25LH"})
    assert raised.value.message_dict == {"institution_code": [MSG_CODE_TAKEN]}
    institution.refresh_from_db()
    assert institution.institution_code == ""


def test_the_institution_form_shows_the_models_message(institution, taken):
    data = {"name": institution.name, "kind": institution.kind, "size_band": institution.size_band}
    form = InstitutionForm({**data, "schac_home": "HORIZON.example"}, instance=institution)
    assert form.errors == {"schac_home": [MSG_DOMAIN_TAKEN]}
