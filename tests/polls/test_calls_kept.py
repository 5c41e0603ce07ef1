"""The list of calls is the same for every member: it is kept in the shared cache ({% cached_until %}) and shows a
new sign-up, a changed call or theme at once."""

from django.urls import reverse
from django.utils import timezone

from koers.polls.models import Call
from koers.polls.services import signup_create, signup_withdraw

from ..factories import ThemeFactory
from ..pages import page_and_queries


def test_the_calls_are_kept_until_a_call_a_sign_up_or_a_theme_changes(member_client, member):
    theme = ThemeFactory(name="Data en AI")
    call = Call.objects.create(title="Wie schrijft mee?", text="Meld je aan", wanted=3, closes_on=timezone.localdate())
    call.theme = theme
    call.save()
    url = reverse("calls:call-list")
    first, asked = page_and_queries(member_client, url)
    again, asked_again = page_and_queries(member_client, url)
    assert again == first and asked_again == asked - 2  # the count and the page
    assert "0 van 3 gezocht" in first and ">Data en AI</td>" in first and "(gesloten)" not in first

    signup_create(call=call, user=member, motivation="Ik doe mee.")
    assert "1 van 3 gezocht" in page_and_queries(member_client, url)[0]
    signup_withdraw(call=call, user=member)
    assert "0 van 3 gezocht" in page_and_queries(member_client, url)[0]
    call.title = "Schrijvers gezocht"
    call.save()
    assert ">Schrijvers gezocht</a>" in page_and_queries(member_client, url)[0]
    theme.name = "Data, AI en privacy"
    theme.save()
    assert ">Data, AI en privacy</td>" in page_and_queries(member_client, url)[0]
