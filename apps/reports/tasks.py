"""Celery tasks of the reports app: thin, they take ids, call one service and own the retries."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from apps.reports.models import ComplianceReport
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
