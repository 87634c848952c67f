"""Background tasks that a broker outage kept from being sent: recorded, then sent again when it is back."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from apps.core.queue import enqueue
from apps.reports.models import DeferredTask

logger = logging.getLogger(__name__)

RETRY_BATCH = 100


def task_enqueue(task: Any, *, kwargs: dict[str, Any], report_id: int | None = None) -> bool:
    """Send `task` now; if the broker is unreachable record it for `deferred_retry` and return False."""

    def record(exc: Exception) -> None:
        DeferredTask.objects.create(task=task.name, kwargs=kwargs, report_id=report_id, error=str(exc)[:500])

    sent = enqueue(task, kwargs=kwargs, on_failure=record)
    # the broker is back: whatever waited is sent too (one cheap query when nothing waits)
    eager = task.app.conf.task_always_eager
    if sent and not eager and task.name != "reports.deferred_retry" and DeferredTask.objects.exists():
        enqueue(task.app.tasks["reports.deferred_retry"], kwargs={})
    return sent


def deferred_send(*, batch: int = RETRY_BATCH) -> int:
    """Send the recorded tasks again, oldest first; stop at the first the broker refuses. Returns sent."""
    from celery import current_app

    sent = 0
    while True:
        with transaction.atomic():
            waiting = list(DeferredTask.objects.select_for_update(skip_locked=True).order_by("id")[:batch])
            if not waiting:
                return sent
            for item in waiting:
                task = current_app.tasks[item.task]
                if not enqueue(task, kwargs=item.kwargs):
                    DeferredTask.objects.filter(pk=item.pk).update(attempts=item.attempts + 1)
                    return sent
                item.delete()
                sent += 1


def report_waits_for_broker(*, report_id: int) -> bool:
    """True when the report's task is recorded as not sent (its page says it waits for the task server)."""
    return DeferredTask.objects.filter(report_id=report_id).exists()
