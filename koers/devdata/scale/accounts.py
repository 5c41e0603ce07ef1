"""Membership requests waiting for review. A step of ``manage.py load_scale``: see koers.devdata.scale."""

import datetime

from django.utils.text import slugify

from koers.accounts.models import MembershipRequest, User

from .base import Scale
from .words import FIRST_NAMES, JOB_TITLES, LAST_NAMES


def membership_requests(data: Scale, n: int) -> str:
    """A third approved (the generated members' own requests), a third waiting, a third rejected."""
    rng = data.rng("requests", MembershipRequest.objects.count())
    members = User.objects.filter(pk__in=rng.sample(data.people, min(len(data.people), n // 3))).order_by("pk")
    rows = [
        {
            "full_name": member.full_name,
            "email": member.email,
            "institution": member.institution_id,
            "job_title": member.job_title,
            "motivation": "Graag lid van het netwerk.",
            "status": "approved",
            "created_at": member.date_joined - datetime.timedelta(days=3),
            "decided_at": member.date_joined,
            "decided_by": rng.choice(data.steering),
            "decision_reason": "",
            "user": member.pk,
        }
        for member in members
    ]
    start = MembershipRequest.objects.count()
    for k in range(n - len(rows)):
        institution = rng.choice(data.institution_rows)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{slugify(first)}.{slugify(last)}.aanvraag{start + k + 1:04d}@{institution[4] or 'mbo.example'}"
        waiting = k % 2 == 0
        created = data.ago(rng, 1, 30) if waiting else data.ago(rng, 30, 700)
        rows.append(
            {
                "full_name": f"{first} {last}",
                "email": email,
                "institution": institution[0],
                "job_title": rng.choice(JOB_TITLES) if waiting else "Student",
                "motivation": "Ik wil graag meedoen." if waiting else "",
                "status": "pending" if waiting else "rejected",
                "created_at": created,
                "decided_at": None if waiting else created + datetime.timedelta(days=2),
                "decided_by": None if waiting else rng.choice(data.steering),
                "decision_reason": "" if waiting else "Het netwerk is voor medewerkers van mbo-instellingen.",
                "user": None,
            }
        )
    data.loader.add(MembershipRequest, rows)
    return f"+{len(rows):,}"
