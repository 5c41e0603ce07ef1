"""Many members at the same moment, over real HTTP against gunicorn and PostgreSQL.

Every member signs in through the sign-in form in a browser of their own, reads the page and submits its
form with the page's CSRF token; one barrier releases all submissions together. Every accepted ballot
counts exactly once, a meeting never takes more people than it has places, and no request ends in a
server error.

The tests share one server (``gunicorn_server``) and run in this order on purpose: a worker's first
request of a kind is slow, so later waves meet warm workers whose requests overlap more, and a missing
lock is more likely to show. Members of a double submission are side by side in the firing order, so
their two requests reach the server together.
"""

from collections import Counter

from django.urls import reverse

from koers.meetings.models import Registration
from koers.meetings.services import MSG_ALREADY_REGISTERED
from koers.polls.models import Answer, Ballot, Participation
from koers.polls.selectors import results
from koers.polls.services import MSG_ALREADY_VOTED

from ..factories import PASSWORD, UserFactory
from ..meetings.conftest import make_meeting
from ..polls.conftest import make_poll
from .server import Browser, Response, all_at_once, for_each, needs_postgresql, signed_in

pytestmark = needs_postgresql

VOTERS = 50
VOTED = ("success", "Je stem is opgeslagen.")
ALREADY_VOTED = ("error", str(MSG_ALREADY_VOTED))
REGISTERED = ("success", "Je bent aangemeld. Je krijgt een bevestiging per e-mail.")
WAITING = ("warning", "De bijeenkomst is vol; je staat op de wachtlijst. Je krijgt bericht als er een plaats vrijkomt.")
ALREADY_REGISTERED = ("error", str(MSG_ALREADY_REGISTERED))
SINGLE = ("Moet OOAPI de standaard worden?", "een", ["Ja", "Nee", "Weet niet"])
SEVERAL = ("Welke thema's gaan voor?", "meer", ["Data", "Identiteit", "Cloud", "Roosters"])


def option_ids(poll, text: str) -> list[int]:
    return list(poll.questions.get(text=text).options.order_by("position").values_list("pk", flat=True))


def field(poll, text: str) -> str:
    return f"q{poll.questions.get(text=text).pk}"


def tally(poll) -> dict[str, tuple[int, dict[str, int]]]:
    """Per question: respondents and the count per option, as the results page shows them."""
    return {
        row.question.text: (row.respondents, {result.option.label: result.count for result in row.options})
        for row in results(poll=poll).questions
    }


def stored(poll) -> tuple[int, int, int]:
    """(participations, ballots, answers) of the poll in the database."""
    return (
        Participation.objects.filter(poll=poll).count(),
        Ballot.objects.filter(poll=poll).count(),
        Answer.objects.filter(ballot__poll=poll).count(),
    )


def outcome(browser: Browser, response: Response) -> list[tuple[str, str]]:
    """What the member reads after submitting: the messages on the page the form led to.

    A ballot the voting service refuses comes back with the form (400) and the reason above it; every
    other answer redirects to the page, which carries the message.
    """
    if response.status == 400:
        return [("error", error) for error in response.form_errors()]
    return browser.follow(response).messages()


def test_fifty_members_vote_at_the_same_moment_and_every_ballot_counts_once(gunicorn_server):
    poll = make_poll(questions=[SINGLE, SEVERAL], allow_change=False)
    one, several = option_ids(poll, SINGLE[0]), option_ids(poll, SEVERAL[0])
    members = UserFactory.create_batch(VOTERS)
    browsers = signed_in(gunicorn_server, members, PASSWORD)
    page = poll.get_absolute_url()
    ballots = for_each(browsers, lambda browser: browser.get(page))
    assert [(r.status, f'name="{field(poll, SINGLE[0])}"' in r.text) for r in ballots] == [(200, True)] * VOTERS

    def vote(n: int, single: int | None = None):
        data = {
            field(poll, SINGLE[0]): one[n % 3] if single is None else single,
            field(poll, SEVERAL[0]): [several[n % 4], several[(n + 1) % 4]],
        }
        return lambda barrier: browsers[n].post(page, data, barrier=barrier)

    responses = all_at_once([vote(n) for n in range(VOTERS)])
    assert [(r.status, r.location) for r in responses] == [(302, page)] * VOTERS
    read = for_each(zip(browsers, responses, strict=True), lambda pair: outcome(*pair))
    assert read == [[VOTED]] * VOTERS
    assert stored(poll) == (VOTERS, VOTERS, VOTERS * 3)
    per_member = Counter(Ballot.objects.filter(poll=poll).values_list("participation__user_id", flat=True))
    assert per_member == Counter({member.pk: 1 for member in members})
    expected = {
        SINGLE[0]: (50, {"Ja": 17, "Nee": 17, "Weet niet": 16}),
        SEVERAL[0]: (50, {"Data": 25, "Identiteit": 26, "Cloud": 25, "Roosters": 24}),
    }
    assert tally(poll) == expected

    # The same fifty submit again at once, now all for "Nee": refused, and nothing changes.
    again = all_at_once([vote(n, single=one[1]) for n in range(VOTERS)])
    assert [r.status for r in again] == [302] * VOTERS
    read = for_each(zip(browsers, again, strict=True), lambda pair: outcome(*pair))
    assert read == [[ALREADY_VOTED]] * VOTERS
    assert stored(poll) == (VOTERS, VOTERS, VOTERS * 3)
    assert tally(poll) == expected
    assert gunicorn_server.errors() == []


def test_a_ballot_sent_twice_at_the_same_moment_counts_once(gunicorn_server):
    """Each member submits the same anonymous ballot from two devices at once: one counts, one is refused."""
    poll = make_poll(questions=[SINGLE], anonymous=True)
    one = option_ids(poll, SINGLE[0])
    members = UserFactory.create_batch(VOTERS)
    # Two devices per member, side by side in the firing order: devices 2k and 2k + 1 are member k's.
    devices = signed_in(gunicorn_server, [member for member in members for _ in range(2)], PASSWORD)
    page = poll.get_absolute_url()
    assert {r.status for r in for_each(devices, lambda device: device.get(page))} == {200}

    def vote(n: int):
        data = {field(poll, SINGLE[0]): one[n // 2 % 3]}
        return lambda barrier: devices[n].post(page, data, barrier=barrier)

    responses = all_at_once([vote(n) for n in range(2 * VOTERS)])
    # Refused either by the voting service (the form comes back) or, when the first ballot was already
    # in, by the page before it (a redirect with the reason): never a server error.
    assert {r.status for r in responses} <= {302, 400}
    read = for_each(zip(devices, responses, strict=True), lambda pair: outcome(*pair))
    pairs = [sorted(read[2 * k] + read[2 * k + 1]) for k in range(VOTERS)]
    assert pairs == [[ALREADY_VOTED, VOTED]] * VOTERS
    assert stored(poll) == (VOTERS, VOTERS, VOTERS)
    voters = Counter(Participation.objects.filter(poll=poll).values_list("user_id", flat=True))
    assert voters == Counter({member.pk: 1 for member in members})
    assert Ballot.objects.filter(poll=poll, participation=None).count() == VOTERS  # anonymous: not linked
    assert tally(poll) == {SINGLE[0]: (50, {"Ja": 17, "Nee": 17, "Weet niet": 16})}
    assert gunicorn_server.errors() == []


def registrations(meeting) -> dict[int, str]:
    return dict(Registration.objects.filter(meeting=meeting).values_list("user_id", "status"))


def test_a_member_registering_twice_at_once_gets_one_registration(gunicorn_server):
    """Ten members register from two devices at once for five places: ten registrations, five of them waiting."""
    meeting = make_meeting(capacity=5)
    members = UserFactory.create_batch(10)
    devices = signed_in(gunicorn_server, [member for member in members for _ in range(2)], PASSWORD)
    page, register = meeting.get_absolute_url(), reverse("meetings:register", args=[meeting.pk])
    assert {r.status for r in for_each(devices, lambda device: device.get(page))} == {200}

    responses = all_at_once([lambda barrier, d=d: d.post(register, {"note": ""}, barrier=barrier) for d in devices])
    assert [(r.status, r.location) for r in responses] == [(302, page)] * 20
    read = for_each(zip(devices, responses, strict=True), lambda pair: outcome(*pair))
    pairs = [sorted(read[2 * k] + read[2 * k + 1]) for k in range(10)]
    assert sorted(pairs) == [[ALREADY_REGISTERED, REGISTERED]] * 5 + [[ALREADY_REGISTERED, WAITING]] * 5
    held = registrations(meeting)
    assert sorted(held) == sorted(member.pk for member in members)
    assert Counter(held.values()) == Counter({"aangemeld": 5, "wachtlijst": 5})
    assert gunicorn_server.errors() == []


def test_twenty_members_register_at_once_for_ten_places(gunicorn_server):
    meeting = make_meeting(capacity=10)
    members = UserFactory.create_batch(20)
    browsers = signed_in(gunicorn_server, members, PASSWORD)
    page, register = meeting.get_absolute_url(), reverse("meetings:register", args=[meeting.pk])
    pages = for_each(browsers, lambda browser: browser.get(page))
    assert [(r.status, f'action="{register}"' in r.text) for r in pages] == [(200, True)] * 20

    responses = all_at_once([lambda barrier, b=b: b.post(register, {"note": ""}, barrier=barrier) for b in browsers])
    assert [(r.status, r.location) for r in responses] == [(302, page)] * 20
    read = for_each(zip(browsers, responses, strict=True), lambda pair: outcome(*pair))
    assert sorted(read) == [[REGISTERED]] * 10 + [[WAITING]] * 10
    held = registrations(meeting)
    assert Counter(held.values()) == Counter({"aangemeld": 10, "wachtlijst": 10})
    # Who read "aangemeld" holds a place, and the places went to the first ten registrations written.
    told_registered = {member.pk for member, said in zip(members, read, strict=True) if said == [REGISTERED]}
    assert told_registered == {pk for pk, status in held.items() if status == "aangemeld"}
    in_order = Registration.objects.filter(meeting=meeting).order_by("pk").values_list("status", flat=True)
    assert list(in_order) == ["aangemeld"] * 10 + ["wachtlijst"] * 10
    assert "<dd>10 van 10 plaatsen</dd>" in browsers[0].get(page).text
    assert gunicorn_server.errors() == []
