"""Where the roadmap points at a person: who changed an ambition, owns a plan item or updated an adoption.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

# The roadmap is the institution's; these keep pointing at the account after its erasure, which then
# names nobody.
USER_FIELDS = (
    "roadmap.AmbitionChange.changed_by",
    "roadmap.PlanItem.owner",
    "roadmap.Adoption.updated_by",
)


def export(*, user) -> dict[str, Any]:
    return {}


def erase(*, user) -> None:
    """Nothing to erase: the roadmap is the institution's."""
