"""SURFconext sign-in in a real browser against a real OpenID provider started in the test.

oidc-provider-mock runs on a free local port (with PKCE enforced, see tests/accounts/oidc_provider.py);
Koers's live server is pointed at it the way the KOERS_OIDC_* variables point it at SURFconext. Chromium
presses "Inloggen met SURFconext", approves at the provider and comes back.
"""

import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from koers.accounts import oidc
from koers.accounts.models import MembershipRequest, SurfconextIdentity, User

from ..accounts.oidc_provider import HORIZON, Provider
from ..factories import PASSWORD
from .conftest import assert_accessible, field, login

# The provider's authlib warns about its own deprecated internals on every token it issues.
pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore::DeprecationWarning:authlib")]


@pytest.fixture(scope="module")
def provider():
    running = Provider()
    yield running
    running.stop()


@pytest.fixture
def surfconext(settings, provider, live_server, page):
    """Koers (the live server, same process) uses the local provider; the browser stays off the internet."""
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    # The provider's own page loads its stylesheet from a CDN: not needed, and no network in CI.
    page.context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())
    return provider


@pytest.fixture
def horizon_member(member, institution):
    """Gerda, whose institution signs in through SURFconext as horizon.nl."""
    institution.schac_home = HORIZON
    institution.save(update_fields=["schac_home"])
    return member


def press_surfconext(page, live_server) -> None:
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.get_by_role("button", name="Inloggen met SURFconext").click()


def approve_at_provider(page, provider, sub: str) -> None:
    """What the person does at SURFconext: sign in there (here: name the subject) and approve."""
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.url)}/oauth2/authorize\?"))
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def hold_answer(page, provider) -> list[str]:
    """Stop the browser on its way back to Koers and keep the URL (with code and state) for the test.

    Playwright does not route requests that follow a redirect, so the approval at the provider is routed:
    it is sent on, and its redirect to Koers is kept instead of followed.
    """
    held: list[str] = []

    def hold(route):
        if route.request.method != "POST":
            route.continue_()
            return
        response = route.fetch(max_redirects=0)
        held.append(response.headers["location"])
        route.fulfill(status=200, content_type="text/plain", body="vastgehouden")

    page.route(re.compile(rf"^{re.escape(provider.url)}/oauth2/authorize"), hold)
    return held


def with_query(url: str, **changes: str) -> str:
    parsed = urlparse(url)
    query = {name: values[0] for name, values in parse_qs(parsed.query).items()} | changes
    return parsed._replace(query=urlencode(query)).geturl()


def expect_refused(page, live_server, message) -> None:
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:login')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("status")).to_have_text(str(message))
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inloggen")).to_be_visible()


def test_known_member_signs_in_with_surfconext(page, live_server, demo, surfconext):
    member = User.objects.get(email="lid@koers.example")
    surfconext.set_user(
        "sub-gerda",
        email="Lid@Koers.Example",
        name="Gerda Visser",
        schac_home_organization="roc-van-amsterdam.demo.example",
    )
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    expect(page.get_by_role("heading", level=2).first).to_have_text("Met het account van je instelling")
    assert_accessible(page)

    page.get_by_role("button", name="Inloggen met SURFconext").click()
    approve_at_provider(page, surfconext, "sub-gerda")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Gerda")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_text("Mijn account").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("button", name="Uitloggen")).to_be_visible()
    identity = SurfconextIdentity.objects.get()
    assert (identity.user, identity.sub, identity.issuer) == (member, "sub-gerda", surfconext.url)
    assert_accessible(page)


def test_sign_in_returns_to_the_page_asked_for(page, live_server, horizon_member, surfconext):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example", name="Gerda Visser")
    page.goto(f"{live_server.url}{reverse('members:directory')}")  # members only: off to the sign-in page
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:login')}?next=/leden/")
    page.get_by_role("button", name="Inloggen met SURFconext").click()
    approve_at_provider(page, surfconext, "sub-gerda")
    expect(page).to_have_url(f"{live_server.url}/leden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leden van het netwerk")


def test_unknown_person_lands_on_a_pre_filled_membership_request(page, live_server, demo, surfconext):
    surfconext.set_user(
        "sub-nadia",
        email="Nadia.Nieuw@ROCvA.example",
        given_name="Nadia",
        family_name="Nieuw",
        schac_home_organization="ROC-van-Amsterdam.demo.example",
    )
    users = User.objects.count()
    press_surfconext(page, live_server)
    approve_at_provider(page, surfconext, "sub-nadia")

    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:membership-request')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lid worden van het netwerk")
    expect(page.locator(".surfconext-notes")).to_have_text(
        "SURFconext heeft je herkend als nadia.nieuw@rocva.example, maar met dit e-mailadres ben je nog geen lid "
        "van het netwerk. Controleer je gegevens, vul je functie in en verstuur je aanvraag."
    )
    expect(field(page, "Naam")).to_have_value("Nadia Nieuw")
    expect(field(page, "Werk-e-mailadres")).to_have_value("nadia.nieuw@rocva.example")
    expect(field(page, "Instelling").locator("option:checked")).to_have_text("ROC van Amsterdam")
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inloggen")).to_be_visible()
    assert User.objects.count() == users
    assert_accessible(page)

    field(page, "Functie of rol binnen je instelling").fill("Informatiemanager")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanvraag ontvangen")
    request = MembershipRequest.objects.get(email="nadia.nieuw@rocva.example")
    assert (request.full_name, request.institution.name, request.job_title, request.status) == (
        "Nadia Nieuw",
        "ROC van Amsterdam",
        "Informatiemanager",
        MembershipRequest.Status.PENDING,
    )
    assert User.objects.count() == users


def test_unknown_institution_is_said_plainly(page, live_server, institution, surfconext):
    surfconext.set_user(
        "sub-otto", email="otto@elders.example", name="Otto Elders", schac_home_organization="elders.example"
    )
    press_surfconext(page, live_server)
    approve_at_provider(page, surfconext, "sub-otto")

    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:membership-request')}")
    notes = page.locator(".surfconext-notes p")
    expect(notes).to_have_count(2)
    expect(notes.nth(1)).to_have_text(
        "Je instelling (elders.example volgens SURFconext) is nog niet bekend in Koers. Kies je instelling zelf "
        "uit de lijst."
    )
    expect(field(page, "Naam")).to_have_value("Otto Elders")
    expect(field(page, "Instelling").locator("option:checked")).to_have_text("Kies je instelling")
    assert_accessible(page)


def test_wrong_state_goes_back_to_sign_in_with_a_message(page, live_server, member, surfconext):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    held = hold_answer(page, surfconext)
    press_surfconext(page, live_server)
    approve_at_provider(page, surfconext, "sub-gerda")
    expect(page.get_by_text("vastgehouden")).to_be_visible()

    page.goto(with_query(held[0], state="vervalst-door-iemand"))
    expect_refused(page, live_server, oidc.MSG_STATE)
    assert not SurfconextIdentity.objects.exists()
    assert_accessible(page)


def test_used_code_and_replayed_answer_go_back_to_sign_in_with_a_message(page, live_server, horizon_member, surfconext):
    surfconext.set_user("sub-gerda", email="gerda@horizon.example")
    # A first, successful sign-in; keep the URL the browser came back with.
    seen: list[str] = []
    page.on(
        "request", lambda request: seen.append(request.url) if "/account/surfconext/terug/" in request.url else None
    )
    press_surfconext(page, live_server)
    approve_at_provider(page, surfconext, "sub-gerda")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Gerda")
    first_answer = seen[0]
    page.get_by_role("navigation", name="Hoofdmenu").get_by_text("Mijn account").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inloggen")).to_be_visible()

    # A new sign-in whose answer carries the code that was already exchanged: the provider refuses it.
    held = hold_answer(page, surfconext)
    press_surfconext(page, live_server)
    approve_at_provider(page, surfconext, "sub-gerda")
    expect(page.get_by_text("vastgehouden")).to_be_visible()
    used_code = parse_qs(urlparse(first_answer).query)["code"][0]
    page.goto(with_query(held[0], code=used_code))
    expect_refused(page, live_server, oidc.MSG_CODE)
    assert_accessible(page)

    # The first answer replayed as it was: its state was spent when it was used.
    page.goto(first_answer)
    expect_refused(page, live_server, oidc.MSG_STATE)


def test_cancelling_at_surfconext_goes_back_to_sign_in(page, live_server, db, surfconext):
    press_surfconext(page, live_server)
    expect(page).to_have_url(re.compile(rf"^{re.escape(surfconext.url)}/oauth2/authorize\?"))
    page.get_by_role("button", name="Deny").click()
    expect_refused(page, live_server, oidc.MSG_CANCELLED)


def test_password_sign_in_still_works_next_to_surfconext(page, live_server, member, surfconext):
    token_requests = len(surfconext.guard.token_requests)
    login(page, live_server, member.email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Gerda")
    assert len(surfconext.guard.token_requests) == token_requests
    assert not SurfconextIdentity.objects.exists()


def test_without_a_client_id_there_is_no_surfconext_button(page, live_server, db, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("button", name="Inloggen met SURFconext")).to_have_count(0)
    response = page.goto(f"{live_server.url}{reverse('accounts:surfconext-start')}")
    assert response is not None and response.status == 404
