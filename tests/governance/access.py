"""Access-matrix rows and world objects for the governance URLs; merged into tests/test_access_matrix.py."""

import datetime

from django.utils import timezone

from koers.governance.models import Nomination, Vacancy
from koers.polls.models import Poll
from koers.polls.services import ballot_cast, poll_create, poll_publish, question_save

from ..factories import UserFactory

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


MEMBER = level(guest=302)
STEERING = level(guest=302, member=403, other=403)
STEERING_POST = level(guest=302, member=403, other=403, default=302)
NOMINEE_POST = level(guest=302, member=403, other=302, steering=403, chair=403, admin=403)  # "other" is nominated


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def vacancy_form(kind: str, title: str) -> dict:
    return {
        "kind": kind,
        "title": title,
        "profile": "Wij zoeken een verbinder.",
        "seats": 1,
        "nominations_open_until": day(7),
        "term_start": day(60),
    }


# name: (method, expected status per role, POST data); the data is a valid submission.
MATRIX: dict = {
    "governance:vacancy-list": ("get", MEMBER, None),
    "governance:vacancy-create": ("get", STEERING, lambda w: vacancy_form("secretary", "Secretaris")),
    "governance:vacancy-detail": ("get", MEMBER, lambda w: {"nominee": w["member"].pk, "motivation": "Graag."}),
    "governance:vacancy-edit": ("get", STEERING, lambda w: vacancy_form("chair", "Voorzitter gezocht")),
    "governance:vacancy-cancel": ("get", STEERING, {"reason": "Niet meer nodig."}),
    "governance:election-start": (
        "get",
        STEERING,
        lambda w: {"closes_at": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
    ),
    "governance:election-close": ("get", STEERING, {}),
    "governance:result-confirm": ("get", STEERING, lambda w: {"elected": [w["gov_winner"].pk]}),
    "governance:nomination-accept": ("post", NOMINEE_POST, {}),
    "governance:nomination-decline": ("post", NOMINEE_POST, {}),
    # The nominee ("other") and who nominated them ("member") may withdraw it.
    "governance:nomination-withdraw": ("get", level(guest=302, steering=403, chair=403, admin=403), {}),
}


def _election(*, title: str, people: list, closed: bool, voters=()) -> tuple[Vacancy, list[Nomination]]:
    """A vacancy for a steering-group seat in its election (made without services: the world has no audit)."""
    now = timezone.now()
    poll = poll_create(
        actor=None,
        data={
            "title": f"Verkiezing: {title}",
            "kind": Poll.Kind.POLL,
            "anonymous": True,
            "allow_change": False,
            "visibility": Poll.Visibility.AFTER_CLOSING,
            "opens_at": now - datetime.timedelta(hours=2),
            "closes_at": now + datetime.timedelta(days=2),
            "election": True,
        },
    )
    question = question_save(
        poll=poll, question=None, data={"text": "Wie?", "kind": "een"}, options=[p.full_name for p in people]
    )
    poll_publish(actor=None, poll=poll)
    vacancy = Vacancy.objects.create(
        kind="steering_member",
        title=title,
        profile="Profiel",
        nominations_open_until=timezone.localdate() - datetime.timedelta(days=3),
        term_start=timezone.localdate() + datetime.timedelta(days=30),
        status=Vacancy.Status.ELECTION,
        election=poll,
    )
    nominations = [
        Nomination.objects.create(
            vacancy=vacancy,
            nominee=person,
            nominated_by=person,
            status=Nomination.Status.ACCEPTED,
            decided_at=now,
            option=option,
        )
        for person, option in zip(people, question.options.order_by("position"), strict=True)
    ]
    for voter in voters:
        ballot_cast(poll=poll, voter=voter, answers={question.pk: nominations[0].option_id})
    if closed:
        Poll.objects.filter(pk=poll.pk).update(closes_at=now - datetime.timedelta(hours=1))
    return vacancy, nominations


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """Create the objects the governance rows need and add their URL kwargs and form data objects."""
    now = timezone.now()
    today = timezone.localdate()
    # A chair vacancy whose nomination period just ended: ready for its election, one nomination pending.
    chair = Vacancy.objects.create(
        kind="chair",
        title="Voorzitter regiegroep",
        profile="Profiel",
        nominations_open_until=today - datetime.timedelta(days=1),
        term_start=today + datetime.timedelta(days=60),
    )
    for person in (UserFactory(full_name="Anna Kandidaat"), UserFactory(full_name="Bert Kandidaat")):
        Nomination.objects.create(
            vacancy=chair, nominee=person, nominated_by=person, status=Nomination.Status.ACCEPTED, decided_at=now
        )
    pending = Nomination.objects.create(vacancy=chair, nominee=users["other"], nominated_by=users["member"])
    running, _ = _election(title="Lid regiegroep (lopend)", people=[UserFactory(), UserFactory()], closed=False)
    closed, winners = _election(
        title="Lid regiegroep", people=[UserFactory(), UserFactory()], closed=True, voters=[UserFactory()]
    )
    objects["gov_winner"] = winners[0]
    kwargs.update(
        {
            "governance:vacancy-detail": {"pk": chair.pk},
            "governance:vacancy-edit": {"pk": chair.pk},
            "governance:vacancy-cancel": {"pk": chair.pk},
            "governance:election-start": {"pk": chair.pk},
            "governance:election-close": {"pk": running.pk},
            "governance:result-confirm": {"pk": closed.pk},
            "governance:nomination-accept": {"pk": pending.pk},
            "governance:nomination-decline": {"pk": pending.pk},
            "governance:nomination-withdraw": {"pk": pending.pk},
        }
    )
