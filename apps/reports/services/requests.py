"""Compliance report requests: one report per scope and data, run once, its files published atomically.

`report_request` records a request, or returns the report already made for the same scope and data
(the fingerprint). `report_run` is what the Celery task calls: it builds the report with the one report
service and writes the four files to temporary names in the report's folder; only then, in one
transaction, are they moved into place and the report marked done. A report is offered for download
only when done, so a killed worker never leaves a half-written file on offer; the next attempt clears
the folder and starts again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from apps.accounts.access import Action, can
from apps.organizations.models import Organization, Term
from apps.planning.models import ListKind
from apps.planning.selectors import planning_lists_in_scope
from apps.reports.models import ComplianceReport, ReportStatus
from apps.reports.selectors import report_timestamp
from apps.reports.selectors.streaming import ReportPart
from apps.reports.services import parts

logger = logging.getLogger(__name__)

# Every start counts as an attempt, a redelivery after a killed worker included: after this many the
# report is failed instead of started again (the task's max_retries + 1).
MAX_ATTEMPTS = 4
# Share of the progress bar the build takes; writing the files takes the rest.
BUILD_SHARE = 85
FILE_FIELDS = {"json": "json_file", "csv": "csv_file", "xlsx": "xlsx_file", "pdf": "pdf_file"}
PART_SUFFIX = ".part"
# Key space of the PostgreSQL advisory lock that one running attempt of a report holds ("RP").
LOCK_NAMESPACE = 0x5250

ERR_NOT_ALLOWED = "Bạn không có quyền xem dữ liệu của đơn vị này nên không thể yêu cầu báo cáo."
ERR_TOO_MANY_ATTEMPTS = (
    "Báo cáo đã được chạy {attempts} lần mà không hoàn thành (tiến trình xử lý bị dừng giữa chừng). "
    "Hãy yêu cầu lại; nếu vẫn lỗi, báo cho quản trị hệ thống."
)
ERR_BUILD_FAILED = (
    "Không lập được báo cáo sau {attempts} lần thử do lỗi hệ thống. Hãy yêu cầu lại sau; nếu vẫn lỗi, "
    "báo cho quản trị hệ thống."
)
ERR_TIME_LIMIT = (
    "Báo cáo chạy quá thời gian cho phép và đã bị dừng. Hãy thu hẹp phạm vi (một đơn vị cấp dưới hoặc "
    "một loại danh sách) rồi yêu cầu lại."
)

ProgressCallback = Callable[[int], None]

# The fingerprint reads, in one statement, the latest change of every row the report depends on:
# the lists in scope (each list's revision), their entries (count, newest id, revision sum, newest
# update) joined to their officials (revision sum, newest update) and to the officials' discipline
# records (count, newest id, newest history event: ending a discipline is an update), the
# organizations of the subtree, and the catalogue tables (positions, rule sets, the term). Aggregates
# only, no row is loaded into Python; one pass over the scope's entries (national, 1M entries: ~0.95 s;
# a province: ~50 ms).
FINGERPRINT_SQL = """
WITH scope AS ({lists})
SELECT
    (SELECT md5(coalesce(string_agg(l.id || ':' || l.revision || ':' || l.updated_at, ',' ORDER BY l.id), ''))
       FROM planning_planninglist l WHERE l.id IN (SELECT id FROM scope)),
    (SELECT row(
            count(*), max(e.id), sum(e.revision), max(e.updated_at),
            sum(o.revision) FILTER (WHERE e.status = 'active'),
            max(o.updated_at) FILTER (WHERE e.status = 'active'),
            sum(d.records) FILTER (WHERE e.status = 'active'),
            max(d.last_id) FILTER (WHERE e.status = 'active'),
            max(d.last_event) FILTER (WHERE e.status = 'active')
        )::text
       FROM planning_planningentry e
       JOIN people_official o ON o.id = e.official_id
       LEFT JOIN (
           SELECT r.official_id, count(*) AS records, max(r.id) AS last_id,
                  (SELECT max(x.pgh_id) FROM people_disciplinerecordevent x WHERE x.official_id = r.official_id)
                      AS last_event
           FROM people_disciplinerecord r GROUP BY r.official_id
       ) d ON d.official_id = e.official_id
       WHERE e.planning_list_id IN (SELECT id FROM scope)),
    (SELECT md5(string_agg(o::text, ',' ORDER BY o.id)) FROM organizations_organization o WHERE o.path LIKE %s),
    (SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) FROM organizations_position p),
    (SELECT md5(string_agg(r::text, ',' ORDER BY r.id)) FROM rules_ruleset r),
    (SELECT md5(string_agg(r::text, ',' ORDER BY r.id)) FROM rules_rulesetlevel r),
    (SELECT t::text FROM organizations_term t WHERE t.id = %s)
"""


class ReportError(Exception):
    """A report that cannot be run; the message is for the user (Vietnamese)."""


def report_fingerprint(*, organization: Organization, term: Term, kind: str = "") -> str:
    """SHA-256 of the scope and of the latest change of the data the report reads (cheap SQL)."""
    lists = planning_lists_in_scope(organization=organization, term=term, kind=kind or None).order_by()
    lists_sql, lists_params = lists.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            FINGERPRINT_SQL.format(lists=lists_sql),
            [*lists_params, f"{organization.path}%", term.pk],
        )
        state = cursor.fetchone()
    text = "|".join(str(part) for part in (organization.pk, term.pk, kind, *state))
    return hashlib.sha256(text.encode()).hexdigest()


def report_request(
    *, user: Any, organization: Organization, term: Term, kind: str | None
) -> ComplianceReport:
    """The report of this scope and data: the existing one unless it failed (then queued again), else new.

    Race-free: the unique constraint on (scope, fingerprint) with get_or_create; the caller enqueues
    the task (on commit) unless the returned report is already done.
    """
    if not can(user, Action.READ, organization.path):
        raise PermissionDenied(ERR_NOT_ALLOWED)
    kind = kind or ""
    if kind and kind not in ListKind.values:
        raise ValueError(f"unknown kind of list: {kind!r}")
    fingerprint = report_fingerprint(organization=organization, term=term, kind=kind)
    with transaction.atomic():
        report, created = ComplianceReport.objects.get_or_create(
            organization=organization,
            term=term,
            kind=kind,
            fingerprint=fingerprint,
            defaults={"requested_by": user},
        )
        if not created and report.status == ReportStatus.FAILED:
            report = ComplianceReport.objects.select_for_update().get(pk=report.pk)
            if report.status == ReportStatus.FAILED:  # not already reset by a concurrent request
                _clear_folder(report)
                ComplianceReport.objects.filter(pk=report.pk).update(
                    status=ReportStatus.QUEUED,
                    requested_by=user,
                    created_at=timezone.now(),
                    progress=0,
                    attempts=0,
                    error="",
                    started_at=None,
                    finished_at=None,
                    **{name: "" for name in FILE_FIELDS.values()},
                )
                report.refresh_from_db()
    return report


def report_folder(report: ComplianceReport) -> Path:
    """The report's own folder under MEDIA_ROOT (reports/<id>/); FileSystemStorage only."""
    name = report.json_file.field.generate_filename(report, "x")
    return Path(default_storage.path(name)).parent


def report_file_name(report: ComplianceReport, fmt: str, *, zipped: bool | None = None) -> str:
    """The download name of one file: bao-cao-tuan-thu_<org>_<term>[_<kind>].<fmt>; a large report's
    Excel file is a ZIP of workbooks, named .zip (zipped: None reads it from the stored file)."""
    names = ["bao-cao-tuan-thu", report.organization.code, report.term.code]
    if report.kind:
        names.append(report.kind)
    if zipped is None:
        zipped = fmt == "xlsx" and report.xlsx_file.name.endswith(".zip")
    return "_".join(names) + (".zip" if zipped else f".{fmt}")


def _clear_folder(report: ComplianceReport) -> None:
    # what a killed attempt left: temporary files, or final names not yet committed as done
    folder = report_folder(report)
    if folder.exists():
        shutil.rmtree(folder)


@contextmanager
def _run_lock(report_id: int) -> Iterator[bool]:
    """Hold a session advisory lock on the report while one attempt runs; False if another holds it.

    The lock goes with the database session: a worker killed mid-report drops its connection and so
    the lock, and the redelivered task can start again at once.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, report_id % 2**31])
        locked = bool(cursor.fetchone()[0])
    try:
        yield locked
    finally:
        if locked:
            with suppress(Exception), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, report_id % 2**31])


def report_fail(*, report_id: int, error: str) -> None:
    """Mark a report failed with a message for the user and empty its folder, unless it is done or running.

    A report that another worker is running (it holds the run lock) is left to that worker.
    """
    with _run_lock(report_id) as locked:
        if locked:
            _fail(report_id, error)


def _fail(report_id: int, error: str) -> None:
    report = ComplianceReport.objects.filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return
    _clear_folder(report)
    ComplianceReport.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error=error, finished_at=timezone.now()
    )


def _progress_recorder(report_id: int, on_progress: ProgressCallback | None) -> ProgressCallback:
    last = -1

    def record(percent: int) -> None:
        nonlocal last
        percent = max(0, min(99, percent))  # 100 only with status done
        if percent <= last:
            return
        last = percent
        ComplianceReport.objects.filter(pk=report_id).update(progress=percent)
        if on_progress is not None:
            on_progress(percent)

    return record


def _begin(report: ComplianceReport, plan_parts: list[ReportPart] | None = None) -> dict[str, Any]:
    """Start an attempt: clear what a killed one left, count it, mark the report running, write the plan
    (of these parts, when the caller has cut the report already)."""
    _clear_folder(report)
    report.attempts += 1
    report.status = ReportStatus.RUNNING
    report.progress = 0
    report.started_at = timezone.now()
    report.finished_at = None
    report.error = ""
    report.save(update_fields=["attempts", "status", "progress", "started_at", "finished_at", "error"])
    # every export says who made it (personal data law): the files name the person who asked
    requester = report.requested_by
    folder = report_folder(report)
    folder.mkdir(parents=True, exist_ok=True)
    return parts.report_plan_write(
        folder=folder,
        organization=report.organization,
        term=report.term,
        kind=report.kind or None,
        generated_at=report_timestamp(),
        requested_by=f"{requester} ({requester.get_username()})" if requester is not None else "",
        parts=plan_parts,
    )


def _startable(report_id: int) -> ComplianceReport | None:
    """The report if an attempt may start (not done, attempts left); fails it after the last attempt."""
    report = ComplianceReport.objects.select_related("organization", "term", "requested_by").get(pk=report_id)
    if report.status == ReportStatus.DONE:
        return None
    if report.attempts >= MAX_ATTEMPTS:
        _fail(report_id, ERR_TOO_MANY_ATTEMPTS.format(attempts=report.attempts))
        return None
    return report


def _finish(report: ComplianceReport, plan: dict[str, Any], record: ProgressCallback | None = None) -> None:
    """Join the parts into the four files and publish them with the report done, then drop the parts."""
    folder = report_folder(report)
    try:
        files, summary = parts.report_files_write(folder=folder, plan=plan)
    except BaseException:
        parts.report_parts_clear(folder=folder)
        raise
    try:
        if record is not None:
            record(99)
        _publish(report, files, summary)
    finally:
        for path in files.values():  # left only when the publication failed
            with suppress(FileNotFoundError):
                path.unlink()
        parts.report_parts_clear(folder=folder)


def report_run(*, report_id: int, on_progress: ProgressCallback | None = None) -> ComplianceReport | None:
    """Build the report part by part in this process and publish its four files; None when another
    worker is running it.

    Idempotent: a done report is returned as it is. Every start counts as an attempt and clears what a
    killed attempt left behind; after MAX_ATTEMPTS the report is failed instead of started.
    """
    with _run_lock(report_id) as locked:
        if not locked:
            return None
        report = _startable(report_id)
        if report is None:
            return ComplianceReport.objects.get(pk=report_id)
        plan = _begin(report)
        record = _progress_recorder(report_id, on_progress)
        folder = report_folder(report)
        count = len(plan["parts"])
        for done, part in enumerate(plan["parts"], start=1):
            parts.report_part_write(folder=folder, plan=plan, number=part["number"])
            record(BUILD_SHARE * done // count)
        _finish(report, plan, record)
    if on_progress is not None:
        on_progress(100)
    return report


def report_start(*, report_id: int, plan_parts: list[ReportPart] | None = None) -> dict[str, Any] | None:
    """Start an attempt whose parts run as separate tasks: its plan (of these parts, when the caller has
    cut the report already), or None if it is not to run."""
    with _run_lock(report_id) as locked:
        if not locked:
            return None
        report = _startable(report_id)
        if report is None:
            return None
        return _begin(report, plan_parts)


def _current_plan(report_id: int, token: str) -> tuple[ComplianceReport, dict[str, Any]] | None:
    """The running report and the plan of run `token`, or None if that run is over."""
    report = ComplianceReport.objects.select_related("organization", "term").filter(pk=report_id).first()
    if report is None or report.status != ReportStatus.RUNNING:
        return None
    plan = parts.report_plan_read(folder=report_folder(report))
    if plan is None or plan["token"] != token:
        return None  # a stale delivery of a run started again since
    return report, plan


def report_part(*, report_id: int, token: str, number: int) -> bool:
    """Write part `number` of the run `token`; False if that run is over or the part was written."""
    current = _current_plan(report_id, token)
    if current is None:
        return False
    report, plan = current
    folder = report_folder(report)
    written = parts.report_part_write(folder=folder, plan=plan, number=number)
    done = parts.parts_done(folder=folder, plan=plan)
    ComplianceReport.objects.filter(
        pk=report_id, progress__lt=BUILD_SHARE * done // len(plan["parts"])
    ).update(progress=BUILD_SHARE * done // len(plan["parts"]))
    return written


def report_base(*, report_id: int, token: str) -> bool:
    """Write the base of run `token` (its queries of the database, beside the parts); False if that
    run is over."""
    current = _current_plan(report_id, token)
    if current is None:
        return False
    report, plan = current
    parts.report_base_write(folder=report_folder(report), plan=plan)
    return True


def report_files_start(*, report_id: int, token: str) -> bool:
    """Before the file tasks of run `token`: its context written (PartsMissing if a part is not);
    False if that run is over."""
    current = _current_plan(report_id, token)
    if current is None:
        return False
    report, plan = current
    parts.report_context_write(folder=report_folder(report), plan=plan)
    return True


def report_file(*, report_id: int, token: str, fmt: str) -> bool:
    """Write the file of one format of run `token` (a file task); False if that run is over."""
    current = _current_plan(report_id, token)
    if current is None:
        return False
    report, plan = current
    folder = report_folder(report)
    parts.report_file_write(folder=folder, plan=plan, fmt=fmt)
    share = BUILD_SHARE + (99 - BUILD_SHARE) * parts.files_done(folder=folder, plan=plan) // len(
        parts.FORMATS
    )
    ComplianceReport.objects.filter(pk=report_id, progress__lt=share).update(progress=share)
    return True


def report_finish(*, report_id: int, token: str) -> ComplianceReport | None:
    """Publish the files of run `token` with the report done (those the file tasks did not write are
    written here); None if that run is over."""
    with _run_lock(report_id) as locked:
        if not locked:
            return None
        report = ComplianceReport.objects.select_related("organization", "term").get(pk=report_id)
        if report.status != ReportStatus.RUNNING:
            return report
        plan = parts.report_plan_read(folder=report_folder(report))
        if plan is None or plan["token"] != token:
            return None
        _finish(report, plan)
    return report


def report_fail_run(*, report_id: int, token: str, error: str) -> None:
    """Fail the report if run `token` is still its current run (the parts' error callback)."""
    with _run_lock(report_id) as locked:
        if not locked:
            return
        report = ComplianceReport.objects.filter(pk=report_id).first()
        if report is None:
            return
        plan = parts.report_plan_read(folder=report_folder(report))
        if plan is not None and plan["token"] == token:
            _fail(report_id, error)


def _publish(report: ComplianceReport, files: dict[str, Path], summary: dict[str, Any]) -> None:
    """Move the finished files to their names and mark the report done, in one transaction."""
    with transaction.atomic():
        # the row lock orders this against a concurrent report_request resetting a failed report
        ComplianceReport.objects.select_for_update().filter(pk=report.pk).first()
        for fmt, temporary in files.items():
            field = getattr(report, FILE_FIELDS[fmt])
            zipped = fmt == "xlsx" and summary["zipped"]
            name = field.field.generate_filename(report, report_file_name(report, fmt, zipped=zipped))
            os.replace(temporary, default_storage.path(name))
            field.name = name
        report.status = ReportStatus.DONE
        report.progress = 100
        report.finished_at = timezone.now()
        report.rule_sets = summary["rule_sets"]
        report.summary = {"generated_at": summary["generated_at"], **summary["totals"]}
        report.save(
            update_fields=[
                "status",
                "progress",
                "finished_at",
                "rule_sets",
                "summary",
                *FILE_FIELDS.values(),
            ]
        )
