"""Reads for the Open Education API: the member institutions, each read in one query."""

import uuid

from koers.members.models import Institution

# Only what an Organisation shows: no size band, no people.
FIELDS = ("uuid", "name", "short_name", "slug", "kind", "city", "website", "institution_code", "schac_home")


def institutions() -> list[Institution]:
    """Every member institution by name (one query). The network has some tens of them: the collection filters,
    sorts and pages them in Python, so that the network root, which is no row, takes its place among them, and
    the order is the same on every database (whose collations differ)."""
    found = Institution.objects.only(*FIELDS)
    return sorted(found, key=lambda institution: (institution.name.casefold(), str(institution.uuid)))


def institution(*, organisation_id: uuid.UUID) -> Institution | None:
    return Institution.objects.only(*FIELDS).filter(uuid=organisation_id).first()
