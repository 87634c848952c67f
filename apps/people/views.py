"""Officials pages: list with filters, profile, create and edit. Forms validate, services write."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.access import ROLE_ACTIONS, Action, can, can_see_national_id, get_scoped_or_404, grants
from apps.accounts.selectors import history_rows
from apps.core.text import mask_tail
from apps.organizations.models import Organization
from apps.people.filters import DEFAULT_SORT, SORTS, OfficialFilter, ordering
from apps.people.forms import DisciplineForm, OfficialForm, WorkHistoryForm
from apps.people.models import ConfidenceVote, DisciplineRecord, Official, WorkHistory
from apps.people.selectors import official_list_queryset, official_rows, working_status
from apps.people.services import (
    StaleEditError,
    confidence_votes_save,
    discipline_save,
    official_create,
    official_update,
    record_delete,
    work_history_save,
)
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
        "confidence_votes": official.confidence_votes.select_related("organization"),
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


# --- Work history and discipline records -------------------------------------------------------------

RECORD_KINDS = {
    "work": (WorkHistory, WorkHistoryForm, work_history_save, gettext_lazy("work history")),
    "discipline": (DisciplineRecord, DisciplineForm, discipline_save, gettext_lazy("discipline")),
}


def _record_kind(kind: str) -> tuple[Any, Any, Any, Any]:
    if kind not in RECORD_KINDS:
        raise Http404(_("Not found."))
    return RECORD_KINDS[kind]


def _editable_official(request: HttpRequest, pk: int) -> Official:
    return get_scoped_or_404(
        Official,
        request.user,
        pk,
        action=Action.EDIT,
        queryset=Official.objects.select_related("organization"),
    )


@require_http_methods(["GET", "POST"])
def official_record_edit(
    request: HttpRequest, pk: int, kind: str, record_pk: int | None = None
) -> HttpResponse:
    """Add (no record_pk) or change one work-history post or discipline record of an official."""
    model, form_class, save, label = _record_kind(kind)
    official = _editable_official(request, pk)
    record = None
    if record_pk is not None:
        record = model.objects.filter(official=official, pk=record_pk).first()
        if record is None:
            raise Http404(_("Not found."))
    extra = {"user": request.user} if form_class is WorkHistoryForm else {}
    form = form_class(request.POST or None, instance=record, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            save(official=official, user=request.user, data=form.cleaned_data, record=record)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:detail", pk=pk)
    context = {
        "official": official,
        "form": form,
        "record": record,
        "kind": kind,
        "label": label,
        "history": history_rows(record) if record is not None else [],
    }
    return render(request, "people/record_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def official_record_delete(request: HttpRequest, pk: int, kind: str, record_pk: int) -> HttpResponse:
    """Ask, then delete one record; the history keeps it."""
    model, _form, _save, label = _record_kind(kind)
    official = _editable_official(request, pk)
    record = model.objects.filter(official=official, pk=record_pk).first()
    if record is None:
        raise Http404(_("Not found."))
    if request.method == "POST":
        record_delete(record=record, user=request.user)
        messages.success(request, _("The record was deleted."))
        return redirect("people:detail", pk=pk)
    return render(
        request,
        "people/record_delete.html",
        {"official": official, "record": record, "kind": kind, "label": label},
    )


# --- Confidence votes (lấy phiếu tín nhiệm) ----------------------------------------------------------

CONFIDENCE_LIMIT = 300
INVALID_DAY = gettext_lazy("Enter a valid date as dd/mm/yyyy, for example 15/03/1968.")


def _parse_day(text: str) -> Any:
    try:
        return dt.datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def confidence_grid(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The incumbents of an organization and below, with high / medium / low counts of one conference."""
    organization = get_scoped_or_404(Organization, request.user, org_pk)
    incumbents = list(
        Official.objects.in_subtree(organization)
        .filter(current_position__isnull=False)
        .select_related("organization", "current_position")
        .order_by("organization__path", "current_position__sort_order", "search_name")[:CONFIDENCE_LIMIT]
    )
    source = request.POST if request.method == "POST" else request.GET
    conference = source.get("conference", "")
    held_text = source.get("held_on", "")
    held_on = _parse_day(held_text)
    errors: dict[int, dict[str, list[str]]] = {}
    head_errors: dict[str, list[str]] = {}
    typed: dict[int, dict[str, str]] = {}
    if request.method == "POST":
        if not can(request.user, Action.EDIT, organization.path):
            raise PermissionDenied(_("You may not change the records of this official."))
        typed = {
            o.pk: {name: request.POST.get(f"{name}-{o.pk}", "") for name in ("high", "medium", "low")}
            for o in incumbents
        }
        saved, problems = confidence_votes_save(
            organization=organization, conference=conference, held_on=held_on, cells=typed, user=request.user
        )
        if held_text.strip() and held_on is None:
            problems = [p for p in problems if p[1] != "held_on"] + [(0, "held_on", str(INVALID_DAY))]
        if not problems:
            messages.success(request, _("%(count)s confidence votes were saved.") % {"count": saved})
            query = urlencode({"conference": conference, "held_on": held_text})
            return redirect(f"{request.path}?{query}")
        for official_id, field_name, message in problems:
            if official_id:
                errors.setdefault(official_id, {}).setdefault(field_name, []).append(message)
            else:
                head_errors.setdefault(field_name, []).append(message)
        messages.error(request, _("Nothing was saved: correct the cells marked below and save again."))
    recorded = {}
    if conference and held_on:
        recorded = {
            v.official_id: v
            for v in ConfidenceVote.objects.filter(
                organization=organization, conference=" ".join(conference.split()), held_on=held_on
            )
        }
    rows = []
    for number, official in enumerate(incumbents, start=1):
        vote = recorded.get(official.pk)
        if official.pk in typed:
            values = typed[official.pk]
        elif vote is not None:
            values = {"high": str(vote.high), "medium": str(vote.medium), "low": str(vote.low)}
        else:
            values = {"high": "", "medium": "", "low": ""}
        rows.append(
            {
                "number": number,
                "official": official,
                "values": values,
                "errors": errors.get(official.pk, {}),
                "vote": vote,
            }
        )
    context = {
        "organization": organization,
        "rows": rows,
        "conference": conference,
        "held_text": held_text,
        "head_errors": head_errors,
        "can_edit": can(request.user, Action.EDIT, organization.path),
        "limit": CONFIDENCE_LIMIT,
    }
    return render(
        request, "people/confidence_grid.html", context, status=400 if errors or head_errors else 200
    )
