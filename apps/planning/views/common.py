"""Shared by the planning pages: their messages, fetching a list or entry in scope, who may edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.access import ROLE_ACTIONS, Action, can, can_approve, get_scoped_or_404, grants
from apps.planning import services
from apps.planning.models import PlanningEntry, PlanningList

PAGE_SIZE = 50
SEARCH_LIMIT = 20
HISTORY_LIMIT = 50
IMPORT_SESSION_KEY = "planning_imports"
IMPORT_MAX_AGE = 24 * 60 * 60  # seconds an unconfirmed upload is kept
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
MSG_TRIGGERS_NOTHING_CONFIRMED = gettext_lazy("The review was recorded; no entry was removed or flagged.")
MSG_IMPORTED = gettext_lazy("The file was imported: %(created)s entries added, %(updated)s updated.")
MSG_IMPORT_EXPIRED = gettext_lazy("The uploaded file is no longer available; upload it again.")
MSG_CHECK_BUSY = gettext_lazy("Other files are being checked right now; upload this one again in a minute.")
MSG_CHECK_TIMEOUT = gettext_lazy(
    "Checking the file took more than %(seconds)s seconds; nothing was imported. Split it into smaller files."
)
HISTORY_ADDED = gettext_lazy("Added to the plan")
HISTORY_REMOVED = gettext_lazy("Removed from the plan")
HISTORY_FLAGGED = gettext_lazy("Flagged for review")
HISTORY_ENTRY_CHANGED = gettext_lazy("Entry changed")
HISTORY_REASON = gettext_lazy("Reason")
HISTORY_SYSTEM = gettext_lazy("system")


# --- Fetching a list -----------------------------------------------------------------------------------


def scoped_list(request: HttpRequest, pk: int, action: str = Action.READ) -> PlanningList:
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


def scoped_entry(planning_list: PlanningList, entry_pk: int) -> PlanningEntry:
    try:
        return planning_list.entries.select_related("official", "position").get(pk=entry_pk)
    except PlanningEntry.DoesNotExist:
        raise Http404(_("Not found.")) from None


def can_edit_somewhere(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(
        Action.EDIT in ROLE_ACTIONS[g.role] for g in grants(user)
    )
