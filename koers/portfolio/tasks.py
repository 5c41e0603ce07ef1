"""Background tasks of the portfolio: committing a large import."""

from typing import Any

from django.core.exceptions import ValidationError
from django_tasks import task

from . import services
from .models import ImportBatch


@task()
def import_commit_queued(*, batch_id: int) -> dict[str, Any]:
    """Write a queued import batch (services.import_commit, one transaction: all of it or nothing).

    A refusal (nothing to import, the portfolio changed) puts the batch back on its preview with the reason;
    anything unexpected does so too and then fails the task, so it is recorded for the administrators.
    """
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:  # deleted meanwhile
        return {"created": 0, "updated": 0}
    try:
        created, updated = services.import_commit(batch=batch, queued=True)
    except ValidationError as error:
        services.import_commit_failed(batch_id=batch_id, message=" ".join(error.messages))
        return {"refused": error.messages}
    except Exception:
        services.import_commit_failed(batch_id=batch_id, message=str(services.MSG_IMPORT_BROKE))
        raise
    return {"created": created, "updated": updated}
