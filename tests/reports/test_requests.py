"""Report requests: the fingerprint, one report per scope and data, the run and its atomic files, the task."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import psycopg
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Organization, Term
from apps.people.models import DisciplineRecord, Official
from apps.planning.models import EntryStatus, ListKind, PlanningEntry, PlanningList
from apps.reports.models import ComplianceReport, ReportStatus
from apps.reports.services import parts, requests
from apps.reports.services.requests import (
    ERR_BUILD_FAILED,
    ERR_NOT_ALLOWED,
    ERR_TIME_LIMIT,
    ERR_TOO_MANY_ATTEMPTS,
    FILE_FIELDS,
    LOCK_NAMESPACE,
    MAX_ATTEMPTS,
    report_fingerprint,
    report_folder,
    report_request,
    report_run,
)
from apps.reports.tasks import compliance_report_task
from tests.conftest import subprocess_database_url

from .builders import org, person, plan, plan_list

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scope() -> dict[str, Any]:
    province = org("P", Level.PROVINCE)
    district = org("D", Level.DISTRICT, province)
    other = org("O", Level.DISTRICT, province)
    pl = plan_list(district, ListKind.NEXT, dt.date(2025, 6, 1))
    an = person("Nguyễn Văn An", dt.date(1968, 3, 15), "M", district)
    hang = person("Nguyễn Thị Hằng", dt.date(1985, 7, 2), "F", district, home_town="Quảng Ngãi")
    plan(pl, an, "PHO_BI_THU")
    plan(pl, hang, "UV_BCH")
    other_list = plan_list(other, ListKind.NEXT, dt.date(2025, 6, 1))
    plan(other_list, person("Lê Văn Cường", dt.date(1975, 1, 1), "M", other), "UV_BCH")
    user = User.objects.create(username="bientap")
    Membership.objects.create(user=user, organization=district, role=Role.VIEWER)
    return {
        "province": province,
        "district": district,
        "other": other,
        "list": pl,
        "an": an,
        "hang": hang,
        "other_list": other_list,
        "term": Term.objects.get(code="2025-2030"),
        "user": user,
    }


def fingerprint(s: dict[str, Any], kind: str = "") -> str:
    return report_fingerprint(organization=s["district"], term=s["term"], kind=kind)


# --- Fingerprint --------------------------------------------------------------------------------------


def test_fingerprint_is_stable_and_names_the_scope(scope: dict[str, Any]) -> None:
    first = fingerprint(scope)
    assert len(first) == 64
    assert fingerprint(scope) == first
    assert fingerprint(scope, ListKind.NEXT) != first
    assert report_fingerprint(organization=scope["province"], term=scope["term"], kind="") != first


@pytest.mark.parametrize(
    "change",
    [
        "entry_added",
        "entry_removed",
        "entry_deleted",
        "official_edited",
        "discipline_added",
        "discipline_ended",
        "list_submitted",
        "new_version",
        "organization_renamed",
        "rule_set_changed",
    ],
)
def test_fingerprint_follows_every_change_in_scope(scope: dict[str, Any], change: str) -> None:
    before = fingerprint(scope)
    pl, an = scope["list"], scope["an"]
    now = timezone.now()
    if change == "entry_added":
        plan(pl, person("Trần Văn Bình", dt.date(1980, 1, 1), "M", scope["district"]), "UV_BCH")
    elif change == "entry_removed":
        # services bump revision and updated_at in one UPDATE
        PlanningEntry.objects.filter(planning_list=pl, official=an).update(
            status=EntryStatus.REMOVED,
            removed_reason="Nghỉ hưu",
            removed_on=dt.date(2025, 7, 1),
            updated_at=now,
        )
    elif change == "entry_deleted":
        PlanningEntry.objects.filter(planning_list=pl, official=an).delete()
    elif change == "official_edited":
        Official.objects.filter(pk=an.pk).update(birth_date=dt.date(1990, 1, 1), revision=2, updated_at=now)
    elif change == "discipline_added":
        DisciplineRecord.objects.create(
            official=an, level="reprimand", start_date=dt.date(2025, 1, 1), reason="x"
        )
    elif change == "discipline_ended":
        record = DisciplineRecord.objects.create(
            official=an, level="reprimand", start_date=dt.date(2024, 1, 1), reason="x"
        )
        before = fingerprint(scope)
        record.end_date = dt.date(2025, 1, 1)
        record.save()
    elif change == "list_submitted":
        PlanningList.objects.filter(pk=pl.pk).update(status="submitted", revision=2, updated_at=now)
    elif change == "new_version":
        PlanningList.objects.create(
            organization=pl.organization,
            term=pl.term,
            kind=pl.kind,
            version=2,
            previous=pl,
            reference_date=pl.reference_date,
        )
    elif change == "organization_renamed":
        Organization.objects.filter(pk=scope["district"].pk).update(name="Huyện Mới")
    elif change == "rule_set_changed":
        from apps.rules.models import RuleSet

        RuleSet.objects.filter(code="HD16-2022").update(max_people_per_position=9)
    assert fingerprint(scope) != before, change


def test_fingerprint_ignores_data_outside_the_scope(scope: dict[str, Any]) -> None:
    before = fingerprint(scope)
    plan(scope["other_list"], person("Phạm Văn Dũng", dt.date(1982, 2, 2), "M", scope["other"]), "UV_BCH")
    Official.objects.filter(organization=scope["other"]).update(revision=5, updated_at=timezone.now())
    assert fingerprint(scope) == before


def test_fingerprint_is_a_few_queries(scope: dict[str, Any], django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(1):  # one statement of aggregates: nothing loaded row by row
        fingerprint(scope)


# --- Requests -----------------------------------------------------------------------------------------


def request(s: dict[str, Any], kind: str | None = None) -> ComplianceReport:
    return report_request(user=s["user"], organization=s["district"], term=s["term"], kind=kind)


def test_same_scope_and_data_give_one_report(scope: dict[str, Any]) -> None:
    first = request(scope)
    assert (first.status, first.requested_by, first.kind) == (ReportStatus.QUEUED, scope["user"], "")
    assert request(scope).pk == first.pk
    assert request(scope, kind="").pk == first.pk
    assert request(scope, kind=ListKind.NEXT).pk != first.pk  # another scope
    plan(scope["list"], person("Trần Văn Bình", dt.date(1980, 1, 1), "M", scope["district"]), "UV_BCH")
    assert request(scope).pk != first.pk  # the data changed: a new report
    assert ComplianceReport.objects.count() == 3


def test_a_done_report_is_returned_as_it_is(scope: dict[str, Any]) -> None:
    report = request(scope)
    report_run(report_id=report.pk)
    again = request(scope)
    assert again.pk == report.pk and again.status == ReportStatus.DONE and again.attempts == 1


def test_a_failed_report_is_queued_again(scope: dict[str, Any]) -> None:
    report = request(scope)
    ComplianceReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="x", attempts=4)
    again = request(scope)
    assert again.pk == report.pk
    assert (again.status, again.error, again.attempts, again.progress) == (ReportStatus.QUEUED, "", 0, 0)


def test_request_outside_the_users_subtrees_is_refused(scope: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied, match=ERR_NOT_ALLOWED):
        report_request(user=scope["user"], organization=scope["other"], term=scope["term"], kind=None)
    assert not ComplianceReport.objects.exists()


# --- Running ------------------------------------------------------------------------------------------


def test_run_publishes_four_complete_files(scope: dict[str, Any]) -> None:
    report = request(scope)
    seen: list[int] = []
    result = report_run(report_id=report.pk, on_progress=seen.append)
    assert result is not None
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts) == (ReportStatus.DONE, 100, 1)
    assert report.started_at <= report.finished_at
    assert report.rule_sets == ["HD16-2022"]
    assert report.summary["entries"] == 2 and report.summary["lists"] == 1
    assert seen == sorted(seen) and seen[-1] == 100
    folder = report_folder(report)
    names = {getattr(report, field).name for field in FILE_FIELDS.values()}
    assert names == {f"reports/{report.pk}/bao-cao-tuan-thu_D_2025-2030.{fmt}" for fmt in FILE_FIELDS}
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(n).name for n in names)
    data = json.loads(report.json_file.read().decode("utf-8"))
    assert data["totals"]["entries"] == 2
    assert report.csv_file.open("rb").read(3) == b"\xef\xbb\xbf"
    assert openpyxl.load_workbook(report.xlsx_file.path).sheetnames == [
        "Tổng hợp",
        "Vấn đề",
        "Cán bộ",
        "Chỉ tiêu khác",
    ]
    assert report.pdf_file.open("rb").read(5) == b"%PDF-"


def test_run_is_idempotent(scope: dict[str, Any]) -> None:
    report = request(scope)
    report_run(report_id=report.pk)
    finished = ComplianceReport.objects.get(pk=report.pk).finished_at
    again = report_run(report_id=report.pk)
    assert again is not None and again.status == ReportStatus.DONE
    report.refresh_from_db()
    assert report.attempts == 1 and report.finished_at == finished


def test_a_restart_clears_what_a_killed_attempt_left(scope: dict[str, Any]) -> None:
    report = request(scope)
    # what a worker killed mid-report leaves: status running, a partial file, a file not yet committed
    ComplianceReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, attempts=1, progress=40)
    folder = report_folder(report)
    folder.mkdir(parents=True)
    (folder / ".xlsx.abc.part").write_bytes(b"PK\x03\x04half")
    (folder / "bao-cao-tuan-thu_D_2025-2030.json").write_text('{"half":')
    report_run(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.DONE, 2)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        Path(getattr(report, f).name).name for f in FILE_FIELDS.values()
    )
    json.loads(report.json_file.read().decode("utf-8"))


def test_after_the_attempt_cap_the_report_fails(scope: dict[str, Any]) -> None:
    report = request(scope)
    ComplianceReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, attempts=MAX_ATTEMPTS)
    report_run(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == ERR_TOO_MANY_ATTEMPTS.format(attempts=MAX_ATTEMPTS)
    assert not report.json_file


def test_a_failed_write_offers_nothing(scope: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(report: dict[str, Any], stream: Any) -> None:
        stream.write(b"%PDF-half")
        raise OSError("disk full")

    monkeypatch.setattr(parts, "write_pdf", broken)
    report = request(scope)
    with pytest.raises(OSError, match="disk full"):
        report_run(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING  # never done without its files
    assert not any(getattr(report, f) for f in FILE_FIELDS.values())
    assert list(report_folder(report).iterdir()) == []  # the parts written so far are removed


def test_a_report_running_elsewhere_is_left_alone(scope: dict[str, Any]) -> None:
    report = request(scope)
    # another worker's database session holds the report's run lock
    with psycopg.connect(
        subprocess_database_url().replace("postgres://", "postgresql://", 1), autocommit=True
    ) as other:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, report.pk])
        assert report_run(report_id=report.pk) is None
        requests.report_fail(report_id=report.pk, error="x")
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.QUEUED, 0)


# --- The task -----------------------------------------------------------------------------------------


def test_task_settings_keep_a_killed_report_safe() -> None:
    task = compliance_report_task
    assert task.acks_late and task.reject_on_worker_lost
    assert task.max_retries == MAX_ATTEMPTS - 1
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert task.soft_time_limit < task.time_limit < visibility


def test_task_runs_the_report(scope: dict[str, Any]) -> None:
    report = request(scope)
    assert compliance_report_task.delay(report.pk).get() == ReportStatus.DONE
    assert ComplianceReport.objects.get(pk=report.pk).status == ReportStatus.DONE


def test_task_of_a_deleted_report_does_nothing(scope: dict[str, Any]) -> None:
    report_id = request(scope).pk
    ComplianceReport.objects.filter(pk=report_id).delete()
    assert compliance_report_task.delay(report_id).get() is None


def test_task_fails_the_report_on_an_error(scope: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(**kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(parts, "compliance_part_lists", boom)
    report = request(scope)
    assert compliance_report_task.delay(report.pk).get() == ReportStatus.FAILED
    report.refresh_from_db()
    assert report.error == ERR_BUILD_FAILED.format(attempts=1)
    assert report.finished_at is not None


def test_task_fails_the_report_past_its_time_limit(
    scope: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(**kwargs: Any) -> None:
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(parts, "compliance_part_lists", slow)
    report = request(scope)
    assert compliance_report_task.delay(report.pk).get() == ReportStatus.FAILED
    assert ComplianceReport.objects.get(pk=report.pk).error == ERR_TIME_LIMIT


def test_task_retries_an_error_on_a_worker(scope: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from celery.exceptions import Retry

    def boom(**kwargs: Any) -> None:
        raise RuntimeError("database went away")

    retried: list[dict[str, Any]] = []

    def retry(**kwargs: Any) -> Retry:
        retried.append(kwargs)
        return Retry()

    monkeypatch.setattr(parts, "compliance_part_lists", boom)
    monkeypatch.setattr(compliance_report_task, "retry", retry)
    report = request(scope)
    # as a worker runs it (not inline): the error is retried later and the report is not failed yet
    compliance_report_task.push_request(id="t1", retries=1, is_eager=False)
    try:
        with pytest.raises(Retry):
            compliance_report_task.run(report.pk)
    finally:
        compliance_report_task.pop_request()
    assert [r["countdown"] for r in retried] == [60]
    assert isinstance(retried[0]["exc"], RuntimeError)
    assert ComplianceReport.objects.get(pk=report.pk).status == ReportStatus.RUNNING


def test_the_lock_is_released_after_a_run(scope: dict[str, Any]) -> None:
    report = request(scope)
    report_run(report_id=report.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s",
            [LOCK_NAMESPACE, report.pk],
        )
        assert cursor.fetchone()[0] == 0


def test_on_workers_the_four_files_are_four_tasks_then_one_publication(scope: dict[str, Any]) -> None:
    """The steps of the worker path, one by one: the base and the parts, the context, each file (a second
    delivery finds it written), then the publication of what the file tasks wrote, as report_run
    publishes it."""
    inline = request(scope)
    report_run(report_id=inline.pk)
    inline.refresh_from_db()
    expected = json.loads(inline.json_file.read().decode("utf-8"))
    ComplianceReport.objects.filter(pk=inline.pk).delete()

    report = request(scope)
    plan = requests.report_start(report_id=report.pk)
    assert plan is not None and len(plan["parts"]) >= 1
    token = plan["token"]
    assert not requests.report_file(report_id=report.pk, token="stale", fmt="json")
    with pytest.raises(parts.PartsMissing):  # the file tasks start only once every part is written
        requests.report_files_start(report_id=report.pk, token=token)
    assert not requests.report_base(report_id=report.pk, token="stale")
    assert requests.report_base(report_id=report.pk, token=token)
    folder = report_folder(report)
    base = folder / ".parts" / token / parts.BASE_FILE
    written_at = base.stat().st_mtime_ns
    assert json.loads(base.read_bytes())["distinct_people"] == expected["totals"]["distinct_people"]
    for part in plan["parts"]:
        requests.report_part(report_id=report.pk, token=token, number=part["number"])
    assert requests.report_files_start(report_id=report.pk, token=token)
    assert base.stat().st_mtime_ns == written_at  # the context read the base, did not query again
    progress = []
    for fmt in ("xlsx", "json", "csv", "pdf"):
        assert requests.report_file(report_id=report.pk, token=token, fmt=fmt)
        progress.append(ComplianceReport.objects.get(pk=report.pk).progress)
    assert progress == sorted(progress) and progress[0] > requests.BUILD_SHARE and progress[-1] == 99
    written = folder / ".parts" / token / "files" / "xlsx"
    before = written.stat().st_mtime_ns
    assert requests.report_file(report_id=report.pk, token=token, fmt="xlsx")  # delivered twice
    assert written.stat().st_mtime_ns == before

    done = requests.report_finish(report_id=report.pk, token=token)
    assert done is not None and done.status == ReportStatus.DONE
    report.refresh_from_db()
    assert (report.progress, report.attempts, report.summary["entries"]) == (100, 1, 2)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        Path(getattr(report, field).name).name for field in FILE_FIELDS.values()
    )  # the parts, their context and the files' folder are gone
    data = json.loads(report.json_file.read().decode("utf-8"))
    assert {**data, "generated_at": None} == {**expected, "generated_at": None}
    assert report.pdf_file.open("rb").read(5) == b"%PDF-"
    assert not requests.report_file(report_id=report.pk, token=token, fmt="json")  # that run is over
