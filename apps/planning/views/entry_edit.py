"""Editing a planning entry (position, target group, first-time flag, note) with the add page's what-if."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.access import Action
from apps.organizations.models import Position
from apps.planning import services
from apps.planning.forms import EntryEditForm
from apps.planning.models import EntryStatus, PlanningEntry
from apps.planning.views.common import scoped_entry, scoped_list
from apps.planning.views.lists import PlainWords, quota_rows

MSG_ENTRY_SAVED = gettext_lazy("The entry of %(name)s (%(position)s) was saved.")
DEFAULT_GROUP_REASON = gettext_lazy(
    "Without a choice here, target group %(group)s applies: the default of %(position)s in the position "
    "catalogue (group 1: committee and leadership posts; group 2: management posts)."
)


def _default_reason(position: Position) -> str:
    return str(DEFAULT_GROUP_REASON) % {"group": position.default_target_group, "position": position.name}


def _editable_entry(request: HttpRequest, pk: int, entry_pk: int) -> tuple[Any, PlanningEntry] | HttpResponse:
    planning_list = scoped_list(request, pk, Action.EDIT)
    entry = scoped_entry(planning_list, entry_pk)
    if planning_list.status not in services.EDITABLE:
        messages.error(request, str(services.status_error(planning_list.status)))
        return redirect("planning:detail", pk=pk)
    if entry.status != EntryStatus.ACTIVE:
        messages.error(
            request, str(services.ERR_ENTRY_REMOVED) % {"date": services.format_day(entry.removed_on)}
        )
        return redirect("planning:detail", pk=pk)
    return planning_list, entry


@require_http_methods(["GET", "POST"])
def planning_entry_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    found = _editable_entry(request, pk, entry_pk)
    if isinstance(found, HttpResponse):
        return found
    planning_list, entry = found
    needs_confirmation = False
    if request.method == "POST":
        form = EntryEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.planning_entry_update(
                    entry=entry,
                    user=request.user,
                    revision=data["revision"],
                    position=data["position"],
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
                values = {"name": entry.official.full_name, "position": entry.position.name}
                messages.success(request, str(MSG_ENTRY_SAVED) % values)
                return redirect("planning:detail", pk=pk)
    else:
        form = EntryEditForm(
            initial={
                "revision": entry.revision,
                "position": entry.position_id,
                "target_group_override": entry.target_group_override,
                "first_time": entry.first_time,
                "note": entry.note,
            }
        )
    shown = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    position = shown.get("position", entry.position) if form.is_bound else entry.position
    target = shown.get("target_group_override") if form.is_bound else entry.target_group_override
    context = {
        **_preview_context(planning_list, entry, position, target),
        "entry": entry,
        "form": form,
        "needs_confirmation": needs_confirmation,
        "default_reason": _default_reason(entry.position),
    }
    return render(request, "planning/entry_edit.html", context)


@require_POST
def planning_entry_edit_preview(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """htmx: what the changed entry would give, evaluated with the entry replaced (not added twice)."""
    found = _editable_entry(request, pk, entry_pk)
    if isinstance(found, HttpResponse):
        return found
    planning_list, entry = found
    form = EntryEditForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    context = _preview_context(planning_list, entry, data.get("position"), data.get("target_group_override"))
    return render(request, "planning/_entry_preview.html", context)


def _preview_context(
    planning_list: Any, entry: PlanningEntry, position: Position | None, target_group: int | None
) -> dict[str, Any]:
    """The what-if partial's context for the entry changed to `position` and `target_group`."""
    context: dict[str, Any] = {"pl": planning_list, "ready": position is not None}
    if position is not None:
        preview = services.planning_entry_preview(
            planning_list=planning_list,
            official=entry.official,
            position=position,
            target_group_override=target_group,
            replacing=entry.pk,
        )
        words = PlainWords(Position.objects.all())
        context.update(
            preview=preview,
            planned_for=[words.names.get(code, code) for code in preview.planned_for],
            findings=words.findings(preview.result.findings),
            new_findings=words.findings(preview.new_findings),
            resolved_findings=words.findings(preview.resolved_findings),
            quotas=quota_rows(preview.quotas_after, preview.quotas_before),
            default_reason=_default_reason(position),
        )
    return context


MSG_BULK_REMOVED = gettext_lazy("%(count)s entries were removed from the plan.")
MSG_BULK_NONE = gettext_lazy("Tick the entries to remove first.")


@require_POST
def planning_entries_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Bulk removal from the list page: first a confirmation page naming every ticked entry, then the removal."""
    planning_list = scoped_list(request, pk, Action.EDIT)
    ids = [int(raw) for raw in request.POST.getlist("entry") if raw.isdigit()]
    entries = list(
        planning_list.entries.filter(pk__in=ids, status=EntryStatus.ACTIVE)
        .select_related("official", "position")
        .order_by("position__sort_order", "official__search_name")
    )
    if not entries:
        messages.info(request, str(MSG_BULK_NONE))
        return redirect("planning:detail", pk=pk)
    reason = request.POST.get("reason", "")
    raw_revision = request.POST.get("revision", "")
    revision = int(raw_revision) if raw_revision.isdigit() else None
    error = None
    if request.POST.get("confirmed") == "1":
        try:
            count = services.planning_entries_remove(
                planning_list=planning_list,
                entry_ids=[e.pk for e in entries],
                user=request.user,
                reason=reason,
                revision=revision,
            )
        except services.PlanningError as exc:
            error = str(exc)
        else:
            messages.success(request, str(MSG_BULK_REMOVED) % {"count": count})
            return redirect("planning:detail", pk=pk)
    elif not " ".join(reason.split()):
        error = str(services.ERR_REASON_REQUIRED)
    context = {
        "pl": planning_list,
        "entries": entries,
        "reason": reason,
        "revision": revision,
        "error": error,
    }
    return render(request, "planning/entries_remove.html", context, status=400 if error else 200)
