"""Officials pages: list with filters, profile, create and edit. Forms validate, services write."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.access import ROLE_ACTIONS, Action, can, can_see_national_id, get_scoped_or_404, grants
from apps.accounts.selectors import history_rows
from apps.core.text import mask_tail
from apps.organizations.models import Organization
from apps.people.filters import DEFAULT_SORT, SORTS, OfficialFilter, ordering
from apps.people.forms import OfficialForm
from apps.people.models import Official
from apps.people.selectors import official_list_queryset, official_rows, working_status
from apps.people.services import StaleEditError, official_create, official_update
from apps.planning.selectors import official_entries, official_planning_history, planned_official_ids

PAGE_SIZE = 25
COUNT_CAP = 10_000
CAPPED_COUNT_SECONDS = 300


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows: past `cap` the page says "more than 10,000" and offers no later page.

    An exact COUNT(*) of a national scope reads all ~470,000 officials on every request (30-60 ms, with
    parallel workers); counting up to 10,001 reads at most that many (2-4 ms). A count past the cap is
    remembered a few minutes for the same scope and filters (`cache_key`); an exact count never is.
    A narrower filter, or the reverse order, reaches the rows past the cap.
    """

    cap = COUNT_CAP
    cache_key: str | None = None  # the same rows for the same key: a count past the cap is kept a while

    @cached_property
    def found(self) -> int:
        """The rows matched, counted up to cap + 1 (without the order, which a count does not need).

        Only "more than the cap" is cached (CAPPED_COUNT_SECONDS): an exact count is always fresh.
        """
        if self.cache_key and cache.get(self.cache_key):
            return self.cap + 1
        officials: QuerySet[Official] = self.object_list  # type: ignore[assignment]
        found = officials.order_by().values("pk")[: self.cap + 1].count()
        if self.cache_key and found > self.cap:
            cache.set(self.cache_key, True, CAPPED_COUNT_SECONDS)
        return found

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def capped(self) -> bool:
        return self.found > self.cap

    @property
    def cap_display(self) -> str:
        return number_format(self.cap, force_grouping=True)


def count_cache_key(request: HttpRequest) -> str:
    """What the list's count depends on: the user's read scope, the filters (not page or order), today."""
    user = request.user
    scope = (
        "*"
        if user.is_superuser
        else sorted(g.path for g in grants(user) if Action.READ in ROLE_ACTIONS[g.role])
    )
    filters = sorted((k, v) for k, values in request.GET.lists() if k not in ("page", "sort") for v in values)
    digest = hashlib.sha256(
        repr((scope, filters, timezone.localdate(), CappedPaginator.cap)).encode()
    ).hexdigest()
    return f"people:list:capped:{digest}"


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page (a history restore needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


@require_GET
def official_list(request: HttpRequest) -> HttpResponse:
    filterset = OfficialFilter(
        request.GET, queryset=official_list_queryset(user=request.user), request=request
    )
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    officials = filterset.qs.order_by(*ordering(sort, searching=filterset.searching))
    paginator = CappedPaginator(officials, PAGE_SIZE)
    paginator.cache_key = count_cache_key(request)
    page = paginator.get_page(request.GET.get("page"))
    fragment = wants_fragment(request)
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": official_rows(page.object_list, today=timezone.localdate(), planned=planned_official_ids),
        "sort": sort,
        "can_create": Organization.objects.for_user(request.user, Action.EDIT).exists(),
        # the organization drop-down lists the chosen branch: an htmx swap of the results refreshes it too
        "org_select_oob": fragment,
    }
    template = "people/_official_results.html" if fragment else "people/official_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


MASKED_FIELDS = frozenset({"national_id"})  # what a viewer sees the last four characters of


@require_GET
def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    official = get_scoped_or_404(
        Official,
        request.user,
        pk,
        queryset=Official.objects.select_related("organization", "current_position", "updated_by"),
    )
    full_id = can_see_national_id(request.user, official.organization.path)
    context = {
        "official": official,
        "working": working_status(official, timezone.localdate()),
        "work_history": official.work_history.select_related("organization", "position"),
        "disciplines": official.disciplines.all(),
        "entries": official_entries(official=official, user=request.user),
        "planning_history": official_planning_history(official=official, user=request.user),
        "history": history_rows(official, masked=frozenset() if full_id else MASKED_FIELDS),
        "can_edit": can(request.user, Action.EDIT, official.organization.path),
        "national_id": official.national_id if full_id else mask_tail(official.national_id),
    }
    return render(request, "people/official_detail.html", context)


@require_http_methods(["GET", "POST"])
def official_create_view(request: HttpRequest) -> HttpResponse:
    if not Organization.objects.for_user(request.user, Action.EDIT).exists():
        raise PermissionDenied(_("You may not add officials."))
    form = OfficialForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            official = official_create(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The official %(name)s was added.") % {"name": official.full_name})
            return redirect("people:detail", pk=official.pk)
    return render(request, "people/official_form.html", {"form": form, "official": None})


@require_http_methods(["GET", "POST"])
def official_edit(request: HttpRequest, pk: int) -> HttpResponse:
    official = get_scoped_or_404(
        Official,
        request.user,
        pk,
        action=Action.EDIT,
        queryset=Official.objects.select_related("organization"),
    )
    name = official.full_name  # the form writes the posted values onto the instance while validating
    form = OfficialForm(request.POST or None, instance=official, user=request.user)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            official_update(
                official_id=pk,
                revision=form.cleaned_data["revision"],
                user=request.user,
                data=form.cleaned_data,
            )
        except StaleEditError as exc:
            stale = True
            form.add_error(None, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:detail", pk=pk)
    context = {"form": form, "official": official, "name": name, "stale": stale}
    return render(request, "people/official_form.html", context)
