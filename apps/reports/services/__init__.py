"""Writes of the reports app: report requests and their runs, and the per-list summaries."""

from apps.reports.services.requests import (
    FILE_FIELDS,
    ReportError,
    report_fail,
    report_file_name,
    report_fingerprint,
    report_folder,
    report_request,
    report_run,
)
from apps.reports.services.summaries import list_summaries_refresh, summary_rows

__all__ = [
    "FILE_FIELDS",
    "ReportError",
    "list_summaries_refresh",
    "report_fail",
    "report_file_name",
    "report_fingerprint",
    "report_folder",
    "report_request",
    "report_run",
    "summary_rows",
]
