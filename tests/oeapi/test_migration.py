"""The migration that adds the uuid gives every existing institution its own."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("members", "0001_initial")]
AFTER = [("members", "0002_institution_uuid")]


@pytest.mark.django_db(transaction=True)
def test_existing_institutions_get_distinct_uuids():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("members", "Institution")
    for n in range(3):
        old.objects.create(name=f"College {n}", slug=f"college-{n}")
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("members", "Institution")
    uuids = list(new.objects.values_list("uuid", flat=True))
    assert len(uuids) == 3
    assert None not in uuids
    assert len(set(uuids)) == 3
    # Back to the latest state for the tests after this one.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
