"""A large import is committed by a task: the page says it is being processed, then shows the result."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from koers.portfolio.models import ImportBatch, Project
from koers.portfolio.services import IMPORT_QUEUED_STALE, import_commit_later, import_preview

from ..background import queued, run_tasks
from ..factories import ThemeFactory
from .test_import import GOOD, csv_file


@pytest.fixture
def themes(db):
    return [
        ThemeFactory(name="Data-ondersteund onderwijs", slug="data-ondersteund-onderwijs"),
        ThemeFactory(name="Data en AI", slug="data-en-ai"),
    ]


PROCESSING = "Het bestand (4 rijen) wordt verwerkt."


def rows(count: int) -> list[list[str]]:
    return [[f"Project {n}", *GOOD[1:]] for n in range(count)]


def test_a_small_import_is_written_in_the_request(client, member, institution, themes, settings, task_queue):
    settings.KOERS_IMPORT_TASK_ROWS = 4
    batch = import_preview(actor=member, institution=institution, upload=csv_file(rows(4)))
    client.force_login(member)
    response = client.post(reverse("portfolio:import-preview", args=[batch.pk]))
    assert response["Location"] == reverse("portfolio:my-portfolio")
    assert Project.objects.count() == 4
    assert queued() == []


def commit_four_rows_above_a_threshold_of_three(client, member, institution, settings, capture):
    """The member previews a four-row file and commits it while imports above three rows go to the queue:
    the batch, its preview page and the answer to the commit."""
    settings.KOERS_IMPORT_TASK_ROWS = 3
    batch = import_preview(actor=member, institution=institution, upload=csv_file(rows(4)))
    url = reverse("portfolio:import-preview", args=[batch.pk])
    client.force_login(member)
    with capture(execute=True):
        response = client.post(url)
    return batch, url, response


def test_a_large_import_is_queued_and_the_page_shows_progress_then_the_result(
    client,
    member,
    institution,
    themes,
    settings,
    task_queue,
    django_capture_on_commit_callbacks,
):
    batch, url, response = commit_four_rows_above_a_threshold_of_three(
        client, member, institution, settings, django_capture_on_commit_callbacks
    )
    assert response["Location"] == url
    assert Project.objects.count() == 0
    assert queued() == [("import_commit_queued", {"batch_id": batch.pk})]
    page = client.get(url).content.decode()
    assert PROCESSING in page
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "Het bestand wordt verwerkt. Deze pagina toont het resultaat zodra het klaar is." in page
    # Asking again while it is being processed queues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(queued()) == 1
    assert "Dit bestand wordt al verwerkt." in client.get(url).content.decode()

    assert run_tasks() == 1
    batch.refresh_from_db()
    assert (batch.state, batch.created_count, batch.updated_count) == (ImportBatch.State.COMMITTED, 4, 0)
    assert Project.objects.filter(institution=institution).count() == 4
    assert Project.themes.through.objects.count() == 8
    page = client.get(url).content.decode()
    assert "Dit bestand is vastgelegd: 4 nieuwe projecten en 0 bijgewerkte projecten." in page
    assert "refresh" not in page


def test_a_refused_queued_import_returns_to_the_preview_with_the_reason(
    member,
    institution,
    themes,
    settings,
    task_queue,
    django_capture_on_commit_callbacks,
):
    settings.KOERS_IMPORT_TASK_ROWS = 1
    batch = import_preview(actor=member, institution=institution, upload=csv_file(rows(2)))
    with django_capture_on_commit_callbacks(execute=True):
        import_commit_later(batch=batch)
    Project.objects.create(institution=institution, title="Project 0")  # the portfolio changed meanwhile
    Project.objects.create(institution=institution, title="Project 1")
    ImportBatch.objects.filter(pk=batch.pk).update(rows=[{"titel": "Project 0"}, {"titel": "Project 1"}])
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert (batch.state, batch.error) == (
        ImportBatch.State.PREVIEW,
        "Er is geen enkele rij die kan worden vastgelegd. Pas het bestand aan en probeer opnieuw.",
    )


def test_a_queued_import_whose_worker_stopped_may_be_queued_again(
    client,
    member,
    institution,
    themes,
    settings,
    task_queue,
    django_capture_on_commit_callbacks,
):
    batch, url, _ = commit_four_rows_above_a_threshold_of_three(
        client, member, institution, settings, django_capture_on_commit_callbacks
    )
    ImportBatch.objects.filter(pk=batch.pk).update(queued_at=timezone.now() - IMPORT_QUEUED_STALE)
    DBTaskResult.objects.update(status="RUNNING")  # the worker that took it was killed
    page = client.get(url).content.decode()
    assert "Het verwerken van dit bestand is niet afgerond; er is niets vastgelegd. Leg het opnieuw vast." in page
    assert "refresh" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert (batch.state, batch.created_count) == (ImportBatch.State.COMMITTED, 4)
