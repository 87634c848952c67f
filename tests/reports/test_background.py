"""Without a broker, a report asked for on a page runs after the response on a background thread (issue
13, item 7), so that the page shows its progress; with REPORT_BACKGROUND_THREADS = 0 it runs inline."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.urls import reverse

from apps.reports.models import ComplianceReport, ReportStatus
from apps.reports.services import requests

from .test_views import client_for, site  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_report_runs_after_the_response(site: dict[str, Any], settings, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_CONFIGURED = False
    settings.REPORT_BACKGROUND_THREADS = 1
    release = threading.Event()
    ran_on: list[str] = []
    original = requests.report_run

    def held(**kwargs: Any) -> Any:
        ran_on.append(threading.current_thread().name)
        assert release.wait(60)
        return original(**kwargs)

    monkeypatch.setattr(requests, "report_run", held)
    client = client_for(site["viewer"])
    response = client.post(
        reverse("reports:index"), {"organization": site["district"].pk, "term": site["term"].pk, "kind": ""}
    )
    report = ComplianceReport.objects.get()
    assert response.status_code == 302
    # the response came back while the report waits on its thread: the page polls its progress
    assert report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
    assert "hx-trigger" in client.get(response["Location"]).content.decode()
    release.set()
    deadline = time.monotonic() + 60
    while ComplianceReport.objects.get().status != ReportStatus.DONE and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ComplianceReport.objects.get().status == ReportStatus.DONE
    assert ran_on and ran_on[0].startswith("background")
