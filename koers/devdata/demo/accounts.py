"""Demo data for accounts: a membership request waiting for review."""

from koers.accounts.models import MembershipRequest
from koers.members.models import Institution

PENDING = [
    (
        "m.vanleeuwen@koers.example",
        "Mila van Leeuwen",
        "Nova College",
        "Informatieanalist",
        "Ik werk aan ons projectportfolio en wil graag ervaringen uitwisselen.",
    ),
]


def load_membership_requests(*, institutions: dict[str, Institution]) -> None:
    for email, name, inst, job, motivation in PENDING:
        if not MembershipRequest.objects.filter(email=email).exists():
            MembershipRequest.objects.create(
                full_name=name, email=email, institution=institutions[inst], job_title=job, motivation=motivation
            )
