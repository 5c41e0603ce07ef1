import pytest

from koers.search import selectors
from koers.search.indexing import reindex
from koers.search.models import Entry

from .conftest import advice, comment, item, meeting, poll, project

pytestmark = pytest.mark.django_db


def titles(results):
    return [(group.kind, [hit.object_id for hit in group.hits]) for group in results.groups]


def test_smoke(member, institution):
    p = project(institution, "Datagedreven sturing", "Een dashboard voor sturing op data")
    m = meeting("Netwerkdag over data")
    results = selectors.search(user=member, query="data")
    print(titles(results), [h.snippet for g in results.groups for h in g.hits])
    assert results.total == 2
