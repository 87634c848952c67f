"""Planning list pages: the index, creating a list, one list grouped by position, and the workflow."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.access import Action, can, can_approve
from apps.accounts.selectors import HistoryRow, history_rows
from apps.organizations.models import Position, PositionGroup
from apps.planning import services
from apps.planning.filters import PlanningListFilter
from apps.planning.forms import (
    ERR_BAD_REVISION,
    ApproveForm,
    NewVersionForm,
    PlanningListCreateForm,
    ReturnForm,
    RevisionForm,
    SubmitForm,
)
from apps.planning.models import EntryStatus, ListStatus, PlanningEntry, PlanningList, VoteStep
from apps.planning.selectors import planning_list_evaluate
from apps.planning.views.common import (
    HISTORY_ADDED,
    HISTORY_ENTRY_CHANGED,
    HISTORY_FLAGGED,
    HISTORY_LIMIT,
    HISTORY_REASON,
    HISTORY_REMOVED,
    HISTORY_SYSTEM,
    MSG_APPROVED,
    MSG_CREATED,
    MSG_NEW_VERSION,
    MSG_RETURNED,
    MSG_SUBMITTED,
    MSG_TRIGGERS_FLAGGED,
    MSG_TRIGGERS_NONE,
    MSG_TRIGGERS_NOTHING_CONFIRMED,
    MSG_TRIGGERS_REMOVED,
    PAGE_SIZE,
    can_edit_somewhere,
    scoped_list,
)
from apps.rules.engine import EntryResult, Finding, Quota, Vote, vote_passed
from apps.rules.models import QuotaCode, RuleSet

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
            "can_edit_somewhere": can_edit_somewhere(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def planning_list_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_somewhere(request.user):
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


@dataclass(frozen=True)
class ShownVote:
    label: str
    vote: Vote
    passed: bool


@dataclass
class EntryRow:
    entry: PlanningEntry
    result: EntryResult | None
    findings: list[ShownFinding] = field(default_factory=list)
    number: int = 0
    votes: list[ShownVote] = field(default_factory=list)


@dataclass(frozen=True)
class StepSummary:
    step: str
    label: str
    held_on: Any
    recorded: int


def _attach_votes(groups: list[GroupBlock], evaluation: Any) -> list[StepSummary]:
    """Each row's recorded steps (from the facts the engine read), and per step its date and count."""
    threshold = evaluation.params.vote_threshold_percent
    labels = dict(VoteStep.choices)
    votes = {facts.entry_id: facts.votes for facts in evaluation.facts.entries if facts.votes}
    for group in groups:
        for block in group.positions:
            for row in block.rows:
                row.votes = [
                    ShownVote(str(labels.get(v.step, v.step)), v, vote_passed(v, threshold))
                    for v in votes.get(row.entry.pk, ())
                ]
    summaries = []
    for step, label in VoteStep.choices:
        recorded = [v for entry_votes in votes.values() for v in entry_votes if v.step == step]
        held = next((v.held_on for v in recorded if v.held_on), None)
        summaries.append(StepSummary(step, str(label), held, len(recorded)))
    return summaries


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


def _quota_label(code: str) -> str:
    return str(QuotaCode(code).label) if code in QuotaCode.values else code


def quota_rows(quotas: Iterable[Quota], before: Iterable[Quota] = ()) -> list[QuotaRow]:
    earlier = {q.code: q for q in before}
    return [QuotaRow(_quota_label(q.code), q, earlier.get(q.code)) for q in quotas]


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
    planning_list = scoped_list(request, pk)
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
    groups = _group_entries(active, results, result.findings, words)
    context = {
        "pl": planning_list,
        "vote_steps": _attach_votes(groups, evaluation),
        "evaluation": evaluation,
        "result": result,
        "rule_set": _rule_set(planning_list, evaluation.rule_set_id),
        "groups": groups,
        "list_findings": words.findings(result.findings),
        "quotas": quota_rows(result.quotas),
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


# --- Workflow ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFinding:
    severity: str
    subject: str  # "" for a finding on the whole list
    message: str


@dataclass(frozen=True)
class Review:
    """What the submit and approve pages show: every finding, errors first, and the ineligible count."""

    findings: list[ReviewFinding]
    ineligible: int
    entries: int

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity != "error" for f in self.findings)


def list_review(planning_list: PlanningList) -> Review:
    evaluation = planning_list_evaluate(planning_list=planning_list)
    words = PlainWords(Position.objects.all())
    result = evaluation.result
    found = [ReviewFinding(f.severity, "", words(f.message)) for f in result.findings]
    for facts, entry_result in zip(evaluation.facts.entries, result.entry_results, strict=True):
        subject = f"{facts.full_name} — {facts.position_name or words(facts.position_code)}"
        found.extend(ReviewFinding(f.severity, subject, words(f.message)) for f in entry_result.findings)
    found.sort(key=lambda f: f.severity != "error")  # stable: errors first, each in the list's order
    ineligible = sum(not r.eligible for r in result.entry_results)
    return Review(found, ineligible, result.entries)


@require_http_methods(["GET", "POST"])
def planning_list_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The list's findings, errors first, and the submission (confirmed when an entry is ineligible)."""
    planning_list = scoped_list(request, pk, Action.EDIT)
    if request.method == "POST":
        form = SubmitForm(request.POST)
        if not form.is_valid():
            # never fall back to the current revision: that would submit a list the user has not seen
            messages.error(request, ERR_BAD_REVISION)
            return redirect("planning:detail", pk=pk)
        try:
            services.planning_list_submit(
                planning_list=planning_list,
                user=request.user,
                revision=form.cleaned_data["revision"],
                confirm_ineligible=form.cleaned_data["confirm_ineligible"],
            )
        except services.PlanningError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, str(MSG_SUBMITTED))
            return redirect("planning:detail", pk=pk)
    else:
        if planning_list.status not in services.EDITABLE:
            messages.error(request, str(services.ERR_NOT_SUBMITTABLE))
            return redirect("planning:detail", pk=pk)
        form = SubmitForm(initial={"revision": planning_list.revision})
    context = {"pl": planning_list, "form": form, "review": list_review(planning_list)}
    return render(request, "planning/list_submit.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def planning_list_approve(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = scoped_list(request, pk, Action.APPROVE)
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
                    confirm_ineligible=data["confirm_ineligible"],
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
    context = {"pl": planning_list, "form": form, "approve": True, "review": list_review(planning_list)}
    return render(request, "planning/list_decide.html", context)


@require_http_methods(["GET", "POST"])
def planning_list_return(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = scoped_list(request, pk, Action.APPROVE)
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
    planning_list = scoped_list(request, pk, Action.EDIT)
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


@require_http_methods(["GET", "POST"])
def planning_list_removal_triggers(request: HttpRequest, pk: int) -> HttpResponse:
    """R7 review: who would be removed (or flagged) today and why; only the ticked entries are acted on."""
    planning_list = scoped_list(request, pk, Action.EDIT)
    if planning_list.status not in services.EDITABLE:
        messages.error(request, str(services.status_error(planning_list.status)))
        return redirect("planning:detail", pk=pk)
    if request.method == "GET":
        candidates = services.planning_list_removal_preview(planning_list=planning_list)
        evaluation = planning_list_evaluate(planning_list=planning_list)
        context = {
            "pl": planning_list,
            "candidates": candidates,
            "auto_remove": evaluation.params.auto_remove,
            "revision": planning_list.revision,
        }
        return render(request, "planning/removal_review.html", context)
    confirmed = [int(raw) for raw in request.POST.getlist("entry") if raw.isdigit()]
    raw_revision = request.POST.get("revision", "")
    if not confirmed:
        # the review is recorded (R7: a yearly review per list) even when no one is removed
        try:
            services.planning_list_apply_removal_triggers(
                planning_list=planning_list,
                user=request.user,
                entry_ids=[],
                revision=int(raw_revision) if raw_revision.isdigit() else None,
            )
        except services.PlanningError as exc:
            messages.error(request, str(exc))
        else:
            messages.info(request, str(MSG_TRIGGERS_NOTHING_CONFIRMED))
        return redirect("planning:detail", pk=pk)
    try:
        triggers = services.planning_list_apply_removal_triggers(
            planning_list=planning_list,
            user=request.user,
            entry_ids=confirmed,
            revision=int(raw_revision) if raw_revision.isdigit() else None,
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
