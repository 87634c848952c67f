"""Organization pages: the tree of the user's subtree and one organization's officials and lists."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.accounts.access import get_scoped_or_404
from apps.organizations.models import Organization
from apps.organizations.selectors import search_organizations
from apps.people.selectors import official_counts_by_organization, officials_of_organization
from apps.planning.selectors import planning_lists_of_organization

PAGE_SIZE = 25


def with_counts(orgs: list[Organization], user: Any) -> list[Organization]:
    """Annotate each organization with its number of children and of officials working there.

    Two grouped queries whatever the number of organizations.
    """
    ids = [o.pk for o in orgs]
    children = dict(
        Organization.objects.for_user(user)
        .filter(parent_id__in=ids)
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    officials = official_counts_by_organization(user=user, organization_ids=ids)
    for org in orgs:
        org.child_count = children.get(org.pk, 0)  # type: ignore[attr-defined]
        org.official_count = officials.get(org.pk, 0)  # type: ignore[attr-defined]
    return orgs


@require_GET
def organization_tree(request: HttpRequest) -> HttpResponse:
    """The user's highest organizations with their children; deeper levels load on demand (htmx)."""
    visible = Organization.objects.for_user(request.user)
    roots = list(visible.exclude(parent__in=visible).order_by("path"))
    children = list(visible.filter(parent__in=[r.pk for r in roots]).order_by("path"))
    with_counts(roots + children, request.user)
    by_parent: dict[int, list[Organization]] = {}
    for child in children:
        by_parent.setdefault(child.parent_id, []).append(child)  # type: ignore[arg-type]
    for root in roots:
        root.tree_children = by_parent.get(root.pk, [])  # type: ignore[attr-defined]
    return render(request, "organizations/tree.html", {"roots": roots})


@require_GET
def organization_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of one organization as tree nodes (the fragment the tree loads on expanding)."""
    org = get_scoped_or_404(Organization, request.user, pk)
    children = with_counts(list(Organization.objects.for_user(request.user).filter(parent=org)), request.user)
    return render(request, "organizations/_tree_nodes.html", {"nodes": children})


@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(Organization, request.user, pk)
    visible = Organization.objects.for_user(request.user)
    ancestor_ids = [int(part) for part in org.path.strip("/").split("/")[:-1]]
    ancestors = list(visible.filter(pk__in=ancestor_ids).order_by("depth"))
    children = with_counts(list(visible.filter(parent=org)), request.user)
    officials = officials_of_organization(user=request.user, organization=org)
    page = Paginator(officials, PAGE_SIZE).get_page(request.GET.get("page"))
    lists = planning_lists_of_organization(user=request.user, organization=org)
    context = {
        "org": org,
        "ancestors": ancestors,
        "children": children,
        "page_obj": page,
        "lists": lists,
    }
    return render(request, "organizations/detail.html", context)


# where a picked organization leads: the pages whose filter takes ?org=<id> (a fixed list, never a URL
# from the request)
PICKER_TARGETS = {
    "people": "people:list",
    "planning": "planning:list",
    "dashboard": "reports:dashboard",
    "reports": "reports:index",
}


@require_GET
def organization_search(request: HttpRequest) -> HttpResponse:
    """The unit picker's results (htmx): organizations of the user's scope matching the typed text."""
    target = PICKER_TARGETS.get(request.GET.get("for", ""), "people:list")
    text = request.GET.get("q", "")[:100]
    return render(
        request,
        "organizations/_picker_results.html",
        {"orgs": search_organizations(request.user, text), "text": text, "target_url": reverse(target)},
    )
