"""What polls holds about a person: votes in polls that are not anonymous, and sign-ups for calls.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

from .models import Answer, Participation, SignUp

# Who created a poll or a call keeps pointing at the account after its erasure, which then names nobody.
USER_FIELDS = (
    "polls.Poll.created_by",
    "polls.Participation.user",
    "polls.Call.created_by",
    "polls.SignUp.user",
)


def export(*, user) -> dict[str, Any]:
    return {
        "poll_votes": [
            # Only polls that are not anonymous: an anonymous ballot is linked to nobody.
            {
                "poll": answer.question.poll.title,
                "question": answer.question.text,
                "answer": answer.option.label if answer.option else (answer.value or answer.text),
                "dots": answer.value if answer.option_id else None,
            }
            for answer in Answer.objects.filter(ballot__participation__user=user)
            .select_related("question__poll", "option")
            .order_by("question__poll_id", "question__position", "question_id")
        ],
        "call_signups": [
            {"call": s.call.title, "motivation": s.motivation, "at": s.created_at.isoformat()}
            for s in SignUp.objects.filter(user=user).select_related("call").order_by("created_at")
        ],
    }


def erase(*, user) -> None:
    SignUp.objects.filter(user=user).delete()
    # Ballots stay counted, but no longer say whose they were.
    Participation.objects.filter(user=user).update(user=None)
