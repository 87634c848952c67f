"""Report pages: request a compliance report, follow its progress, download its files; dashboards.

Views are adapters: reports are read through `ComplianceReport.objects.for_user` (a report of an
organization outside the user's subtrees is a 404), requests go through `requests.report_request`, and
the task is enqueued once the request is committed. Files are served by a view that checks the scope,
never from MEDIA_URL: they hold personal records.

Dashboards show the figures of a subtree with drill-down to each child organization. The figures come
from `dashboards.dashboard_data` (SQL sums over the stored summaries); the views pick the scope, shape
the chart series and render. Each chart's numbers are also in a plain table on the page; the series reach
the script as `json_script` data blocks (not executable, so the CSP needs no inline-script exception).
"""

from __future__ import annotations

import textwrap
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.access import Action, can, get_scoped_or_404, home_organization_id
from apps.accounts.services import download_record
from apps.core.queue import reset_background_delayed
from apps.core.workers import run_in_background
from apps.organizations.models import Organization, Term
from apps.planning.models import ListKind, ListStatus
from apps.planning.selectors import planning_lists_in_scope
from apps.reports.forms import ReportRequestForm
from apps.reports.models import QUOTA_FIELDS, ComplianceReport, ReportStatus
from apps.reports.selectors import (
    Figures,
    approval_queue,
    dashboard_data,
    default_term,
    lists_by_status,
    lists_review_due,
    lists_with_errors,
    retiring_soon,
    reviews_due,
    subtree_summary_totals,
)
from apps.reports.selectors.measures import LONG_HELD_SHOWN, Measures, r8_measures
from apps.reports.services import FILE_FIELDS, report_file_name, report_request
from apps.reports.services.deferred import report_waits_for_broker, task_enqueue
from apps.reports.tasks import compliance_report_task

PAGE_SIZE = 25
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel (.xlsx)", "csv": "CSV", "json": "JSON"}
ZIP_LABEL = "Excel (.zip)"  # a large report: its summary and detail workbooks in one ZIP
MSG_QUEUED = gettext_lazy("The report was requested; it is prepared in the background.")
MSG_READY = gettext_lazy("The report is ready.")
MSG_REPORT_DELAYED = gettext_lazy(
    "The report was requested, but the task server cannot be reached right now; it will be prepared "
    "as soon as the server is back."
)
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
        (fmt, ZIP_LABEL if getattr(report, FILE_FIELDS[fmt]).name.endswith(".zip") else FORMAT_LABELS[fmt])
        for fmt in FORMAT_LABELS
        if done and getattr(report, FILE_FIELDS[fmt])
    ]
    return report


def _report_enqueue(report_id: int) -> bool:
    """Send the report's task; without a broker, run it after the response on a background thread."""
    if compliance_report_task.app.conf.task_always_eager and not settings.CELERY_BROKER_CONFIGURED:
        run_in_background(lambda: compliance_report_task.apply(kwargs={"report_id": report_id}))
        return True
    return task_enqueue(compliance_report_task, kwargs={"report_id": report_id}, report_id=report_id)


@require_http_methods(["GET", "POST"])
def report_index(request: HttpRequest) -> HttpResponse:
    """The request form and the reports of the user's organizations, newest first."""
    form = ReportRequestForm(request.POST or None, user=request.user, chosen=request.GET.get("org"))
    if request.method == "POST" and form.is_valid():
        report = report_request(user=request.user, **form.cleaned_data)
        if report.status == ReportStatus.DONE:
            messages.info(request, str(MSG_EXISTING))
        else:
            report_id = report.pk
            sent: list[bool] = []
            transaction.on_commit(lambda: sent.append(_report_enqueue(report_id)))
            # without a broker the task has just run inline
            report.refresh_from_db(fields=["status"])
            if sent == [False]:
                messages.warning(request, str(MSG_REPORT_DELAYED))
                reset_background_delayed()  # this page says it itself
            else:
                messages.success(
                    request, str(MSG_READY if report.status == ReportStatus.DONE else MSG_QUEUED)
                )
        return redirect("reports:detail", pk=report.pk)
    page = Paginator(_reports(request), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_with_downloads(report) for report in page.object_list]
    return render(request, "reports/index.html", {"form": form, "page_obj": page})


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: its scope, who asked for it, its progress (polled) and its files."""
    report = get_scoped_or_404(ComplianceReport, request.user, pk, queryset=_reports(request))
    waits = report.status == ReportStatus.QUEUED and report_waits_for_broker(report_id=report.pk)
    return render(
        request, "reports/detail.html", {"report": _with_downloads(report), "waits_for_broker": waits}
    )


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
    name = report_file_name(report, fmt)
    content_type = "application/zip" if name.endswith(".zip") else CONTENT_TYPES[fmt]
    response = FileResponse(stream, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    download_record(request, f"{report_file_name(report, fmt)} (báo cáo #{report.pk})")
    return response


# --- Dashboards -------------------------------------------------------------------------------------


AGE_BAND_LABELS = {
    "<30": gettext_lazy("Under 30"),
    "60+": gettext_lazy("60 and over"),
}
MSG_REFRESH_DELAYED = gettext_lazy(
    "The task server cannot be reached right now: the figures will be recalculated when it is back."
)
MSG_REFRESH_QUEUED = gettext_lazy(
    "The summaries of %(count)s planning lists are being recalculated; reload this page in a moment."
)
ERR_REFRESH_NOT_ALLOWED = gettext_lazy("Only editors and administrators can recalculate the summaries.")


def _scope_params(request: HttpRequest) -> tuple[Term | None, str]:
    """The term (default: the party term running today) and kind ("" = both) asked for in the query."""
    source = request.POST if request.method == "POST" else request.GET
    term = Term.objects.filter(code=source.get("term", "")).first() or default_term()
    kind = source.get("kind", "")
    return term, kind if kind in ListKind.values else ""


def _default_organization(user: Any) -> Organization | None:
    """The user's highest organization; for an administrator without membership, the first root."""
    org_id = home_organization_id(user)
    visible = Organization.objects.for_user(user)
    if org_id is not None:
        return visible.filter(pk=org_id).first()
    return visible.filter(parent__isnull=True).order_by("path").first()


def _query(term: Term | None, kind: str) -> str:
    params = {"term": term.code} if term else {}
    if kind:
        params["kind"] = kind
    return urlencode(params)


def _band_label(band: str) -> str:
    return str(AGE_BAND_LABELS.get(band, band.replace("-", "–")))


def _org_label(row: Figures, organization: Organization) -> str:
    if row.organization is None:
        return _("%(name)s (own lists)") % {"name": organization.name}
    return row.organization.name


def chart_data(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The series of every chart, JSON-ready, with the same numbers as the tables of the page."""
    organization = data["organization"]
    rows: list[Figures] = data["rows"]
    names = [_org_label(row, organization) for row in rows]
    quota_sets: list[dict[str, Any]] = []
    for code in QUOTA_FIELDS:
        shares = [row.shares.get(code) for row in rows]
        label = str(data["totals"].shares[code].label)
        quota_sets.append(
            {"label": label, "kind": "bar", "color": code, "data": [s.percent if s else None for s in shares]}
        )
        targets = [s.target if s else None for s in shares]
        if any(t is not None for t in targets):
            quota_sets.append(
                {
                    "label": _("Target: %(measure)s") % {"measure": label},
                    "kind": "target",
                    "color": code,
                    "data": targets,
                }
            )
    return {
        "quota": {"labels": names, "datasets": quota_sets, "percent": True},
        "eligibility": {
            "labels": names,
            "stacked": True,
            "datasets": [
                {"label": _("Eligible"), "color": "ok", "data": [r.eligible for r in rows]},
                {"label": _("Not eligible"), "color": "err", "data": [r.ineligible for r in rows]},
            ],
        },
        "pyramid": {
            "labels": [_band_label(r.band) for r in reversed(data["pyramid"])],
            "horizontal": True,
            "stacked": True,
            "mirror": True,
            "datasets": [
                {"label": _("Male"), "color": "men", "data": [-r.men for r in reversed(data["pyramid"])]},
                {
                    "label": _("Female"),
                    "color": "women",
                    "data": [r.women for r in reversed(data["pyramid"])],
                },
            ],
        },
        "bench": {
            "labels": [b.name for b in data["bench"]],
            "horizontal": True,
            "stacked": True,
            "datasets": [
                {"label": _("1 person (thin bench)"), "color": "b1", "data": [b.one for b in data["bench"]]},
                {"label": _("2 people"), "color": "b2", "data": [b.two for b in data["bench"]]},
                {"label": _("3 people"), "color": "b3", "data": [b.three for b in data["bench"]]},
                {"label": _("4 or more people"), "color": "b4", "data": [b.more for b in data["bench"]]},
            ],
        },
        "retirements": {
            "labels": [r.year for r in data["retirements"]],
            "stacked": True,
            "datasets": [
                {"label": _("Male"), "color": "men", "data": [r.men for r in data["retirements"]]},
                {"label": _("Female"), "color": "women", "data": [r.women for r in data["retirements"]]},
            ],
        },
    }


def measure_chart_data(measures: Measures) -> dict[str, dict[str, Any]]:
    """The R8 charts, JSON-ready: each measure's share beside its target, and the three age bands."""
    items = measures.measures
    return {
        "measures": {
            # long Vietnamese labels on short lines (Chart.js draws a list as lines): they fit a phone
            "labels": [textwrap.wrap(m.label, 18) for m in items],
            "horizontal": True,
            "percent": True,
            "datasets": [
                {"label": _("Share"), "color": "measure", "data": [m.percent for m in items]},
                {"label": _("Target"), "color": "target", "data": [m.target for m in items]},
            ],
        },
        "age_bands": {
            "labels": [label for label, _count in measures.age_bands],
            "datasets": [
                {
                    "label": _("Planned officials"),
                    "color": "measure",
                    "data": [count for _label, count in measures.age_bands],
                }
            ],
        },
    }


def _render(request: HttpRequest, organization: Organization | None) -> HttpResponse:
    term, kind = _scope_params(request)
    context: dict[str, Any] = {
        "organization": organization,
        "term": term,
        "kind": kind,
        "terms": Term.objects.order_by("start_date", "kind"),
        "kinds": ListKind.choices,
        "query": _query(term, kind),
    }
    if organization is not None and term is not None:
        data = dashboard_data(user=request.user, organization=organization, term=term, kind=kind)
        ancestor_ids = [int(part) for part in organization.path.strip("/").split("/")[:-1]]
        for row in data["rows"]:
            if row.organization is not None:  # one reverse per child, though two tables link to it
                url = reverse("reports:dashboard_organization", kwargs={"pk": row.organization.pk})
                row.organization.dashboard_url = f"{url}?{context['query']}"  # type: ignore[attr-defined]
        context.update(
            data=data,
            charts=chart_data(data),
            pyramid=[(_band_label(row.band), row) for row in reversed(data["pyramid"])],
            targeted={share.code for share in data["totals"].share_list() if share.target is not None},
            ancestors=list(
                Organization.objects.for_user(request.user).filter(pk__in=ancestor_ids).order_by("depth")
            ),
            can_refresh=can(request.user, Action.EDIT, organization.path),
        )
        measures = r8_measures(
            organization=organization, term=term, today=timezone.localdate(), long_held_limit=LONG_HELD_SHOWN
        )
        context.update(measures=measures, measure_charts=measure_chart_data(measures))
    return render(request, "reports/dashboard.html", context)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the user's own organization (the highest one of their memberships)."""
    return _render(request, _default_organization(request.user))


@require_GET
def dashboard_organization(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard of one organization of the user's subtrees (404 outside them)."""
    return _render(request, get_scoped_or_404(Organization, request.user, pk))


@require_POST
def dashboard_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the recalculation of the summaries of the organization's lists of one term (editors, admins)."""
    from apps.reports.tasks import summaries_refresh

    organization = get_scoped_or_404(Organization, request.user, pk)
    if not can(request.user, Action.EDIT, organization.path):
        raise PermissionDenied(str(ERR_REFRESH_NOT_ALLOWED))
    term, kind = _scope_params(request)
    list_ids = (
        list(
            planning_lists_in_scope(organization=organization, term=term, kind=kind).values_list(
                "id", flat=True
            )
        )
        if term
        else []
    )
    if task_enqueue(summaries_refresh, kwargs={"list_ids": list_ids}):
        messages.success(request, str(MSG_REFRESH_QUEUED % {"count": len(list_ids)}))
    else:
        messages.warning(request, str(MSG_REFRESH_DELAYED))
        reset_background_delayed()
    url = reverse("reports:dashboard_organization", kwargs={"pk": organization.pk})
    return redirect(f"{url}?{_query(term, kind)}")


# --- home ----------------------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's organization and the figures of their subtree (findings from the stored summaries)."""
    org_id = home_organization_id(request.user)
    retiring, retiring_total = retiring_soon(user=request.user, today=timezone.localdate())
    due, due_total = reviews_due(user=request.user, today=timezone.localdate())
    context = {
        "queue_count": len(approval_queue(user=request.user)),
        "review_due_count": due_total,
        "home_org": Organization.objects.for_user(request.user).filter(pk=org_id).first() if org_id else None,
        "statuses": ListStatus.choices,
        "status_rows": lists_by_status(user=request.user),
        "findings": subtree_summary_totals(user=request.user),
        "retiring": retiring,
        "retiring_total": retiring_total,
        "reviews_due": due,
        "reviews_due_total": due_total,
    }
    return render(request, "home.html", context)


@require_GET
def approval_queue_page(request: HttpRequest) -> HttpResponse:
    """ "Chờ tôi phê duyệt": the submitted lists the user may approve, oldest first, with their counts."""
    show = request.GET.get("show", "approve")
    if show == "errors":
        rows, title = lists_with_errors(user=request.user), _("Lists with errors")
    elif show == "review":
        rows, title = lists_review_due(user=request.user, today=timezone.localdate()), _("Yearly review due")
    else:
        show, rows, title = "approve", approval_queue(user=request.user), _("Waiting for my approval")
    return render(request, "reports/queue.html", {"rows": rows, "show": show, "title": title})
