"""Adding (with the what-if preview) and removing planning entries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.access import Action
from apps.core.text import fold_name
from apps.organizations.models import Position
from apps.people.models import Official
from apps.planning import services
from apps.planning.forms import (
    EntryAddForm,
    EntryRemoveForm,
    official_candidates,
)
from apps.planning.models import EntryStatus, PlanningList
from apps.planning.views.common import (
    MSG_ADDED,
    MSG_REMOVED,
    SEARCH_LIMIT,
    scoped_entry,
    scoped_list,
)
from apps.planning.views.lists import (
    PlainWords,
    quota_rows,
)

# --- Entries -------------------------------------------------------------------------------------------


def _official_choices(request: HttpRequest, planning_list: PlanningList, query: str) -> list[Official]:
    folded = fold_name(query)
    if len(folded) < 2:
        return []
    return list(
        official_candidates(request.user, planning_list)
        .filter(search_name__contains=folded)
        .select_related("organization")
        .order_by("search_name", "birth_date", "id")[:SEARCH_LIMIT]
    )


@require_http_methods(["GET", "POST"])
def planning_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = scoped_list(request, pk, Action.EDIT)
    if planning_list.status not in services.EDITABLE:
        messages.error(request, str(services.status_error(planning_list.status)))
        return redirect("planning:detail", pk=pk)
    query = request.GET.get("q", "").strip()
    needs_confirmation = False
    if request.method == "POST":
        form = EntryAddForm(request.POST, user=request.user, planning_list=planning_list)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.planning_entry_add(
                    planning_list=planning_list,
                    official=data["official"],
                    position=data["position"],
                    user=request.user,
                    revision=data["revision"],
                    target_group_override=data["target_group_override"],
                    first_time=data["first_time"],
                    note=data["note"],
                    confirm_ineligible=data["confirm_ineligible"],
                )
            except services.IneligibleEntryError as exc:
                form.add_error(None, str(exc))
                needs_confirmation = True
            except services.PlanningError as exc:
                form.add_error(None, str(exc))
            else:
                name, position = data["official"].full_name, data["position"].name
                messages.success(request, str(MSG_ADDED) % {"name": name, "position": position})
                return redirect("planning:detail", pk=pk)
        chosen = (
            form.cleaned_data.get("official") if form.is_bound and hasattr(form, "cleaned_data") else None
        )
        choices = [chosen] if chosen else []
    else:
        initial: dict[str, Any] = {"revision": planning_list.revision, "first_time": True}
        # the successor finder links here with the official and the post chosen (?official=&position=)
        preselected = (
            official_candidates(request.user, planning_list).filter(pk=request.GET["official"]).first()
            if request.GET.get("official", "").isdigit()
            else None
        )
        if preselected is not None:
            initial["official"] = preselected.pk
        if request.GET.get("position", "").isdigit():
            initial["position"] = request.GET["position"]
        form = EntryAddForm(user=request.user, planning_list=planning_list, initial=initial)
        choices = (
            [preselected] if preselected is not None else _official_choices(request, planning_list, query)
        )
    return render(
        request,
        "planning/entry_add.html",
        {
            "pl": planning_list,
            "form": form,
            "query": query,
            "choices": choices,
            "searched": bool(query),
            "needs_confirmation": needs_confirmation,
        },
    )


@require_GET
def planning_official_search(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the officials matching the typed name, as radio buttons of the add form."""
    planning_list = scoped_list(request, pk, Action.EDIT)
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "planning/_official_choices.html",
        {
            "pl": planning_list,
            "choices": _official_choices(request, planning_list, query),
            "query": query,
            "searched": True,
        },
    )


@require_POST
def planning_entry_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: what adding the chosen official for the chosen post would change, before saving."""
    planning_list = scoped_list(request, pk, Action.EDIT)
    form = EntryAddForm(request.POST, user=request.user, planning_list=planning_list)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    official, position = data.get("official"), data.get("position")
    context: dict[str, Any] = {"pl": planning_list, "ready": official is not None and position is not None}
    if official is not None and position is not None:
        preview = services.planning_entry_preview(
            planning_list=planning_list,
            official=official,
            position=position,
            target_group_override=data.get("target_group_override"),
        )
        words = PlainWords(Position.objects.all())
        context.update(
            preview=preview,
            planned_for=[words.names.get(code, code) for code in preview.planned_for],
            findings=words.findings(preview.result.findings),
            new_findings=words.findings(preview.new_findings),
            resolved_findings=words.findings(preview.resolved_findings),
            quotas=quota_rows(preview.quotas_after, preview.quotas_before),
        )
    return render(request, "planning/_entry_preview.html", context)


@require_http_methods(["GET", "POST"])
def planning_entry_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    planning_list = scoped_list(request, pk, Action.EDIT)
    entry = scoped_entry(planning_list, entry_pk)
    if entry.status != EntryStatus.ACTIVE:
        messages.error(
            request, str(services.ERR_ENTRY_REMOVED) % {"date": services.format_day(entry.removed_on)}
        )
        return redirect("planning:detail", pk=pk)
    if request.method == "POST":
        form = EntryRemoveForm(request.POST)
        if form.is_valid():
            try:
                services.planning_entry_remove(
                    entry=entry,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    revision=form.cleaned_data["revision"],
                )
            except services.PlanningError as exc:
                form.add_error(None, str(exc))
            else:
                values = {"name": entry.official.full_name, "position": entry.position.name}
                messages.success(request, str(MSG_REMOVED) % values)
                return redirect("planning:detail", pk=pk)
    else:
        form = EntryRemoveForm(initial={"revision": entry.revision})
    return render(request, "planning/entry_remove.html", {"pl": planning_list, "entry": entry, "form": form})
