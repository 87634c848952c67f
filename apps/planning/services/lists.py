"""Planning lists: create, the workflow (submit, approve, return, new version) and the removal triggers (R7)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.access import Action, can
from apps.organizations.models import Organization, Term
from apps.people.models import BoardConclusion
from apps.planning.models import EntryStatus, ListStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluate
from apps.planning.services.common import (
    AUTO_REMOVAL_SEPARATOR,
    EDITABLE,
    ERR_COMMENT_REQUIRED,
    ERR_CONFIRM_INELIGIBLE,
    ERR_DECISION_DATE_BEFORE_SUBMISSION,
    ERR_DECISION_DATE_FUTURE,
    ERR_DECISION_DATE_REQUIRED,
    ERR_DECISION_NUMBER_REQUIRED,
    ERR_EMPTY_LIST,
    ERR_LIST_EXISTS,
    ERR_NEWER_VERSION,
    ERR_NOT_APPROVED,
    ERR_NOT_EDITOR,
    ERR_NOT_SUBMITTABLE,
    ERR_NOT_SUBMITTED,
    REASON_MAX,
    PlanningError,
    _claim_list,
    _history,
    _require_approve,
    _require_edit,
    _require_editable,
)
from apps.planning.services.imports import default_reference_date
from apps.planning.signals import lists_changed_on_commit
from apps.rules.engine import (
    ListFacts,
    RemovalTrigger,
    removal_triggers,
)
from apps.rules.models import RuleSet

# --- Lists ---------------------------------------------------------------------------------------------


def planning_list_create(
    *,
    organization: Organization,
    term: Term,
    kind: str,
    user: Any,
    reference_date: date | None = None,
    rule_set: RuleSet | None = None,
) -> PlanningList:
    """Create version 1 of the draft list (organization, term, kind); refused if one exists."""
    if user is not None and not can(user, Action.EDIT, organization.path):
        raise PermissionDenied(str(ERR_NOT_EDITOR))
    if PlanningList.objects.filter(organization=organization, term=term, kind=kind).exists():
        raise PlanningError(str(ERR_LIST_EXISTS) % {"organization": organization.name})
    if reference_date is None:
        reference_date = default_reference_date(organization=organization, term=term, kind=kind)
    try:
        with transaction.atomic(), _history(user):
            return PlanningList.objects.create(
                organization=organization,
                term=term,
                kind=kind,
                reference_date=reference_date,
                rule_set=rule_set,
                updated_by=user,
            )
    except IntegrityError:  # created by someone else in the meantime
        raise PlanningError(str(ERR_LIST_EXISTS) % {"organization": organization.name}) from None


def _check_ineligible(planning_list: PlanningList, confirm_ineligible: bool | None) -> Any:
    """The list's evaluation; refused when entries are ineligible and the user did not confirm (False)."""
    evaluation = planning_list_evaluate(planning_list=planning_list)
    ineligible = sum(not r.eligible for r in evaluation.result.entry_results)
    if ineligible and confirm_ineligible is False:
        raise PlanningError(str(ERR_CONFIRM_INELIGIBLE) % {"count": ineligible})
    return evaluation


def planning_list_submit(
    *,
    planning_list: PlanningList,
    user: Any,
    revision: int | None = None,
    confirm_ineligible: bool | None = None,
) -> None:
    """Submit a draft or returned list for approval, recording the rule set it was checked under.

    The pages pass `confirm_ineligible` (the user's explicit confirmation): False refuses a list with
    an ineligible entry. None (commands, the demo) does not ask.
    """
    _require_edit(user, planning_list)
    if planning_list.status not in EDITABLE:
        raise PlanningError(str(ERR_NOT_SUBMITTABLE))
    evaluation = planning_list_evaluate(planning_list=planning_list)
    if evaluation.result.entries == 0:
        raise PlanningError(str(ERR_EMPTY_LIST))
    _check_ineligible(planning_list, confirm_ineligible)
    with transaction.atomic(), _history(user):
        _claim_list(
            planning_list,
            user=user,
            revision=revision,
            statuses=EDITABLE,
            refusal=str(ERR_NOT_SUBMITTABLE),
            status=ListStatus.SUBMITTED,
            submitted_at=timezone.now(),
            submitted_by=user,
            rule_set_used_id=evaluation.rule_set_id,
        )
        lists_changed_on_commit([planning_list.pk])


def planning_list_approve(
    *,
    planning_list: PlanningList,
    user: Any,
    decision_number: str,
    decision_date: date | None,
    revision: int | None = None,
    confirm_ineligible: bool | None = None,
) -> None:
    """Approve a submitted list with the decision number and date; the list is frozen from then on.

    The decision date is neither after today nor before the day the list was submitted.
    `confirm_ineligible` as in planning_list_submit.
    """
    _require_approve(user, planning_list)
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise PlanningError(str(ERR_DECISION_NUMBER_REQUIRED))
    if decision_date is None:
        raise PlanningError(str(ERR_DECISION_DATE_REQUIRED))
    shown = decision_date.strftime("%d/%m/%Y")
    if decision_date > timezone.localdate():
        raise PlanningError(str(ERR_DECISION_DATE_FUTURE) % {"date": shown})
    if planning_list.submitted_at is not None:
        submitted = timezone.localdate(planning_list.submitted_at)
        if decision_date < submitted:
            raise PlanningError(
                str(ERR_DECISION_DATE_BEFORE_SUBMISSION)
                % {"date": shown, "submitted": submitted.strftime("%d/%m/%Y")}
            )
    _check_ineligible(planning_list, confirm_ineligible)
    with transaction.atomic(), _history(user):
        _claim_list(
            planning_list,
            user=user,
            revision=revision,
            statuses=(ListStatus.SUBMITTED,),
            refusal=str(ERR_NOT_SUBMITTED),
            status=ListStatus.APPROVED,
            decision_number=decision_number,
            decision_date=decision_date,
            decided_at=timezone.now(),
            decided_by=user,
        )
        lists_changed_on_commit([planning_list.pk])


def planning_list_return(
    *, planning_list: PlanningList, user: Any, comment: str, revision: int | None = None
) -> None:
    """Return a submitted list to its editors with a comment; they can then edit and resubmit it."""
    _require_approve(user, planning_list)
    comment = (comment or "").strip()
    if not comment:
        raise PlanningError(str(ERR_COMMENT_REQUIRED))
    with transaction.atomic(), _history(user):
        _claim_list(
            planning_list,
            user=user,
            revision=revision,
            statuses=(ListStatus.SUBMITTED,),
            refusal=str(ERR_NOT_SUBMITTED),
            status=ListStatus.RETURNED,
            return_comment=comment,
            decided_at=timezone.now(),
            decided_by=user,
            # a returned list is a draft again: checked under the rule set in force (or the chosen one)
            rule_set_used=None,
        )
        lists_changed_on_commit([planning_list.pk])


def planning_list_new_version(
    *, planning_list: PlanningList, user: Any, reference_date: date | None = None
) -> PlanningList:
    """Open version+1 of an approved list as a draft with its active entries; the old one stays as is."""
    _require_edit(user, planning_list)
    with transaction.atomic(), _history(user):
        # Lock the approved edition (without changing it) so that two editors cannot both open version+1.
        locked = PlanningList.objects.select_for_update().get(pk=planning_list.pk)
        if locked.status != ListStatus.APPROVED:
            raise PlanningError(str(ERR_NOT_APPROVED))
        newer = PlanningList.objects.filter(previous=locked).values_list("version", flat=True).first()
        if newer is not None:
            raise PlanningError(str(ERR_NEWER_VERSION) % {"version": newer})
        new = PlanningList.objects.create(
            organization_id=locked.organization_id,
            term_id=locked.term_id,
            kind=locked.kind,
            version=locked.version + 1,
            previous=locked,
            reference_date=reference_date or locked.reference_date,
            rule_set_id=locked.rule_set_id,
            updated_by=user,
        )
        PlanningEntry.objects.bulk_create(
            PlanningEntry(
                planning_list=new,
                official_id=official_id,
                position_id=position_id,
                target_group_override=target_group_override,
                first_time=False,  # carried over from the approved edition
                note=note,
            )
            for official_id, position_id, target_group_override, note in locked.entries.filter(
                status=EntryStatus.ACTIVE
            )
            .order_by("id")
            .values_list("official_id", "position_id", "target_group_override", "note")
        )
        lists_changed_on_commit([new.pk])
    return new


def _with_conclusions(facts: ListFacts) -> ListFacts:
    """The facts with the board's conclusions (R7) of their officials, read for the removal run only."""
    found: dict[int, list[tuple[str, date]]] = defaultdict(list)
    rows = BoardConclusion.objects.filter(official_id__in={e.official_id for e in facts.entries}).values_list(
        "official_id", "kind", "concluded_on"
    )
    for official_id, kind, concluded_on in rows:
        found[official_id].append((kind, concluded_on))
    if not found:
        return facts
    entries = tuple(
        dataclasses.replace(e, conclusions=tuple(found[e.official_id])) if e.official_id in found else e
        for e in facts.entries
    )
    return dataclasses.replace(facts, entries=entries)


def planning_list_record_review(*, planning_list: PlanningList, user: Any, on: date | None = None) -> date:
    """R7: record the yearly review of a list (any status: the review date is not its content)."""
    _require_edit(user, planning_list)
    on = on or timezone.localdate()
    with transaction.atomic(), _history(user):
        PlanningList.objects.filter(pk=planning_list.pk).update(
            last_reviewed_on=on, updated_at=timezone.now()
        )
    planning_list.last_reviewed_on = on
    return on


@dataclass(frozen=True)
class RemovalCandidate:
    """One entry that meets a removal reason (R7) at a date, with every reason's message."""

    entry: PlanningEntry
    reasons: list[str]


def planning_list_removal_preview(
    *, planning_list: PlanningList, at: date | None = None
) -> list[RemovalCandidate]:
    """Who would be removed (or flagged) today and why, in the list's order; nothing is written."""
    at = at or timezone.localdate()
    evaluation = planning_list_evaluate(planning_list=planning_list)
    reasons: dict[int, list[str]] = defaultdict(list)
    for trigger in removal_triggers(_with_conclusions(evaluation.facts), evaluation.params, at):
        reasons[trigger.entry_id].append(trigger.message)
    entries = PlanningEntry.objects.filter(pk__in=list(reasons)).select_related("official", "position")
    by_id = {entry.pk: entry for entry in entries}
    return [
        RemovalCandidate(by_id[entry_id], messages)
        for entry_id, messages in reasons.items()
        if entry_id in by_id
    ]


def planning_list_apply_removal_triggers(
    *,
    planning_list: PlanningList,
    user: Any = None,
    at: date | None = None,
    entry_ids: Iterable[int] | None = None,
    revision: int | None = None,
) -> list[RemovalTrigger]:
    """Domain R7 at date `at`: remove triggered entries (auto_remove rule sets) or flag them for review.

    `entry_ids` are the entries the user confirmed on the review page: only those that still meet a
    reason are acted on (None: every triggered entry, for commands). `revision` is the list's revision
    the review showed; a list changed since is refused.
    """
    _require_edit(user, planning_list)
    _require_editable(planning_list)
    at = at or timezone.localdate()
    evaluation = planning_list_evaluate(planning_list=planning_list)
    triggers = removal_triggers(_with_conclusions(evaluation.facts), evaluation.params, at)
    if entry_ids is not None:
        confirmed = set(entry_ids)
        triggers = [t for t in triggers if t.entry_id in confirmed]
    if not triggers:
        if entry_ids is not None:  # a review confirmed on the page, even with no one to remove: record it
            with transaction.atomic(), _history(user):
                _claim_list(
                    planning_list, user=user, revision=revision, statuses=EDITABLE, last_reviewed_on=at
                )
        return []
    reasons: dict[int, list[str]] = defaultdict(list)
    for trigger in triggers:
        reasons[trigger.entry_id].append(trigger.message)
    now = timezone.now()
    with transaction.atomic(), _history(user):
        reviewed: dict[str, Any] = {"last_reviewed_on": at} if entry_ids is not None else {}
        _claim_list(planning_list, user=user, revision=revision, statuses=EDITABLE, **reviewed)
        for entry_id, messages in reasons.items():
            text = AUTO_REMOVAL_SEPARATOR.join(messages)[:REASON_MAX]
            rows = PlanningEntry.objects.filter(pk=entry_id, status=EntryStatus.ACTIVE)
            if evaluation.params.auto_remove:
                rows.update(
                    status=EntryStatus.REMOVED,
                    removed_reason=text,
                    removed_on=at,
                    removed_by=user,
                    revision=F("revision") + 1,
                    updated_at=now,
                )
            else:
                rows.exclude(flagged_for_review=text).update(
                    flagged_for_review=text, revision=F("revision") + 1, updated_at=now
                )
        lists_changed_on_commit([planning_list.pk])
    return triggers
