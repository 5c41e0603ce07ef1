"""A member's phone number: the rule is written once in the model and used by the profile form and the service."""

import pytest
from django.core.exceptions import ValidationError

from koers.accounts.forms import ProfileForm
from koers.accounts.models import MSG_INVALID_PHONE, User
from koers.accounts.services import profile_update

PHONE_ERROR = {"phone": [str(MSG_INVALID_PHONE)]}


@pytest.mark.parametrize("phone", ["", "030 123 4567", "+31 6 1234 5678", "030-123 45 67"])
def test_a_phone_number_of_digits_spaces_and_signs_is_fine(phone):
    User(email="gerda@horizon.example", phone=phone).clean()


@pytest.mark.parametrize("phone", ["bel mij", "12345", "06-1234-5678 (werk)", "+" + "1" * 30])
def test_anything_else_is_refused_on_the_phone(phone):
    with pytest.raises(ValidationError) as raised:
        User(email="gerda@horizon.example", phone=phone).clean()
    assert raised.value.message_dict == PHONE_ERROR


def test_the_service_refuses_it_and_keeps_the_old_number(member):
    with pytest.raises(ValidationError) as raised:
        profile_update(
            user=member, full_name="Gerda", job_title="", phone="bel mij", institution=None, expertise=[], language="nl"
        )
    assert raised.value.message_dict == PHONE_ERROR
    member.refresh_from_db()
    assert member.phone == "030 123 4567"


def test_the_profile_form_shows_it_on_the_phone(member):
    form = ProfileForm({"full_name": "Gerda", "phone": " bel mij ", "language": "nl"}, instance=member)
    assert form.errors == PHONE_ERROR
