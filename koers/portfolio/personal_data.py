"""Where portfolio points at a person: a project's contact and who imported a spreadsheet.

Called by koers.privacy for the data download and the erasure of an account.
"""

from typing import Any

# Projects are the institution's; their contact and the importer keep pointing at the account after its
# erasure, which then names nobody.
USER_FIELDS = (
    "portfolio.Project.contact",
    "portfolio.ImportBatch.created_by",
)


def export(*, user) -> dict[str, Any]:
    return {}


def erase(*, user) -> None:
    """Nothing to erase: the portfolio is the institution's."""
