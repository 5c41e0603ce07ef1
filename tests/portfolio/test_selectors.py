"""Whom a project names as its contact: koers.portfolio.selectors.shown_contact, read by the project page and the
API's project."""

import pytest

from koers.portfolio.models import Project
from koers.portfolio.selectors import shown_contact

from ..factories import UserFactory


@pytest.mark.parametrize(("contact", "shown"), [(None, False), ("active", True), ("departed", False)])
def test_shown_contact(institution, contact, shown):
    person = UserFactory(institution=institution, is_active=contact == "active") if contact else None
    project = Project.objects.create(institution=institution, title="Studentvolg", contact=person)
    assert shown_contact(project=project) == (person if shown else None)
