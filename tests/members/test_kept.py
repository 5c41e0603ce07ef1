"""The member directory's results are kept in the shared cache ({% cached_until %}) per search and shown anew as
soon as a member, what they share or an institution changes."""

from django.urls import reverse
from django.utils import timezone

from koers.members import personal_data
from koers.members.models import Position, SharedField
from koers.members.services import consent_set, position_start

from ..factories import UserFactory, share
from ..pages import page_and_queries


def test_the_directory_shows_a_change_of_a_member_at_once(member_client, institution):
    colleague = UserFactory(full_name="Gerda Visser", institution=institution, email="gerda.visser@kept.example")
    url = reverse("members:directory")
    first, asked = page_and_queries(member_client, url)
    again, asked_again = page_and_queries(member_client, url)
    assert again == first and asked_again < asked
    assert "Gerda Visser" in first and "gerda.visser@kept.example" not in first
    share(colleague, SharedField.EMAIL)
    assert "mailto:gerda.visser@kept.example" in page_and_queries(member_client, url)[0]
    consent_set(user=colleague, field=SharedField.EMAIL, granted=False)
    colleague.full_name = "Gerda de Vries"
    colleague.save()
    shown = page_and_queries(member_client, url)[0]
    assert "Gerda de Vries" in shown and "gerda.visser@kept.example" not in shown
    institution.name = "Horizon College Alkmaar"
    institution.save()
    assert "Horizon College Alkmaar" in page_and_queries(member_client, url)[0]
    # Another search is kept apart.
    assert "Gerda de Vries" not in page_and_queries(member_client, url, {"q": "Pietersen"})[0]


def test_the_institutions_are_kept_until_an_institution_or_its_members_change(member_client, institution):
    url = reverse("members:institution-list")
    first, asked = page_and_queries(member_client, url)
    again, asked_again = page_and_queries(member_client, url)
    assert again == first and asked_again == asked - 2  # the count and the page
    assert f">{institution.name}</a>" in first
    row = f">{institution.name}</a></td>"
    assert first.split(row)[1].split("</tr>")[0].endswith('data-label="Leden">1</td>')
    UserFactory(institution=institution)
    shown = page_and_queries(member_client, url)[0]
    assert shown.split(row)[1].split("</tr>")[0].endswith('data-label="Leden">2</td>')
    institution.city = "Alkmaar"
    institution.save()
    assert 'data-label="Plaats">Alkmaar</td>' in page_and_queries(member_client, url)[0]


def test_the_steering_group_is_kept_until_a_position_or_its_holder_changes(member_client, steering):
    url = reverse("members:steering-group")
    first, asked = page_and_queries(member_client, url)
    again, asked_again = page_and_queries(member_client, url)
    assert again == first and asked_again == asked - 3  # the current, coming and former terms
    current = first.split("<h2>")[1]
    assert f">{steering.full_name}</a>" in current
    newcomer = UserFactory(full_name="Priya Ramdin")
    position_start(actor=None, user=newcomer, kind=Position.Kind.STEERING_MEMBER, start_date=timezone.localdate())
    assert ">Priya Ramdin</a>" in page_and_queries(member_client, url)[0].split("<h2>")[1]
    newcomer.full_name = "Priya Ramdin-Bakker"
    newcomer.save()
    assert ">Priya Ramdin-Bakker</a>" in page_and_queries(member_client, url)[0].split("<h2>")[1]
    personal_data.erase(user=newcomer)  # an update() ends the term: no signal
    assert "Priya Ramdin" not in page_and_queries(member_client, url)[0].split("<h2>")[1]
