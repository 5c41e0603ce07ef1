import datetime

import pytest
from django.utils import timezone

from koers.polls.models import Poll
from koers.polls.services import poll_create, poll_publish, question_save

HOUR = datetime.timedelta(hours=1)


def make_poll(*, questions=(("Kies", "een", ["Ja", "Nee"]),), publish=True, **settings):
    now = timezone.now()
    data = {
        "title": settings.pop("title", "OOAPI als standaard"),
        "kind": settings.pop("kind", Poll.Kind.SURVEY),
        "opens_at": settings.pop("opens_at", now - HOUR),
        "closes_at": settings.pop("closes_at", now + 24 * HOUR),
        **settings,
    }
    if data.get("anonymous"):
        data.setdefault("allow_change", False)
    poll = poll_create(actor=None, data=data)
    if poll.kind == Poll.Kind.DOTS:
        question = poll.questions.get()
        question_save(poll=poll, question=question, data={"kind": "stippen"}, options=list(questions[0][2]))
    else:
        for text, kind, options in questions:
            question_save(poll=poll, question=None, data={"text": text, "kind": kind}, options=list(options))
    if publish:
        poll_publish(actor=None, poll=poll)
    return poll


def option(poll, label, question=0):
    return poll.questions.all()[question].options.get(label=label)


@pytest.fixture
def poll(db):
    return make_poll()
