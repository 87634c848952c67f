"""What every planning service shares: its messages, errors, permission checks and the list lock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import Action, can, can_approve
from apps.planning.models import ListStatus, PlanningList

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
ERR_DECISION_DATE_FUTURE = _(
    "The decision date %(date)s is after today: enter the date the decision was signed."
)
ERR_DECISION_DATE_BEFORE_SUBMISSION = _(
    "The decision date %(date)s is before the list was submitted (%(submitted)s): check the date."
)
ERR_CONFIRM_INELIGIBLE = _(
    "%(count)s entries of this list are not eligible: tick the confirmation to go on anyway, or fix them first."
)
ERR_ENTRY_INELIGIBLE = _(
    "%(name)s is not eligible for %(position)s: %(reasons)s Add anyway, although not eligible? "
    "Tick the confirmation and save again."
)
SOMEONE_ELSE = _("Another user")
AUTO_REMOVAL_SEPARATOR = "; "

EDITABLE = (ListStatus.DRAFT, ListStatus.RETURNED)
REASON_MAX = 500  # PlanningEntry.removed_reason / flagged_for_review length


class PlanningError(Exception):
    """A refused planning operation; str() is the message to show the user."""


class StaleError(PlanningError):
    """Someone else saved the row after the user loaded it."""


class IneligibleEntryError(PlanningError):
    """The entry would not be eligible and the user has not confirmed adding it anyway."""


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
