"""Planning services: every change to planning lists and entries goes through these functions.

Each service checks permission through apps.accounts.access, validates the workflow transition and
guards against lost updates with the `revision` column: a write names the revision the user saw and is
refused, with who changed it and when, if the row moved on since (UPDATE ... WHERE revision = N).
Changes are recorded by django-pghistory; the services add the acting user to the history context so
that changes made outside a web request (commands, tasks) still say who made them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import Action, can, can_approve
from apps.organizations.models import Organization, Position, Term
from apps.people.models import DisciplineRecord, Official
from apps.planning.importing import ImportResult, default_reference_date, planning_import
from apps.planning.models import EntryStatus, ListStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluate
from apps.planning.signals import lists_changed_on_commit
from apps.rules.adapters import ENTRY_COLUMNS, entry_facts
from apps.rules.engine import (
    Discipline,
    EntryResult,
    Finding,
    Quota,
    RemovalTrigger,
    evaluate_list,
    removal_triggers,
)
from apps.rules.models import RuleSet

# --- Messages (asserted by tests; Vietnamese in locale/vi) ---------------------------------------------
ERR_NOT_EDITOR = _("You may not change the planning lists of this organization.")
ERR_NOT_APPROVER = _("Only an approver of a higher organization can approve or return this list.")
ERR_SUBMITTED = _("This list has been submitted and is waiting for approval, so it cannot be changed.")
ERR_APPROVED = _("This list has been approved and is frozen. To change it, open a new version from its page.")
ERR_NOT_SUBMITTABLE = _("Only a draft or returned list can be submitted.")
ERR_NOT_SUBMITTED = _("Only a submitted list can be approved or returned.")
ERR_NOT_APPROVED = _("A new version can only be opened from an approved list.")
ERR_NEWER_VERSION = _("A newer version of this list already exists (version %(version)s).")
ERR_EMPTY_LIST = _("The list has no one planned yet: add officials before submitting it.")
ERR_STALE_LIST = _(
    "%(who)s changed this list at %(when)s, after you opened it. "
    "Your change was not saved: reload the page, check the list and try again."
)
ERR_STALE_ENTRY = _(
    "%(who)s changed this entry at %(when)s, after you opened it. "
    "Your change was not saved: reload the page and try again."
)
ERR_ENTRY_REMOVED = _("This official was already removed from the plan on %(date)s.")
ERR_REASON_REQUIRED = _("Enter the reason for removing this official from the plan.")
ERR_COMMENT_REQUIRED = _("Enter a comment saying why the list is returned.")
ERR_DECISION_NUMBER_REQUIRED = _("Enter the number of the approval decision.")
ERR_DECISION_DATE_REQUIRED = _("Enter the date of the approval decision.")
ERR_ALREADY_PLANNED = _("%(name)s is already planned for the post %(position)s in this list.")
ERR_OFFICIAL_OUT_OF_SCOPE = _("You cannot plan this official: their record is outside your organizations.")
# Vietnamese as is (no entry in locale/vi yet)
ERR_OFFICIAL_OUTSIDE_LIST = _(
    "This official cannot be planned in this list: they do not work at %(organization)s "
    "or an organization under it."
)
ERR_LIST_EXISTS = _(
    "A planning list of %(organization)s for this term and kind already exists; open it from the list."
)
SOMEONE_ELSE = _("Another user")
AUTO_REMOVAL_SEPARATOR = "; "

EDITABLE = (ListStatus.DRAFT, ListStatus.RETURNED)
REASON_MAX = 500  # PlanningEntry.removed_reason / flagged_for_review length


class PlanningError(Exception):
    """A refused planning operation; str() is the message to show the user."""


class StaleError(PlanningError):
    """Someone else saved the row after the user loaded it."""


# --- Helpers -------------------------------------------------------------------------------------------


def _when(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y") if moment else "?"


def format_day(day: date | None) -> str:
    """A date as dd/mm/yyyy, '?' when unknown."""
    return day.strftime("%d/%m/%Y") if day else "?"


def _who(user: Any) -> str:
    return str(user) if user is not None else str(SOMEONE_ELSE)


def _history(user: Any) -> pghistory.context:
    return pghistory.context(user=getattr(user, "pk", None))


def status_error(status: str) -> PlanningError:
    """The refusal of an edit of a list in `status` (submitted, approved) or of a decision on a draft."""
    if status == ListStatus.SUBMITTED:
        return PlanningError(str(ERR_SUBMITTED))
    if status == ListStatus.APPROVED:
        return PlanningError(str(ERR_APPROVED))
    return PlanningError(str(ERR_NOT_SUBMITTED))


def _require_edit(user: Any, planning_list: PlanningList) -> None:
    if user is not None and not can(user, Action.EDIT, planning_list.organization.path):
        raise PermissionDenied(str(ERR_NOT_EDITOR))


def _require_approve(user: Any, planning_list: PlanningList) -> None:
    if not can_approve(user, planning_list.organization.path):
        raise PermissionDenied(str(ERR_NOT_APPROVER))


def _require_editable(planning_list: PlanningList) -> None:
    if planning_list.status not in EDITABLE:
        raise status_error(planning_list.status)


def _claim_list(
    planning_list: PlanningList,
    *,
    user: Any,
    revision: int | None,
    statuses: Iterable[str],
    refusal: str | None = None,
    **changes: Any,
) -> None:
    """Move the list to revision+1 (with `changes`) if it is still at `revision` in one of `statuses`."""
    statuses = tuple(statuses)
    rows = PlanningList.objects.filter(pk=planning_list.pk, status__in=statuses)
    if revision is not None:
        rows = rows.filter(revision=revision)
    updated = rows.update(revision=F("revision") + 1, updated_by=user, updated_at=timezone.now(), **changes)
    if updated != 1:
        fresh = PlanningList.objects.select_related("updated_by").get(pk=planning_list.pk)
        if revision is not None and fresh.revision != revision:
            raise StaleError(
                str(ERR_STALE_LIST) % {"who": _who(fresh.updated_by), "when": _when(fresh.updated_at)}
            )
        raise PlanningError(refusal) if refusal else status_error(fresh.status)
    planning_list.refresh_from_db()


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


def planning_list_submit(*, planning_list: PlanningList, user: Any, revision: int | None = None) -> None:
    """Submit a draft or returned list for approval, recording the rule set it was checked under."""
    _require_edit(user, planning_list)
    if planning_list.status not in EDITABLE:
        raise PlanningError(str(ERR_NOT_SUBMITTABLE))
    evaluation = planning_list_evaluate(planning_list=planning_list)
    if evaluation.result.entries == 0:
        raise PlanningError(str(ERR_EMPTY_LIST))
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
) -> None:
    """Approve a submitted list with the decision number and date; the list is frozen from then on."""
    _require_approve(user, planning_list)
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise PlanningError(str(ERR_DECISION_NUMBER_REQUIRED))
    if decision_date is None:
        raise PlanningError(str(ERR_DECISION_DATE_REQUIRED))
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
) -> PlanningEntry:
    """Plan an official for a position in a draft or returned list."""
    _require_edit(user, planning_list)
    _require_editable(planning_list)
    if user is not None and not Official.objects.for_user(user).filter(pk=official.pk).exists():
        raise PermissionDenied(str(ERR_OFFICIAL_OUT_OF_SCOPE))
    if not Official.objects.in_subtree(planning_list.organization).filter(pk=official.pk).exists():
        raise PlanningError(
            str(ERR_OFFICIAL_OUTSIDE_LIST) % {"organization": planning_list.organization.name}
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
) -> EntryPreview:
    """The what-if of planning_entry_add: evaluate the list with the hypothetical entry added."""
    evaluation = planning_list_evaluate(planning_list=planning_list)
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
    hypothetical = entry_facts(tuple(values[column] for column in ENTRY_COLUMNS), disciplines)
    facts = dataclasses.replace(evaluation.facts, entries=(*evaluation.facts.entries, hypothetical))
    after = evaluate_list(facts, evaluation.params)
    before = evaluation.result
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


def planning_list_apply_removal_triggers(
    *, planning_list: PlanningList, user: Any = None, at: date | None = None
) -> list[RemovalTrigger]:
    """Domain R7 at date `at`: remove triggered entries (auto_remove rule sets) or flag them for review."""
    _require_edit(user, planning_list)
    _require_editable(planning_list)
    at = at or timezone.localdate()
    evaluation = planning_list_evaluate(planning_list=planning_list)
    triggers = removal_triggers(evaluation.facts, evaluation.params, at)
    if not triggers:
        return []
    reasons: dict[int, list[str]] = defaultdict(list)
    for trigger in triggers:
        reasons[trigger.entry_id].append(trigger.message)
    now = timezone.now()
    with transaction.atomic(), _history(user):
        _claim_list(planning_list, user=user, revision=None, statuses=EDITABLE)
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


def planning_list_import(
    *,
    file: IO[bytes] | str,
    filename: str,
    organization: Organization,
    term: Term,
    kind: str,
    user: Any,
    reference_date: date | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a planning file (contracts §5) into the newest (organization, term, kind) list as `user`.

    Checks that `user` may edit the organization's lists, then delegates: planning_import locks the list,
    refuses a submitted or approved one and moves its revision on when the import writes.
    """
    if not can(user, Action.EDIT, organization.path):
        raise PermissionDenied(str(ERR_NOT_EDITOR))
    return planning_import(
        file=file,
        filename=filename,
        organization=organization,
        term=term,
        kind=kind,
        reference_date=reference_date,
        dry_run=dry_run,
        user=user,
    )
