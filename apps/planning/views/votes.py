"""The ballots of a vote step: one grid per step to type every candidate's figures, and the tally sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.access import Action, can
from apps.core.spreadsheets import RowError
from apps.planning import services
from apps.planning.forms import IMPORT_MAX_BYTES, IMPORT_SUFFIXES, date_input
from apps.planning.models import PlanningEntry, PlanningList, VoteStep
from apps.planning.selectors import planning_list_params, vote_step_sheet
from apps.planning.services.votes import FIGURES, CellError
from apps.planning.views.common import scoped_list
from apps.rules.engine import Vote, vote_passed

MSG_VOTES_SAVED = gettext_lazy(
    "The figures of %(step)s were saved: %(written)s rows changed, %(cleared)s cleared."
)
MSG_VOTES_IMPORTED = gettext_lazy("The tally sheet was imported into %(step)s: %(written)s rows changed.")
MSG_VOTES_REJECTED = gettext_lazy("Nothing was saved: correct the cells marked below and save again.")
MSG_SHEET_REJECTED = gettext_lazy("The tally sheet was rejected and nothing was saved:")
ERR_CHOOSE_FILE = gettext_lazy("Choose the tally sheet to upload (.xlsx or .csv).")
ERR_FILE_TYPE = gettext_lazy("Choose an Excel (.xlsx) or CSV (.csv) file.")
ERR_FILE_SIZE = gettext_lazy("The file is larger than 10 MB; split it into smaller files.")


class TallySheetForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tally sheet (.xlsx or .csv)"), error_messages={"required": ERR_CHOOSE_FILE}
    )
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=date_input(), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith(IMPORT_SUFFIXES):
            raise forms.ValidationError(ERR_FILE_TYPE)
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(ERR_FILE_SIZE)
        return upload


@dataclass
class GridRow:
    """One candidate of the grid: the values shown in its four cells and their problems."""

    number: int
    entry: PlanningEntry
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    share: float | None = None
    passed: bool | None = None

    @property
    def message_list(self) -> list[str]:
        return [m for name in FIGURES for m in self.errors.get(name, [])]


def _step_or_404(step: str) -> str:
    if step not in VoteStep.values:
        raise Http404(_("Not found."))
    return step


def _render(
    request: HttpRequest,
    planning_list: PlanningList,
    step: str,
    *,
    typed: dict[int, dict[str, str]] | None = None,
    cell_errors: list[CellError] | None = None,
    held_on_text: str | None = None,
    sheet_errors: list[RowError] | None = None,
    upload_form: TallySheetForm | None = None,
    status: int = 200,
) -> HttpResponse:
    sheet = vote_step_sheet(planning_list=planning_list, step=step)
    threshold = planning_list_params(planning_list=planning_list).vote_threshold_percent
    errors_by_entry: dict[int, dict[str, list[str]]] = {}
    step_errors: list[str] = []
    held_on_errors: list[str] = []
    for error in cell_errors or []:
        if error.entry_id:
            errors_by_entry.setdefault(error.entry_id, {}).setdefault(error.field, []).append(error.message)
        elif error.field == "held_on":
            held_on_errors.append(error.message)
        else:
            step_errors.append(error.message)
    rows = []
    for number, entry in enumerate(sheet.entries, start=1):
        vote = sheet.figures.get(entry.pk)
        if typed is not None:
            values = {name: typed.get(entry.pk, {}).get(name, "") for name in FIGURES}
        elif vote is not None:
            values = {name: str(getattr(vote, name)) for name in FIGURES}
        else:
            values = dict.fromkeys(FIGURES, "")
        row = GridRow(number, entry, values, errors_by_entry.get(entry.pk, {}))
        if vote is not None and typed is None:
            row.share = round(100 * vote.in_favour / vote.valid_ballots, 2) if vote.valid_ballots else None
            row.passed = vote_passed(
                Vote(step, vote.held_on, vote.summoned, vote.present, vote.valid_ballots, vote.in_favour),
                threshold,
            )
        rows.append(row)
    can_edit = planning_list.status in services.EDITABLE and can(
        request.user, Action.EDIT, planning_list.organization.path
    )
    if held_on_text is None:
        held_on_text = sheet.held_on.strftime("%d/%m/%Y") if sheet.held_on else ""
    context = {
        "pl": planning_list,
        "step": step,
        "step_label": VoteStep(step).label,
        "steps": VoteStep.choices,
        "sheet": sheet,
        "rows": rows,
        "threshold": threshold,
        "threshold_text": f"{threshold:g}".replace(".", ","),
        "can_edit": can_edit,
        "held_on_text": held_on_text,
        "held_on_errors": held_on_errors,
        "step_errors": step_errors,
        "has_cell_errors": bool(errors_by_entry),
        "sheet_errors": sheet_errors or [],
        "upload_form": upload_form or TallySheetForm(initial={"revision": sheet.revision}),
        "columns": services.VOTE_COLUMNS,
    }
    return render(request, "planning/votes_step.html", context, status=status)


def _typed(request: HttpRequest) -> dict[int, dict[str, str]]:
    """entry id -> {figure: typed text} from the grid's inputs `<figure>-<entry id>`."""
    typed: dict[int, dict[str, str]] = {}
    for raw_id in request.POST.getlist("entry"):
        if not raw_id.isdigit():
            continue
        entry_id = int(raw_id)
        typed[entry_id] = {name: request.POST.get(f"{name}-{entry_id}", "") for name in FIGURES}
    return typed


def _revision(request: HttpRequest) -> int | None:
    raw = request.POST.get("revision", "")
    return int(raw) if raw.isdigit() else None


@require_http_methods(["GET", "POST"])
def planning_votes_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """The grid of one step: every active candidate's four figures, typed at once and checked together."""
    step = _step_or_404(step)
    if request.method == "GET":
        return _render(request, scoped_list(request, pk), step)
    planning_list = scoped_list(request, pk, Action.EDIT)
    typed = _typed(request)
    revision = _revision(request)
    held_on = request.POST.get("held_on", "")
    if revision is None:
        messages.error(request, _("This page is out of date; reload it and type the figures again."))
        return redirect("planning:votes", pk=pk, step=step)
    try:
        result = services.planning_votes_save(
            planning_list=planning_list,
            step=step,
            held_on=held_on,
            cells=typed,
            revision=revision,
            user=request.user,
        )
    except services.StaleError as exc:
        messages.error(request, str(exc))
        return _render(request, planning_list, step, typed=typed, held_on_text=held_on, status=409)
    if not result.ok:
        messages.error(request, str(MSG_VOTES_REJECTED))
        return _render(
            request,
            planning_list,
            step,
            typed=typed,
            cell_errors=result.errors,
            held_on_text=held_on,
            status=400,
        )
    label = str(VoteStep(step).label)
    messages.success(
        request, str(MSG_VOTES_SAVED) % {"step": label, "written": result.written, "cleared": result.cleared}
    )
    return redirect("planning:votes", pk=pk, step=step)


@require_POST
def planning_votes_upload(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Upload the tally sheet of one step (contracts §7): the same service as `import_votes`."""
    step = _step_or_404(step)
    planning_list = scoped_list(request, pk, Action.EDIT)
    form = TallySheetForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, planning_list, step, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    result = services.planning_votes_import(
        file=upload,
        filename=upload.name,
        organization=planning_list.organization,
        term=planning_list.term,
        kind=planning_list.kind,
        step=step,
        held_on=form.cleaned_data["held_on"],
        revision=form.cleaned_data["revision"],
        user=request.user,
        planning_list=planning_list,
    )
    if not result.ok:
        messages.error(request, str(MSG_SHEET_REJECTED))
        return _render(request, planning_list, step, sheet_errors=result.errors, upload_form=form, status=400)
    label = str(VoteStep(step).label)
    messages.success(request, str(MSG_VOTES_IMPORTED) % {"step": label, "written": result.written})
    return redirect("planning:votes", pk=pk, step=step)


__all__ = ["planning_votes_step", "planning_votes_upload"]
