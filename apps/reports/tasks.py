"""Celery tasks of the reports app: thin, they take ids, call one service and own the retries."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import chord, group, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from apps.reports.models import ComplianceReport, ReportStatus
from apps.reports.services import requests
from apps.reports.services.alerts import alerts_build

logger = logging.getLogger(__name__)

# Below the broker's visibility timeout (settings: CELERY_VISIBILITY_TIMEOUT), or a long report would be
# delivered a second time while the first delivery still runs.
REPORT_TIME_LIMIT = settings.CELERY_TASK_TIME_LIMIT
REPORT_SOFT_TIME_LIMIT = settings.CELERY_TASK_SOFT_TIME_LIMIT
REPORT_MAX_RETRIES = requests.MAX_ATTEMPTS - 1
RETRY_DELAY = 30  # seconds before the first retry; doubled at each retry


@shared_task(
    bind=True,
    name="reports.compliance_report",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=REPORT_MAX_RETRIES,
    soft_time_limit=REPORT_SOFT_TIME_LIMIT,
    time_limit=REPORT_TIME_LIMIT,
)
def compliance_report_task(self, report_id: int) -> str | None:  # type: ignore[no-untyped-def]
    """Run report `report_id` (requests.report_run); retry an error, fail the report after the cap.

    Acknowledged only when finished (acks_late): a worker killed mid-report leaves the message to be
    delivered again, and report_run starts the report cleanly, counting the attempt.
    """
    try:
        if _runs_in_parts(self, report_id):
            return ReportStatus.RUNNING
        report = requests.report_run(report_id=report_id)
    except ComplianceReport.DoesNotExist:
        return None  # deleted since it was requested
    except SoftTimeLimitExceeded:
        requests.report_fail(report_id=report_id, error=requests.ERR_TIME_LIMIT)
        return ComplianceReport.objects.filter(pk=report_id).values_list("status", flat=True).first()
    except Exception as exc:
        # inline (no broker) there is no worker to retry later: the page shows the failure at once
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.exception("compliance report %s failed", report_id)
            attempts = (
                ComplianceReport.objects.filter(pk=report_id).values_list("attempts", flat=True).first()
            )
            requests.report_fail(
                report_id=report_id, error=requests.ERR_BUILD_FAILED.format(attempts=attempts)
            )
            return ComplianceReport.objects.filter(pk=report_id).values_list("status", flat=True).first()
        raise self.retry(exc=exc, countdown=RETRY_DELAY * 2**self.request.retries) from exc
    return None if report is None else report.status


def _runs_in_parts(task, report_id: int) -> bool:  # type: ignore[no-untyped-def]
    """On workers, a report of many entries runs as a chord: its parts on any worker, then the join.

    False (run it here, in one task) inline, for a report of one part or fewer entries than
    settings.REPORT_PARALLEL_MIN_ENTRIES.
    """
    if task.request.is_eager:
        return False
    report = ComplianceReport.objects.filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return False
    from apps.reports.selectors.streaming import compliance_report_parts

    plan = compliance_report_parts(
        organization=report.organization, term=report.term, kind=report.kind or None
    )
    if len(plan) < 2 or sum(part.entries for part in plan) < settings.REPORT_PARALLEL_MIN_ENTRIES:
        return False
    started = requests.report_start(report_id=report_id, plan_parts=plan)
    if started is None:
        return True  # done, failed after its last attempt, or run by another worker
    token = started["token"]
    # largest parts first, so that the last part to finish is a small one
    numbers = sorted(
        (p["number"] for p in started["parts"]), key=lambda n: -started["parts"][n - 1]["entries"]
    )
    steps = [compliance_report_base_task.si(report_id, token)]
    steps += [compliance_report_part_task.si(report_id, token, number) for number in numbers]
    _run_steps(task, report_id, token, steps, then=compliance_report_files_task)
    return True


def _run_steps(task, report_id: int, token: str, steps: list[Any], *, then: Any) -> None:  # type: ignore[no-untyped-def]
    """Run the steps of run `token` as a chord on any worker, then `then(report_id, token)`; a step
    failed after its retries fails the report. All go to the queue `task` came from (a worker may
    serve one queue only)."""
    queue = (task.request.delivery_info or {}).get("routing_key")
    options: dict[str, Any] = {"queue": queue} if queue else {}
    chord(
        group(step.set(**options) for step in steps),
        then.si(report_id, token)
        .set(**options)
        .on_error(compliance_report_part_failed.si(report_id, token).set(**options)),
    ).apply_async(**options)


def _retried(task, step: Callable[[], bool]) -> bool:  # type: ignore[no-untyped-def]
    """A step of a report run (a part, a file): an error is retried with back-off, then raised (the
    chord's error callback fails the report); past its time limit it is not retried."""
    try:
        return step()
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:
        if task.request.retries >= task.max_retries:
            raise
        raise task.retry(exc=exc, countdown=RETRY_DELAY * 2**task.request.retries) from exc


# A step of a report run: acknowledged when done (a killed worker's step is delivered again).
STEP_OPTIONS: dict[str, Any] = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": REPORT_MAX_RETRIES,
    "soft_time_limit": REPORT_SOFT_TIME_LIMIT,
    "time_limit": REPORT_TIME_LIMIT,
}


@shared_task(name="reports.compliance_report_part", **STEP_OPTIONS)
def compliance_report_part_task(self, report_id: int, token: str, number: int) -> bool:  # type: ignore[no-untyped-def]
    """Write one part of run `token` of a report (atomically; a second delivery finds it done)."""
    return _retried(self, lambda: requests.report_part(report_id=report_id, token=token, number=number))


@shared_task(name="reports.compliance_report_base", **STEP_OPTIONS)
def compliance_report_base_task(self, report_id: int, token: str) -> bool:  # type: ignore[no-untyped-def]
    """Write the base of run `token` (the distinct officials and the measures), beside its parts."""
    return _retried(self, lambda: requests.report_base(report_id=report_id, token=token))


@shared_task(
    bind=True,
    name="reports.compliance_report_files",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=REPORT_SOFT_TIME_LIMIT,
    time_limit=REPORT_TIME_LIMIT,
)
def compliance_report_files_task(self, report_id: int, token: str) -> bool:  # type: ignore[no-untyped-def]
    """Once the parts of run `token` are written: its four files as four tasks, then the publication
    (a chord), so that the join, too, runs on as many workers as there are."""
    try:
        if not requests.report_files_start(report_id=report_id, token=token):
            return False
    except Exception:
        logger.exception("compliance report %s could not be joined", report_id)
        compliance_report_part_failed(report_id, token)
        return False
    # The JSON first: writing its gigabyte to disk (fsync) takes longest and leaves a worker's CPU free
    # for the workbook and the PDF meanwhile; the CSV (a third of the bytes) last.
    steps = [compliance_report_file_task.si(report_id, token, fmt) for fmt in ("json", "xlsx", "pdf", "csv")]
    _run_steps(self, report_id, token, steps, then=compliance_report_finish_task)
    return True


@shared_task(name="reports.compliance_report_file", **STEP_OPTIONS)
def compliance_report_file_task(self, report_id: int, token: str, fmt: str) -> bool:  # type: ignore[no-untyped-def]
    """Write the file of one format of run `token` (atomically; a second delivery finds it written)."""
    return _retried(self, lambda: requests.report_file(report_id=report_id, token=token, fmt=fmt))


@shared_task(
    name="reports.compliance_report_finish",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=REPORT_SOFT_TIME_LIMIT,
    time_limit=REPORT_TIME_LIMIT,
)
def compliance_report_finish_task(report_id: int, token: str) -> str | None:
    """Publish the four files of run `token` (the last task; it writes any file not written yet)."""
    try:
        report = requests.report_finish(report_id=report_id, token=token)
    except Exception:
        logger.exception("compliance report %s could not be joined", report_id)
        compliance_report_part_failed(report_id, token)
        return ReportStatus.FAILED
    return None if report is None else report.status


@shared_task(name="reports.compliance_report_part_failed")
def compliance_report_part_failed(report_id: int, token: str, *args: object) -> None:
    """A part or a file failed after its retries: fail the report, if that run is still the current one."""
    attempts = ComplianceReport.objects.filter(pk=report_id).values_list("attempts", flat=True).first()
    requests.report_fail_run(
        report_id=report_id, token=token, error=requests.ERR_BUILD_FAILED.format(attempts=attempts)
    )


# --- dashboard summaries -------------------------------------------------------------------------------


@shared_task(name="reports.summaries_refresh", acks_late=True, reject_on_worker_lost=True)
def summaries_refresh(list_ids: list[int] | None = None, official_ids: list[int] | None = None) -> int:
    """Recalculate the dashboard summaries of these lists and officials (None: all); nightly, after imports."""
    from apps.reports.services import list_summaries_refresh

    return list_summaries_refresh(list_ids=list_ids, official_ids=official_ids)


@shared_task(name="reports.alerts_build")
def alerts_build_task() -> int:
    """The daily alerts job (Celery beat, 06:00): today's alerts, once each; returns how many are new."""
    return len(alerts_build(today=timezone.localdate()))


# --- tasks the broker could not take ------------------------------------------------------------------


@shared_task(name="reports.deferred_retry")
def deferred_retry() -> int:
    """Send again the tasks recorded while the broker was unreachable (every minute by beat)."""
    from apps.reports.services.deferred import deferred_send

    return deferred_send()
