"""Report pages: request a compliance report, follow its progress, download its files.

Views are adapters: reports are read through `ComplianceReport.objects.for_user` (a report of an
organization outside the user's subtrees is a 404), requests go through `requests.report_request`, and
the task is enqueued once the request is committed. Files are served by a view that checks the scope,
never from MEDIA_URL: they hold personal records.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.mixins import get_scoped_or_404
from apps.reports.forms import ReportRequestForm
from apps.reports.models import ComplianceReport, ReportStatus
from apps.reports.requests import FILE_FIELDS, report_file_name, report_request
from apps.reports.tasks import compliance_report_task

PAGE_SIZE = 25
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel (.xlsx)", "csv": "CSV", "json": "JSON"}
MSG_QUEUED = gettext_lazy("The report was requested; it is prepared in the background.")
MSG_READY = gettext_lazy("The report is ready.")
MSG_EXISTING = gettext_lazy(
    "A report of this scope was already made from the same data: it is shown instead of a new one."
)


def _reports(request: HttpRequest):  # type: ignore[no-untyped-def]
    return ComplianceReport.objects.for_user(request.user).select_related(
        "organization", "term", "requested_by"
    )


def _with_downloads(report: ComplianceReport) -> ComplianceReport:
    """The report with `downloads`: (format, label) of the files it offers, none until it is done."""
    done = report.status == ReportStatus.DONE
    report.downloads = [  # type: ignore[attr-defined]
        (fmt, FORMAT_LABELS[fmt]) for fmt in FORMAT_LABELS if done and getattr(report, FILE_FIELDS[fmt])
    ]
    return report


@require_http_methods(["GET", "POST"])
def report_index(request: HttpRequest) -> HttpResponse:
    """The request form and the reports of the user's organizations, newest first."""
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        report = report_request(user=request.user, **form.cleaned_data)
        if report.status == ReportStatus.DONE:
            messages.info(request, str(MSG_EXISTING))
        else:
            report_id = report.pk
            transaction.on_commit(lambda: compliance_report_task.delay(report_id))
            # without a broker the task has just run inline
            report.refresh_from_db(fields=["status"])
            messages.success(request, str(MSG_READY if report.status == ReportStatus.DONE else MSG_QUEUED))
        return redirect("reports:detail", pk=report.pk)
    page = Paginator(_reports(request), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_with_downloads(report) for report in page.object_list]
    return render(request, "reports/index.html", {"form": form, "page_obj": page})


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: its scope, who asked for it, its progress (polled) and its files."""
    report = get_scoped_or_404(ComplianceReport, request.user, pk, queryset=_reports(request))
    return render(request, "reports/detail.html", {"report": _with_downloads(report)})


@require_GET
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment the detail page polls while the report is queued or running."""
    report = get_scoped_or_404(ComplianceReport, request.user, pk, queryset=_reports(request))
    return render(request, "reports/_progress.html", {"report": _with_downloads(report)})


@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """One file of a done report, as an attachment."""
    report = get_scoped_or_404(ComplianceReport, request.user, pk, queryset=_reports(request))
    if fmt not in FILE_FIELDS or report.status != ReportStatus.DONE:
        raise Http404(_("Not found."))
    field = getattr(report, FILE_FIELDS[fmt])
    if not field:
        raise Http404(_("Not found."))
    try:
        stream = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("Not found.")) from None
    response = FileResponse(
        stream, as_attachment=True, filename=report_file_name(report, fmt), content_type=CONTENT_TYPES[fmt]
    )
    response["Cache-Control"] = "private, no-store"
    return response
