"""Access-matrix rows for the polls API (see tests/api/access.py).

The rows use a poll for the steering group only, so that they show who may see and vote in it: to members
outside the audience it does not exist (404, as for a missing id, so that ids cannot be probed; nothing
written); an administrator sees it (as on the site) but is not in its audience, so the voting service
refuses the ballot (400).
"""

from ..polls.conftest import make_poll

ROLES = ["guest", "member", "other", "steering", "chair", "admin"]


def level(**statuses: int) -> dict[str, int]:
    default = statuses.pop("default", 200)
    return {role: statuses.get(role, default) for role in ROLES}


def _ballot(world: dict) -> dict:
    poll = world["steering_poll"]
    question = poll.questions.get()
    return {"answers": [{"question": question.pk, "dots": [{"option": question.options.first().pk, "dots": 2}]}]}


MATRIX: dict = {
    "api:poll-list GET": ("get", level(guest=401), None),
    "api:poll-detail GET": ("get", level(guest=401, member=404, other=404), None),
    "api:poll-ballot POST": ("post", level(guest=401, member=404, other=404, default=201, admin=400), _ballot),
}


def extend_world(*, users: dict, kwargs: dict, objects: dict) -> None:
    """An open dot vote for the steering group; the rows' URLs point at it."""
    poll = make_poll(
        title="Prioriteiten van de regiegroep",
        kind="stipstemming",
        dots=3,
        audience="regiegroep",
        questions=[("", "stippen", ["OOAPI", "Eduroam"])],
    )
    objects["steering_poll"] = poll
    kwargs["api:poll-detail"] = {"pk": poll.pk}
    kwargs["api:poll-ballot"] = {"pk": poll.pk}
