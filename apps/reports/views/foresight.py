"""Foresight pages: the term projection (chart, table, drill-down, XLSX), the org chart of posts, the finder.

Views are adapters: the organization is fetched with `get_scoped_or_404` (404 outside the user's
subtrees), the figures come from `selectors.foresight` and `selectors.finder`, which read dates and
eligibility from the rules engine and the one list evaluation path.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.access import Action, can, get_scoped_or_404
from apps.organizations.models import Organization
from apps.planning.models import ListStatus
from apps.reports.exporters.projection import write_projection_xlsx
from apps.reports.forms import FinderForm, ProjectionFilterForm
from apps.reports.selectors import default_term
from apps.reports.selectors.finder import newest_lists_of, successor_candidates
from apps.reports.selectors.foresight import Projection, projection_by_child, term_projection
from apps.reports.views import CONTENT_TYPES, _default_organization

POSTS_PAGE = 50


def _ancestors(request: HttpRequest, organization: Organization) -> list[Organization]:
    ids = [int(part) for part in organization.path.strip("/").split("/")[:-1]]
    return list(Organization.objects.for_user(request.user).filter(pk__in=ids).order_by("depth"))


def _projection(
    request: HttpRequest, organization: Organization, **extra: Any
) -> tuple[ProjectionFilterForm, Projection | None]:
    form = ProjectionFilterForm(request.GET or None, initial={"term": default_term()})
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    term = data.get("term") or default_term()
    if term is None or not valid:
        return form, None
    position = data.get("position")
    projection = term_projection(
        organization=organization,
        term=term,
        until=form.until_date() if form.is_bound else None,
        level=data.get("level", ""),
        position_group=data.get("group", ""),
        position_code=position.code if position else "",
        **extra,
    )
    return form, projection


def _query(request: HttpRequest, **changes: str) -> str:
    params: dict[str, str] = {k: str(v) for k, v in request.GET.items() if k != "page"}
    params.update(changes)
    return urlencode({k: v for k, v in params.items() if v})


def projection_chart(projection: Projection) -> dict[str, Any]:
    """The series of the vacating-per-year chart: the same numbers as the table beside it."""
    return {
        "labels": [row.year for row in projection.by_year],
        "stacked": True,
        "datasets": [
            {
                "label": _("With an eligible successor"),
                "color": "ok",
                "data": [r.covered for r in projection.by_year],
            },
            {
                "label": _("No eligible successor"),
                "color": "err",
                "data": [r.uncovered for r in projection.by_year],
            },
        ],
    }


@require_GET
def projection_default(request: HttpRequest) -> HttpResponse:
    """The projection of the user's own organization."""
    organization = _default_organization(request.user)
    if organization is None:
        return render(request, "reports/projection.html", {"organization": None})
    url = reverse("reports:projection", kwargs={"pk": organization.pk})
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@require_GET
def projection_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Posts of the subtree vacating by a month, with their successors; chart per year; drill-down."""
    organization = get_scoped_or_404(Organization, request.user, pk)
    form, projection = _projection(request, organization)
    context: dict[str, Any] = {
        "organization": organization,
        "form": form,
        "projection": projection,
        "ancestors": _ancestors(request, organization),
        "query": _query(request),
    }
    if projection is not None:
        shown = [p for p in projection.posts if p.vacates is not None]
        context.update(
            chart=projection_chart(projection),
            children=projection_by_child(projection=projection),
            page_obj=Paginator(shown, POSTS_PAGE).get_page(request.GET.get("page")),
            vacating=len(shown),
            uncovered=sum(not p.covered for p in shown),
        )
    return render(request, "reports/projection.html", context)


@require_GET
def projection_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The projection of the page's scope and filters as an .xlsx file."""
    organization = get_scoped_or_404(Organization, request.user, pk)
    _form, projection = _projection(request, organization)
    if projection is None:
        url = reverse("reports:projection", kwargs={"pk": organization.pk})
        return redirect(f"{url}?{request.GET.urlencode()}")
    stream = io.BytesIO()
    write_projection_xlsx(projection, stream)
    response = HttpResponse(stream.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    name = f"du-bao-{organization.code}-{projection.term.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def org_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """The posts of an organization and of the organizations directly under it, as a printable tree."""
    organization = get_scoped_or_404(Organization, request.user, pk)
    form, projection = _projection(request, organization, max_depth=organization.depth + 1)
    nodes: list[dict[str, Any]] = []
    if projection is not None:
        by_org: dict[int, list[Any]] = {}
        for post in projection.posts:
            by_org.setdefault(post.organization_id, []).append(post)
        children = list(Organization.objects.filter(parent=organization).order_by("name", "path"))
        nodes = [{"organization": child, "posts": by_org.get(child.pk, [])} for child in children]
        own = by_org.get(organization.pk, [])
    else:
        own = []
    return render(
        request,
        "reports/org_chart.html",
        {
            "organization": organization,
            "form": form,
            "projection": projection,
            "own_posts": own,
            "nodes": nodes,
            "ancestors": _ancestors(request, organization),
            "query": _query(request),
        },
    )


@require_GET
def finder(request: HttpRequest, pk: int) -> HttpResponse:
    """Who could be planned for a post of the organization by a date, ranked, with the reason for each."""
    organization = get_scoped_or_404(Organization, request.user, pk)
    lists = newest_lists_of(organization_id=organization.pk)
    chosen = next((pl for pl in lists if str(pl.pk) == request.GET.get("list")), None)
    if chosen is None and lists:
        term = default_term()
        chosen = next((pl for pl in lists if term and pl.term_id == term.pk and pl.kind == "next"), lists[0])
    initial = {"at": chosen.reference_date if chosen else timezone.localdate()}
    form = FinderForm(request.GET if "position" in request.GET else None, initial=initial)
    result = None
    if chosen is not None and form.is_bound and form.is_valid():
        at: dt.date = form.cleaned_data["at"]
        result = successor_candidates(planning_list=chosen, position=form.cleaned_data["position"], at=at)
    return render(
        request,
        "reports/finder.html",
        {
            "organization": organization,
            "lists": lists,
            "chosen": chosen,
            "form": form,
            "result": result,
            "can_add": chosen is not None
            and can(request.user, Action.EDIT, organization.path)
            and chosen.status in (ListStatus.DRAFT, ListStatus.RETURNED),
            "ancestors": _ancestors(request, organization),
        },
    )
