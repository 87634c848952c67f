"""A worker killed with SIGKILL in the middle of a report: another worker finishes it, exactly once.

Real processes on the configured Redis broker and the test database. The report task is acks_late, so
the message of the killed worker stays unacknowledged in Redis; with CELERY_VISIBILITY_TIMEOUT short
(the workers' environment), the second worker delivers it again a few seconds later. The report then
restarts cleanly (attempt 2) and publishes its four files; what the killed attempt left is removed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import openpyxl
import pytest

from apps.accounts.models import User
from apps.organizations.models import Organization, Term
from apps.reports.models import ComplianceReport, ReportStatus
from apps.reports.services import FILE_FIELDS, report_folder, report_request
from apps.reports.tasks import compliance_report_task
from benchmarks.scale_data import generate
from tests.conftest import broker_reachable, require_service, subprocess_database_url

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = 10_000  # a few seconds of report on an idle machine: long enough to be killed mid-way
VISIBILITY_TIMEOUT = 20  # seconds before the unacknowledged message of the killed worker is delivered again
pytestmark = pytest.mark.worker


class Worker:
    """`celery worker --pool=solo` on one queue, as a child process."""

    def __init__(self, queue: str, env: dict[str, str], log: Path) -> None:
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cadreplan",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-n",
                f"{log.stem}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def wait_for(what: str, check, timeout: float, workers: list[Worker]) -> ComplianceReport:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = ComplianceReport.objects.get()
        if check(report):
            return report
        time.sleep(0.05)
    logs = "\n".join(w.log.name + ":\n" + Path(w.log.name).read_text()[-3000:] for w in workers)
    raise AssertionError(
        f"timed out waiting for {what}; report is {report.status} {report.progress}%\n{logs}"
    )


@pytest.mark.django_db(transaction=True)
def test_report_survives_a_killed_worker(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    require_service("Redis broker (CELERY_BROKER_URL)", broker_reachable())
    settings.MEDIA_ROOT = tmp_path / "media"
    generate(entries=ENTRIES)
    root = Organization.objects.get(code="SC-TW")
    admin = User.objects.create(username="kill-test", is_superuser=True, is_staff=True)
    report = report_request(user=admin, organization=root, term=Term.objects.get(code="2025-2030"), kind=None)

    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    workers = [Worker(queue, env, tmp_path / "worker1.log")]
    try:
        compliance_report_task.apply_async((report.pk,), queue=queue)
        wait_for(
            "worker 1 to start", lambda r: r.status == ReportStatus.RUNNING and r.progress > 0, 90, workers
        )
        os.kill(workers[0].process.pid, signal.SIGKILL)
        workers[0].process.wait(timeout=10)

        killed = ComplianceReport.objects.get()
        assert killed.status == ReportStatus.RUNNING and killed.attempts == 1
        assert not any(getattr(killed, field) for field in FILE_FIELDS.values())  # nothing offered

        workers.append(Worker(queue, env, tmp_path / "worker2.log"))
        done = wait_for(
            "worker 2 to finish", lambda r: r.status in (ReportStatus.DONE, ReportStatus.FAILED), 180, workers
        )
    finally:
        for worker in workers:
            worker.stop()

    assert ComplianceReport.objects.count() == 1
    assert done.status == ReportStatus.DONE, done.error
    assert done.attempts == 2  # the killed attempt and the one that finished
    assert done.progress == 100
    folder = report_folder(done)
    files = {fmt: Path(getattr(done, field).path) for fmt, field in FILE_FIELDS.items()}
    # no temporary or partial file of the killed attempt is left beside the four published files
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in files.values())
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert data["totals"]["entries"] == done.summary["entries"] >= ENTRIES
    book = openpyxl.load_workbook(files["xlsx"], read_only=True)
    assert book.sheetnames[:3] == ["Tổng hợp", "Vấn đề", "Cán bộ"]
    book.close()
    assert files["csv"].read_bytes().startswith(b"\xef\xbb\xbf")
    assert files["pdf"].read_bytes().startswith(b"%PDF")
    assert files["pdf"].read_bytes().rstrip().endswith(b"%%EOF")


@pytest.mark.django_db(transaction=True)
def test_a_multi_part_report_survives_a_killed_worker(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """The parts run as a chord; a worker killed in a part: the part is delivered again, one report."""
    require_service("Redis broker (CELERY_BROKER_URL)", broker_reachable())
    settings.MEDIA_ROOT = tmp_path / "media"
    generate(entries=ENTRIES)
    root = Organization.objects.get(code="SC-TW")
    admin = User.objects.create(username="kill-test-parts", is_superuser=True, is_staff=True)
    report = report_request(user=admin, organization=root, term=Term.objects.get(code="2025-2030"), kind=None)

    queue = f"test-kill-parts-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REPORT_PARALLEL_MIN_ENTRIES": "0",  # a chord however small the report
        "REPORT_XLSX_DETAIL_THRESHOLD": "1000",  # and its Excel file a ZIP of detail workbooks
    }
    parts_folder = report_folder(report) / ".parts"
    workers = [Worker(queue, env, tmp_path / "parts1.log")]
    try:
        compliance_report_task.apply_async((report.pk,), queue=queue)
        # killed once the chord is under way: its plan is written and a first part is done
        wait_for(
            "worker 1 to write a part",
            lambda r: r.status == ReportStatus.RUNNING and len(list(parts_folder.glob("*/part-*"))) >= 1,
            90,
            workers,
        )
        os.kill(workers[0].process.pid, signal.SIGKILL)
        workers[0].process.wait(timeout=10)
        killed = ComplianceReport.objects.get()
        assert killed.status == ReportStatus.RUNNING
        assert not any(getattr(killed, field) for field in FILE_FIELDS.values())

        workers.append(Worker(queue, env, tmp_path / "parts2.log"))
        done = wait_for(
            "worker 2 to finish", lambda r: r.status in (ReportStatus.DONE, ReportStatus.FAILED), 600, workers
        )
    finally:
        for worker in workers:
            worker.stop()

    assert ComplianceReport.objects.count() == 1
    assert done.status == ReportStatus.DONE, done.error
    assert done.attempts == 1  # the run went on: only the killed part was delivered again
    folder = report_folder(done)
    files = {fmt: Path(getattr(done, field).path) for fmt, field in FILE_FIELDS.items()}
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in files.values())
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert data["totals"]["entries"] == done.summary["entries"] >= ENTRIES
    assert len(data["lists"]) == data["totals"]["lists"]
    assert files["xlsx"].suffix == ".zip"
    import zipfile

    with zipfile.ZipFile(files["xlsx"]) as archive:
        assert archive.namelist()[0] == "tong-hop.xlsx" and len(archive.namelist()) > 2
    assert files["pdf"].read_bytes().rstrip().endswith(b"%%EOF")
