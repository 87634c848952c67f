"""Planning pages: the lists, one list with its findings, entries, workflow, import and export.

Views are adapters: they scope what they read with `for_user`, fetch one list through `_get_list`
(404 outside the user's read scope, 403 for an action not allowed inside it), and call the services.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.access import ROLE_ACTIONS, Action, can, can_approve, get_scoped_or_404, grants
from apps.accounts.selectors import HistoryRow, history_rows
from apps.core.spreadsheets import XLSX_TYPE, XlsxSheet, xlsx_workbook
from apps.core.text import fold_name
from apps.organizations.models import Organization, Position, PositionGroup, Term
from apps.people.models import Official
from apps.planning import services
from apps.planning.filters import PlanningListFilter
from apps.planning.forms import (
    ERR_BAD_REVISION,
    ApproveForm,
    EntryAddForm,
    EntryRemoveForm,
    ImportConfirmForm,
    ImportUploadForm,
    NewVersionForm,
    PlanningListCreateForm,
    ReturnForm,
    RevisionForm,
    official_candidates,
)
from apps.planning.models import EntryStatus, ListKind, ListStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluate
from apps.planning.services import PLANNING_COLUMNS, planning_export_rows
from apps.rules.engine import EntryResult, Finding, Quota
from apps.rules.models import RuleSet

PAGE_SIZE = 50
SEARCH_LIMIT = 20
HISTORY_LIMIT = 50
IMPORT_SESSION_KEY = "planning_imports"
IMPORT_MAX_AGE = 24 * 60 * 60  # seconds an unconfirmed upload is kept
QUOTA_LABELS = {
    "QUOTA_YOUNG": gettext_lazy("Young officials"),
    "QUOTA_WOMEN": gettext_lazy("Women"),
    "QUOTA_ETHNIC": gettext_lazy("Ethnic minorities"),
}
MSG_ADDED = gettext_lazy("%(name)s was added to the plan for %(position)s.")
MSG_REMOVED = gettext_lazy("%(name)s was removed from the plan for %(position)s.")
MSG_SUBMITTED = gettext_lazy("The list was submitted for approval.")
MSG_APPROVED = gettext_lazy("The list was approved (decision %(number)s of %(date)s).")
MSG_RETURNED = gettext_lazy("The list was returned to its editors.")
MSG_NEW_VERSION = gettext_lazy(
    "Version %(version)s was opened as a draft with the entries of the approved list."
)
MSG_CREATED = gettext_lazy("The planning list was created.")
MSG_TRIGGERS_REMOVED = gettext_lazy("%(count)s entries were removed from the plan (see the removed entries).")
MSG_TRIGGERS_FLAGGED = gettext_lazy("%(count)s entries were flagged for review.")
MSG_TRIGGERS_NONE = gettext_lazy("No entry meets a removal reason today.")
MSG_IMPORTED = gettext_lazy("The file was imported: %(created)s entries added, %(updated)s updated.")
MSG_IMPORT_EXPIRED = gettext_lazy("The uploaded file is no longer available; upload it again.")
HISTORY_ADDED = gettext_lazy("Added to the plan")
HISTORY_REMOVED = gettext_lazy("Removed from the plan")
HISTORY_FLAGGED = gettext_lazy("Flagged for review")
HISTORY_ENTRY_CHANGED = gettext_lazy("Entry changed")
HISTORY_REASON = gettext_lazy("Reason")
HISTORY_SYSTEM = gettext_lazy("system")


# --- Fetching a list -----------------------------------------------------------------------------------


def _get_list(request: HttpRequest, pk: int, action: str = Action.READ) -> PlanningList:
    """The list if the user may read it (else 404) and may do `action` on it (else 403)."""
    planning_list = get_scoped_or_404(
        PlanningList,
        request.user,
        pk,
        queryset=PlanningList.objects.select_related(
            "organization", "term", "rule_set", "rule_set_used", "submitted_by", "decided_by", "updated_by"
        ),
    )
    path = planning_list.organization.path
    if action == Action.EDIT and not can(request.user, Action.EDIT, path):
        raise PermissionDenied(str(services.ERR_NOT_EDITOR))
    if action == Action.APPROVE and not can_approve(request.user, path):
        raise PermissionDenied(str(services.ERR_NOT_APPROVER))
    return planning_list


def _get_entry(planning_list: PlanningList, entry_pk: int) -> PlanningEntry:
    try:
        return planning_list.entries.select_related("official", "position").get(pk=entry_pk)
    except PlanningEntry.DoesNotExist:
        raise Http404(_("Not found.")) from None


# --- Lists ---------------------------------------------------------------------------------------------


@require_GET
def planning_list_index(request: HttpRequest) -> HttpResponse:
    active = Q(entries__status=EntryStatus.ACTIVE)
    lists = (
        PlanningList.objects.for_user(request.user)
        .select_related("organization", "term")
        .annotate(
            entry_count=Count("entries", filter=active),
            people_count=Count("entries__official", filter=active, distinct=True),
        )
        .order_by("organization__path", "term__start_date", "kind", "-version")
    )
    filterset = PlanningListFilter(request.GET or None, queryset=lists, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "planning/list_index.html",
        {
            "filter": filterset,
            "page_obj": page,
            "querystring": query.urlencode(),
            "can_edit_somewhere": _can_edit_somewhere(request.user),
        },
    )


def _can_edit_somewhere(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(
        Action.EDIT in ROLE_ACTIONS[g.role] for g in grants(user)
    )


@require_http_methods(["GET", "POST"])
def planning_list_create(request: HttpRequest) -> HttpResponse:
    if not _can_edit_somewhere(request.user):
        raise PermissionDenied(str(services.ERR_NOT_EDITOR))
    form = PlanningListCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            planning_list = services.planning_list_create(user=request.user, **form.cleaned_data)
        except services.PlanningError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, str(MSG_CREATED))
            return redirect("planning:detail", pk=planning_list.pk)
    return render(request, "planning/list_create.html", {"form": form})


# --- One list ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownFinding:
    severity: str
    message: str


@dataclass
class EntryRow:
    entry: PlanningEntry
    result: EntryResult | None
    findings: list[ShownFinding] = field(default_factory=list)
    number: int = 0


@dataclass
class PositionBlock:
    position: Position
    rows: list[EntryRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class GroupBlock:
    code: str
    label: str
    positions: list[PositionBlock] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def entry_count(self) -> int:
        return sum(len(p.rows) for p in self.positions)


@dataclass(frozen=True)
class QuotaRow:
    label: str
    quota: Quota
    before: Quota | None = None


class PlainWords:
    """Finding messages with catalogue codes (PHO_BI_THU) replaced by the posts' names (Phó Bí thư)."""

    def __init__(self, positions: Iterable[Position]) -> None:
        self.names = {p.code: p.name for p in positions}
        codes = sorted(self.names, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, codes)) + r")\b") if codes else None

    def __call__(self, message: str) -> str:
        if self.pattern is None:
            return message
        return self.pattern.sub(lambda m: self.names[m.group(1)], message)

    def findings(self, findings: Iterable[Finding]) -> list[ShownFinding]:
        return [ShownFinding(f.severity, self(f.message)) for f in findings]


def _quota_rows(quotas: Iterable[Quota], before: Iterable[Quota] = ()) -> list[QuotaRow]:
    earlier = {q.code: q for q in before}
    return [QuotaRow(str(QUOTA_LABELS.get(q.code, q.code)), q, earlier.get(q.code)) for q in quotas]


def _group_entries(
    entries: list[PlanningEntry],
    results: dict[int, EntryResult],
    list_findings: Iterable[Finding],
    words: PlainWords,
) -> list[GroupBlock]:
    """Active entries grouped by position group (catalogue order), then by position."""
    groups = {code: GroupBlock(code, str(label)) for code, label in PositionGroup.choices}
    blocks: dict[int, PositionBlock] = {}
    for entry in entries:
        block = blocks.get(entry.position_id)
        if block is None:
            block = blocks[entry.position_id] = PositionBlock(entry.position)
            groups[entry.position.group].positions.append(block)
        result = results.get(entry.pk)
        block.rows.append(EntryRow(entry, result, words.findings(result.findings) if result else []))
    by_code = {b.position.code: b for b in blocks.values()}
    for finding in list_findings:
        shown = ShownFinding(finding.severity, words(finding.message))
        if finding.position and finding.position in by_code:
            by_code[finding.position].findings.append(shown)  # type: ignore[arg-type]
        elif finding.position_group and finding.position_group in groups:
            groups[finding.position_group].findings.append(shown)  # type: ignore[arg-type]
    number = 0
    for group in groups.values():
        for block in group.positions:
            for row in block.rows:
                number += 1
                row.number = number
    return [g for g in groups.values() if g.positions]


def _entry_history(planning_list: PlanningList, words: PlainWords) -> list[HistoryRow]:
    """Additions, removals and flags of the list's entries from their pghistory events, newest first."""
    event_model = django_apps.get_model("planning", "PlanningEntryEvent")
    events = list(
        event_model.objects.filter(planning_list_id=planning_list.pk)
        .select_related("pgh_context", "official", "position", "removed_by")
        .order_by("-pgh_id")[:HISTORY_LIMIT]
    )
    user_ids = {e.pgh_context.metadata.get("user") for e in events if e.pgh_context_id} - {None}
    users: dict[Any, str] = (
        {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=user_ids)} if user_ids else {}
    )
    rows = []
    for event in events:
        who_id = event.pgh_context.metadata.get("user") if event.pgh_context_id else None
        who = users.get(who_id) or (str(event.removed_by) if event.removed_by_id else str(HISTORY_SYSTEM))
        subject = f"{event.official} — {event.position}"
        changes: list[tuple[str, str, str]] = []
        if event.pgh_label == "insert":
            what = HISTORY_ADDED
        elif event.status == EntryStatus.REMOVED:
            what = HISTORY_REMOVED
            changes = [(str(HISTORY_REASON), "—", event.removed_reason)]
        elif event.flagged_for_review:
            what = HISTORY_FLAGGED
            changes = [(str(HISTORY_REASON), "—", words(event.flagged_for_review))]
        else:
            what = HISTORY_ENTRY_CHANGED
        rows.append(
            HistoryRow(when=event.pgh_created_at, who=who, what=f"{what}: {subject}", changes=changes)
        )
    return rows


@require_GET
def planning_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = _get_list(request, pk)
    evaluation = planning_list_evaluate(planning_list=planning_list)
    result = evaluation.result
    positions = list(Position.objects.all())
    words = PlainWords(positions)
    by_id = {p.pk: p for p in positions}
    all_entries = list(
        planning_list.entries.select_related("official__organization", "removed_by").order_by(
            "position__sort_order", "official__search_name", "id"
        )
    )
    for entry in all_entries:
        entry.position = by_id[entry.position_id]
    results = {r.entry_id: r for r in result.entry_results}
    active = [e for e in all_entries if e.status == EntryStatus.ACTIVE]
    removed = [e for e in all_entries if e.status == EntryStatus.REMOVED]
    versions = list(
        PlanningList.objects.for_user(request.user)
        .filter(
            organization=planning_list.organization_id, term=planning_list.term_id, kind=planning_list.kind
        )
        .order_by("-version")
        .values("pk", "version", "status", "decision_number", "decision_date")
    )
    history = sorted(
        [*history_rows(planning_list, limit=HISTORY_LIMIT), *_entry_history(planning_list, words)],
        key=lambda row: row.when,
        reverse=True,
    )[:HISTORY_LIMIT]
    user = request.user
    path = planning_list.organization.path
    editable = planning_list.status in services.EDITABLE
    is_latest = versions[0]["pk"] == planning_list.pk if versions else True
    context = {
        "pl": planning_list,
        "evaluation": evaluation,
        "result": result,
        "rule_set": _rule_set(planning_list, evaluation.rule_set_id),
        "groups": _group_entries(active, results, result.findings, words),
        "list_findings": words.findings(result.findings),
        "quotas": _quota_rows(result.quotas),
        "removed": removed,
        "versions": versions,
        "is_latest": is_latest,
        "history": history,
        "can_edit": editable and can(user, Action.EDIT, path),
        "can_decide": planning_list.status == ListStatus.SUBMITTED and can_approve(user, path),
        "can_new_version": planning_list.status == ListStatus.APPROVED
        and is_latest
        and can(user, Action.EDIT, path),
        "revision_form": RevisionForm(initial={"revision": planning_list.revision}),
        "new_version_form": NewVersionForm(initial={"reference_date": planning_list.reference_date}),
        "eligible_count": sum(1 for r in result.entry_results if r.eligible),
        "status_choices": ListStatus.choices,
    }
    return render(request, "planning/list_detail.html", context)


def _rule_set(planning_list: PlanningList, rule_set_id: int) -> RuleSet | None:
    for known in (planning_list.rule_set, planning_list.rule_set_used):
        if known is not None and known.pk == rule_set_id:
            return known
    return RuleSet.objects.filter(pk=rule_set_id).only("code", "name", "source").first()


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
    planning_list = _get_list(request, pk, Action.EDIT)
    if planning_list.status not in services.EDITABLE:
        messages.error(request, str(services.status_error(planning_list.status)))
        return redirect("planning:detail", pk=pk)
    query = request.GET.get("q", "").strip()
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
                )
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
        form = EntryAddForm(
            user=request.user,
            planning_list=planning_list,
            initial={"revision": planning_list.revision, "first_time": True},
        )
        choices = _official_choices(request, planning_list, query)
    return render(
        request,
        "planning/entry_add.html",
        {"pl": planning_list, "form": form, "query": query, "choices": choices, "searched": bool(query)},
    )


@require_GET
def planning_official_search(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the officials matching the typed name, as radio buttons of the add form."""
    planning_list = _get_list(request, pk, Action.EDIT)
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
    planning_list = _get_list(request, pk, Action.EDIT)
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
            quotas=_quota_rows(preview.quotas_after, preview.quotas_before),
        )
    return render(request, "planning/_entry_preview.html", context)


@require_http_methods(["GET", "POST"])
def planning_entry_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    planning_list = _get_list(request, pk, Action.EDIT)
    entry = _get_entry(planning_list, entry_pk)
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


# --- Workflow ------------------------------------------------------------------------------------------


@require_POST
def planning_list_submit(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = _get_list(request, pk, Action.EDIT)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        # never fall back to the current revision: that would submit a list the user has not seen
        messages.error(request, ERR_BAD_REVISION)
        return redirect("planning:detail", pk=pk)
    try:
        services.planning_list_submit(
            planning_list=planning_list, user=request.user, revision=form.cleaned_data["revision"]
        )
    except services.PlanningError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, str(MSG_SUBMITTED))
    return redirect("planning:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def planning_list_approve(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = _get_list(request, pk, Action.APPROVE)
    if request.method == "POST":
        form = ApproveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.planning_list_approve(
                    planning_list=planning_list,
                    user=request.user,
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    revision=data["revision"],
                )
            except services.PlanningError as exc:
                form.add_error(None, str(exc))
            else:
                shown = data["decision_date"].strftime("%d/%m/%Y")
                messages.success(
                    request, str(MSG_APPROVED) % {"number": data["decision_number"], "date": shown}
                )
                return redirect("planning:detail", pk=pk)
    else:
        form = ApproveForm(initial={"revision": planning_list.revision})
    return render(request, "planning/list_decide.html", {"pl": planning_list, "form": form, "approve": True})


@require_http_methods(["GET", "POST"])
def planning_list_return(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = _get_list(request, pk, Action.APPROVE)
    if request.method == "POST":
        form = ReturnForm(request.POST)
        if form.is_valid():
            try:
                services.planning_list_return(
                    planning_list=planning_list,
                    user=request.user,
                    comment=form.cleaned_data["comment"],
                    revision=form.cleaned_data["revision"],
                )
            except services.PlanningError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, str(MSG_RETURNED))
                return redirect("planning:detail", pk=pk)
    else:
        form = ReturnForm(initial={"revision": planning_list.revision})
    return render(request, "planning/list_decide.html", {"pl": planning_list, "form": form, "approve": False})


@require_POST
def planning_list_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = _get_list(request, pk, Action.EDIT)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("planning:detail", pk=pk)
    try:
        new = services.planning_list_new_version(
            planning_list=planning_list, user=request.user, reference_date=form.cleaned_data["reference_date"]
        )
    except services.PlanningError as exc:
        messages.error(request, str(exc))
        return redirect("planning:detail", pk=pk)
    messages.success(request, str(MSG_NEW_VERSION) % {"version": new.version})
    return redirect("planning:detail", pk=new.pk)


@require_POST
def planning_list_removal_triggers(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = _get_list(request, pk, Action.EDIT)
    try:
        triggers = services.planning_list_apply_removal_triggers(
            planning_list=planning_list, user=request.user
        )
    except services.PlanningError as exc:
        messages.error(request, str(exc))
        return redirect("planning:detail", pk=pk)
    count = len({t.entry_id for t in triggers})
    if not count:
        messages.info(request, str(MSG_TRIGGERS_NONE))
    elif planning_list.entries.filter(
        pk__in=[t.entry_id for t in triggers], status=EntryStatus.REMOVED
    ).exists():
        messages.warning(request, str(MSG_TRIGGERS_REMOVED) % {"count": count})
    else:
        messages.warning(request, str(MSG_TRIGGERS_FLAGGED) % {"count": count})
    return redirect("planning:detail", pk=pk)


# --- Export --------------------------------------------------------------------------------------------


def _xlsx_response(filename: str, rows: Iterable[dict[str, str]]) -> HttpResponse:
    """An .xlsx of the template's columns; every cell is written as text, so it round-trips exactly."""
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    tmp_dir = Path(settings.MEDIA_ROOT) / "exports"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    # constant_memory streams rows to temporary files; the workbook itself is written to the response.
    workbook = xlsx_workbook(response, tmpdir=str(tmp_dir))
    widths = {"STT": 6, "Họ và tên": 28, "Ngày sinh": 12, "Giới tính": 9, "Đơn vị công tác": 18}
    sheet = XlsxSheet(
        workbook,
        "Danh sách quy hoạch",
        [(name, widths.get(name, 20)) for name in PLANNING_COLUMNS],
        column_format=workbook.add_format({"num_format": "@"}),  # typed text stays text (leading zeros)
    )
    for row in rows:
        sheet.write_texts(row.get(name) for name in PLANNING_COLUMNS)
    sheet.close()
    workbook.close()
    return response


@require_GET
def planning_list_export(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = _get_list(request, pk)
    filename = (
        f"quy-hoach_{planning_list.organization.code}_{planning_list.term.code}_"
        f"{planning_list.kind}_v{planning_list.version}.xlsx"
    )
    return _xlsx_response(filename, planning_export_rows(planning_list=planning_list))


@require_GET
def planning_template(request: HttpRequest) -> HttpResponse:
    return _xlsx_response("mau-danh-sach-quy-hoach.xlsx", ())


# --- Import --------------------------------------------------------------------------------------------


def _import_dir(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / token


def _pending_imports(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return request.session.setdefault(IMPORT_SESSION_KEY, {})


def _discard_import(request: HttpRequest, token: str) -> None:
    pending = _pending_imports(request)
    if pending.pop(token, None) is not None:
        request.session.modified = True
    shutil.rmtree(_import_dir(str(uuid.UUID(token))), ignore_errors=True)


@require_http_methods(["GET", "POST"])
def planning_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a planning file and preview it (dry run): every row error, nothing written."""
    if not _can_edit_somewhere(request.user):
        raise PermissionDenied(str(services.ERR_NOT_EDITOR))
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            return _import_preview(request, form.cleaned_data)
    else:
        initial = _import_initial(request)
        form = ImportUploadForm(user=request.user, initial=initial)
    return render(request, "planning/import_upload.html", {"form": form})


def _import_initial(request: HttpRequest) -> dict[str, Any]:
    """Prefill the upload form from ?list=<id> (a list the user may edit)."""
    list_id = request.GET.get("list", "")
    if not list_id.isdigit():
        return {}
    planning_list = _get_list(request, int(list_id), Action.EDIT)
    return {
        "organization": planning_list.organization_id,
        "term": planning_list.term_id,
        "kind": planning_list.kind,
    }


def _sweep_imports(request: HttpRequest) -> None:
    """One pending import per session; files of abandoned sessions go after IMPORT_MAX_AGE."""
    for token in list(_pending_imports(request)):
        _discard_import(request, token)
    root = Path(settings.MEDIA_ROOT) / "imports"
    if root.is_dir():
        cutoff = time.time() - IMPORT_MAX_AGE
        for folder in root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def _import_preview(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    upload = data["file"]
    _sweep_imports(request)
    token = str(uuid.uuid4())
    suffix = Path(upload.name).suffix.lower()
    folder = _import_dir(token)
    folder.mkdir(parents=True, exist_ok=True)
    # The stored name is ours, never the client's: only the suffix is kept, to tell .csv from .xlsx.
    stored = folder / f"upload{suffix}"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    arguments = {
        "organization": data["organization"],
        "term": data["term"],
        "kind": data["kind"],
        "reference_date": data["reference_date"],
    }
    result = services.planning_list_import(
        file=str(stored), filename=upload.name, user=request.user, dry_run=True, **arguments
    )
    if result.ok:
        _pending_imports(request)[token] = {
            "filename": upload.name,
            "suffix": suffix,
            "organization": data["organization"].pk,
            "term": data["term"].pk,
            "kind": data["kind"],
            "reference_date": data["reference_date"].isoformat() if data["reference_date"] else None,
        }
        request.session.modified = True
    else:
        shutil.rmtree(folder, ignore_errors=True)
    token_form = ImportConfirmForm(initial={"token": token}) if result.ok else None
    return _render_preview(request, result, upload.name, arguments, token_form)


def _render_preview(
    request: HttpRequest, result: Any, filename: str, target: dict[str, Any], token_form: Any
) -> HttpResponse:
    """The check of a file: its row errors, or what confirming would write (with `token_form`)."""
    context = {
        "result": result,
        "filename": filename,
        "confirm_form": token_form,
        "upload_form": ImportUploadForm(user=request.user, initial=target),
        "kind_choices": ListKind.choices,
        **target,
    }
    return render(request, "planning/import_preview.html", context)


@require_POST
def planning_import_confirm(request: HttpRequest) -> HttpResponse:
    """Run a previewed import for real; the file is found through the session, never a posted path."""
    if not _can_edit_somewhere(request.user):
        raise PermissionDenied(str(services.ERR_NOT_EDITOR))
    form = ImportConfirmForm(request.POST)
    token = str(form.cleaned_data["token"]) if form.is_valid() else ""
    pending = _pending_imports(request).get(token) if token else None
    stored = _import_dir(token) / f"upload{pending['suffix']}" if pending else None
    if pending is None or stored is None or not stored.exists():
        messages.error(request, str(MSG_IMPORT_EXPIRED))
        return redirect("planning:import")
    organization = get_scoped_or_404(Organization, request.user, pending["organization"], action=Action.EDIT)
    term = Term.objects.get(pk=pending["term"])
    reference_date = dt.date.fromisoformat(pending["reference_date"]) if pending["reference_date"] else None
    try:
        result = services.planning_list_import(
            file=str(stored),
            filename=pending["filename"],
            organization=organization,
            term=term,
            kind=pending["kind"],
            reference_date=reference_date,
            user=request.user,
        )
    finally:
        _discard_import(request, token)
    if not result.ok:
        # something changed since the preview (another user, a frozen list): show the errors again
        target = {"organization": organization, "term": term, "kind": pending["kind"], "reference_date": None}
        return _render_preview(request, result, pending["filename"], target, None)
    messages.success(
        request, str(MSG_IMPORTED) % {"created": result.entries_created, "updated": result.entries_updated}
    )
    return redirect("planning:detail", pk=result.planning_list_id)
