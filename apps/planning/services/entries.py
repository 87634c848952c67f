"""Planning entries: add (with its what-if preview) and remove with a reason."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.organizations.models import Position
from apps.people.models import DisciplineRecord, Official
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluate, position_standards
from apps.planning.services.common import (
    EDITABLE,
    ERR_ALREADY_PLANNED,
    ERR_ENTRY_INELIGIBLE,
    ERR_ENTRY_REMOVED,
    ERR_OFFICIAL_OUT_OF_SCOPE,
    ERR_OFFICIAL_OUTSIDE_LIST,
    ERR_REASON_REQUIRED,
    ERR_STALE_ENTRY,
    REASON_MAX,
    IneligibleEntryError,
    PlanningError,
    StaleError,
    _claim_list,
    _history,
    _require_edit,
    _require_editable,
    _when,
    _who,
    format_day,
)
from apps.planning.signals import lists_changed_on_commit
from apps.rules.adapters import ENTRY_COLUMNS, entry_facts
from apps.rules.engine import (
    Discipline,
    EntryResult,
    Finding,
    Quota,
    evaluate_list,
)

# --- Entries -------------------------------------------------------------------------------------------


def planning_entry_add(
    *,
    planning_list: PlanningList,
    official: Official,
    position: Position,
    user: Any,
    revision: int | None = None,
    target_group_override: int | None = None,
    first_time: bool = True,
    note: str = "",
    confirm_ineligible: bool | None = None,
) -> PlanningEntry:
    """Plan an official for a position in a draft or returned list.

    The pages pass `confirm_ineligible`: False refuses an entry the what-if finds ineligible (the user
    is asked once more); True adds it and records that the user chose to. None (imports) does not ask.
    """
    _require_edit(user, planning_list)
    _require_editable(planning_list)
    if user is not None and not Official.objects.for_user(user).filter(pk=official.pk).exists():
        raise PermissionDenied(str(ERR_OFFICIAL_OUT_OF_SCOPE))
    if not Official.objects.in_subtree(planning_list.organization).filter(pk=official.pk).exists():
        raise PlanningError(
            str(ERR_OFFICIAL_OUTSIDE_LIST) % {"organization": planning_list.organization.name}
        )
    ineligible = False
    if confirm_ineligible is not None:
        preview = planning_entry_preview(
            planning_list=planning_list,
            official=official,
            position=position,
            target_group_override=target_group_override,
        )
        ineligible = not preview.result.eligible
        if ineligible and not confirm_ineligible:
            reasons = " ".join(f.message for f in preview.result.findings if f.severity == "error")
            raise IneligibleEntryError(
                str(ERR_ENTRY_INELIGIBLE)
                % {"name": official.full_name, "position": position.name, "reasons": reasons}
            )
    with transaction.atomic(), _history(user):
        # Claiming the list row first serializes concurrent edits of the same list.
        _claim_list(planning_list, user=user, revision=revision, statuses=EDITABLE)
        if planning_list.entries.filter(
            official=official, position=position, status=EntryStatus.ACTIVE
        ).exists():
            raise PlanningError(
                str(ERR_ALREADY_PLANNED) % {"name": official.full_name, "position": position.name}
            )
        entry = PlanningEntry.objects.create(
            planning_list=planning_list,
            official=official,
            position=position,
            target_group_override=target_group_override,
            first_time=first_time,
            note=note.strip(),
            added_although_ineligible=ineligible,
        )
        lists_changed_on_commit([planning_list.pk])
    return entry


def planning_entry_remove(
    *,
    entry: PlanningEntry,
    user: Any,
    reason: str,
    revision: int | None = None,
    removed_on: date | None = None,
) -> None:
    """Take an official out of the plan with a reason; the entry is kept, marked removed."""
    planning_list = entry.planning_list
    _require_edit(user, planning_list)
    reason = " ".join((reason or "").split())
    if not reason:
        raise PlanningError(str(ERR_REASON_REQUIRED))
    _require_editable(planning_list)
    removed_on = removed_on or timezone.localdate()
    with transaction.atomic(), _history(user):
        rows = PlanningEntry.objects.filter(pk=entry.pk, status=EntryStatus.ACTIVE)
        if revision is not None:
            rows = rows.filter(revision=revision)
        updated = rows.update(
            status=EntryStatus.REMOVED,
            removed_reason=reason[:REASON_MAX],
            removed_on=removed_on,
            removed_by=user,
            revision=F("revision") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            fresh = PlanningEntry.objects.select_related("removed_by").get(pk=entry.pk)
            if revision is not None and fresh.revision != revision:
                removed = fresh.status == EntryStatus.REMOVED
                who = fresh.removed_by if removed else _last_editor(planning_list)
                raise StaleError(str(ERR_STALE_ENTRY) % {"who": _who(who), "when": _when(fresh.updated_at)})
            raise PlanningError(str(ERR_ENTRY_REMOVED) % {"date": format_day(fresh.removed_on)})
        # The entry first, then its list: a stale entry is reported with the list's last editor.
        _claim_list(planning_list, user=user, revision=None, statuses=EDITABLE)
        lists_changed_on_commit([planning_list.pk])
    entry.refresh_from_db()


def planning_entry_update(
    *,
    entry: PlanningEntry,
    user: Any,
    revision: int | None,
    position: Position,
    target_group_override: int | None,
    first_time: bool,
    note: str,
    confirm_ineligible: bool | None = None,
) -> PlanningEntry:
    """Change an active entry's position, target group, first-time flag and note.

    The same what-if as adding decides whether the changed entry is eligible (asked once more when it
    is not, as planning_entry_add); `revision` is the entry's revision the user saw.
    """
    planning_list = entry.planning_list
    _require_edit(user, planning_list)
    _require_editable(planning_list)
    if entry.status != EntryStatus.ACTIVE:
        raise PlanningError(str(ERR_ENTRY_REMOVED) % {"date": format_day(entry.removed_on)})
    official = entry.official
    ineligible = entry.added_although_ineligible
    if confirm_ineligible is not None:
        preview = planning_entry_preview(
            planning_list=planning_list,
            official=official,
            position=position,
            target_group_override=target_group_override,
            replacing=entry.pk,
        )
        ineligible = not preview.result.eligible
        if ineligible and not confirm_ineligible:
            reasons = " ".join(f.message for f in preview.result.findings if f.severity == "error")
            raise IneligibleEntryError(
                str(ERR_ENTRY_INELIGIBLE)
                % {"name": official.full_name, "position": position.name, "reasons": reasons}
            )
    with transaction.atomic(), _history(user):
        if (
            position.pk != entry.position_id
            and planning_list.entries.filter(official=official, position=position, status=EntryStatus.ACTIVE)
            .exclude(pk=entry.pk)
            .exists()
        ):
            raise PlanningError(
                str(ERR_ALREADY_PLANNED) % {"name": official.full_name, "position": position.name}
            )
        rows = PlanningEntry.objects.filter(pk=entry.pk, status=EntryStatus.ACTIVE)
        if revision is not None:
            rows = rows.filter(revision=revision)
        updated = rows.update(
            position=position,
            target_group_override=target_group_override,
            first_time=first_time,
            note=(note or "").strip(),
            added_although_ineligible=ineligible,
            revision=F("revision") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            fresh = PlanningEntry.objects.get(pk=entry.pk)
            if fresh.status != EntryStatus.ACTIVE:
                raise PlanningError(str(ERR_ENTRY_REMOVED) % {"date": format_day(fresh.removed_on)})
            raise StaleError(
                str(ERR_STALE_ENTRY)
                % {"who": _who(_last_editor(planning_list)), "when": _when(fresh.updated_at)}
            )
        _claim_list(planning_list, user=user, revision=None, statuses=EDITABLE)
        lists_changed_on_commit([planning_list.pk])
    entry.refresh_from_db()
    return entry


def planning_entries_remove(
    *, planning_list: PlanningList, entry_ids: list[int], user: Any, reason: str, revision: int | None = None
) -> int:
    """Take several active entries of one list out of the plan with one reason; how many were removed.

    `revision` is the list's revision the user saw: a list changed since is refused, nothing removed.
    """
    _require_edit(user, planning_list)
    reason = " ".join((reason or "").split())
    if not reason:
        raise PlanningError(str(ERR_REASON_REQUIRED))
    _require_editable(planning_list)
    with transaction.atomic(), _history(user):
        _claim_list(planning_list, user=user, revision=revision, statuses=EDITABLE)
        removed = PlanningEntry.objects.filter(
            planning_list=planning_list, pk__in=list(entry_ids), status=EntryStatus.ACTIVE
        ).update(
            status=EntryStatus.REMOVED,
            removed_reason=reason[:REASON_MAX],
            removed_on=timezone.localdate(),
            removed_by=user,
            revision=F("revision") + 1,
            updated_at=timezone.now(),
        )
        lists_changed_on_commit([planning_list.pk])
    return removed


def _last_editor(planning_list: PlanningList) -> Any:
    # Every entry change also moves its list on, so the list's last editor is the entry's.
    return PlanningList.objects.select_related("updated_by").get(pk=planning_list.pk).updated_by


@dataclasses.dataclass(frozen=True)
class EntryPreview:
    """What adding an entry would change: its own result, and the list's quotas and findings."""

    official: Official
    position: Position
    result: EntryResult
    already_planned: bool
    planned_for: tuple[str, ...]  # codes of the posts the official already holds in this list
    rule_set: str
    quotas_before: tuple[Quota, ...]
    quotas_after: tuple[Quota, ...]
    new_findings: tuple[Finding, ...]  # list findings that adding the entry would raise
    resolved_findings: tuple[Finding, ...]  # list findings that adding it would clear

    @property
    def quota_rows(self) -> list[tuple[Quota | None, Quota]]:
        before = {q.code: q for q in self.quotas_before}
        return [(before.get(q.code), q) for q in self.quotas_after]


PREVIEW_ENTRY_ID = 0  # no stored entry has id 0


def planning_entry_preview(
    *,
    planning_list: PlanningList,
    official: Official,
    position: Position,
    target_group_override: int | None = None,
    replacing: int | None = None,
) -> EntryPreview:
    """The what-if of planning_entry_add: evaluate the list with the hypothetical entry added.

    `replacing` is the id of an entry being edited: it leaves the list before the changed one is added.
    """
    evaluation = planning_list_evaluate(planning_list=planning_list)
    if replacing is not None:
        kept = tuple(e for e in evaluation.facts.entries if e.entry_id != replacing)
        evaluation = dataclasses.replace(
            evaluation, facts=dataclasses.replace(evaluation.facts, entries=kept)
        )
    row = (
        Official.objects.filter(pk=official.pk)
        .values(
            "full_name",
            "sex",
            "birth_date",
            "ethnic_minority",
            "retirement_override",
            "current_position__rank",
            "meets_political_standard",
            "current_position__name",
            "organization__level",
            "retires_at_60",
            "current_position__code",
            "education",
            "political_theory",
        )
        .get()
    )
    values = {
        "planning_list_id": planning_list.pk,
        "id": PREVIEW_ENTRY_ID,
        "official_id": official.pk,
        "position__code": position.code,
        "position__group": position.group,
        "position__rank": position.rank,
        "position__name": position.name,
        "target_group_override": target_group_override,
        "position__default_target_group": position.default_target_group,
        **{f"official__{name}": value for name, value in row.items()},
    }
    disciplines = {
        official.pk: tuple(
            Discipline(level=level, start=start, end=end)
            for level, start, end in DisciplineRecord.objects.filter(official=official).values_list(
                "level", "start_date", "end_date"
            )
        )
    }
    hypothetical = entry_facts(
        tuple(values[column] for column in ENTRY_COLUMNS),
        disciplines,
        params=evaluation.params,
        standards=position_standards(),
        level=evaluation.info.level,
    )
    facts = dataclasses.replace(evaluation.facts, entries=(*evaluation.facts.entries, hypothetical))
    after = evaluate_list(facts, evaluation.params)
    before = evaluation.result if replacing is None else evaluate_list(evaluation.facts, evaluation.params)
    planned_for = tuple(e.position_code for e in evaluation.facts.entries if e.official_id == official.pk)
    return EntryPreview(
        official=official,
        position=position,
        result=after.entry_results[-1],
        already_planned=position.code in planned_for,
        planned_for=planned_for,
        rule_set=after.rule_set,
        quotas_before=before.quotas,
        quotas_after=after.quotas,
        new_findings=tuple(f for f in after.findings if f not in before.findings),
        resolved_findings=tuple(f for f in before.findings if f not in after.findings),
    )
