"""Planning services: every change to planning lists and entries goes through these functions.

Each service checks permission through apps.accounts.access, validates the workflow transition and
guards against lost updates with the `revision` column: a write names the revision the user saw and is
refused, with who changed it and when, if the row moved on since (UPDATE ... WHERE revision = N).
Changes are recorded by django-pghistory; the services add the acting user to the history context so
that changes made outside a web request (commands, tasks) still say who made them.

Split by job: `lists` (create, workflow, removal triggers), `entries` (add with its preview, remove),
`imports` (the planning file of contracts §5, with `import_format` and `import_rows`), `votes` (the
ballots of a vote step, typed or from the tally sheet of contracts §7). Re-exported here.
"""

from apps.planning.services.common import (
    AUTO_REMOVAL_SEPARATOR,
    EDITABLE,
    ERR_ALREADY_PLANNED,
    ERR_APPROVED,
    ERR_COMMENT_REQUIRED,
    ERR_CONFIRM_INELIGIBLE,
    ERR_DECISION_DATE_BEFORE_SUBMISSION,
    ERR_DECISION_DATE_FUTURE,
    ERR_DECISION_DATE_REQUIRED,
    ERR_DECISION_NUMBER_REQUIRED,
    ERR_EMPTY_LIST,
    ERR_ENTRY_REMOVED,
    ERR_LIST_EXISTS,
    ERR_NEWER_VERSION,
    ERR_NOT_APPROVED,
    ERR_NOT_APPROVER,
    ERR_NOT_EDITOR,
    ERR_NOT_SUBMITTABLE,
    ERR_NOT_SUBMITTED,
    ERR_OFFICIAL_OUT_OF_SCOPE,
    ERR_OFFICIAL_OUTSIDE_LIST,
    ERR_REASON_REQUIRED,
    ERR_STALE_ENTRY,
    ERR_STALE_LIST,
    ERR_SUBMITTED,
    REASON_MAX,
    SOMEONE_ELSE,
    PlanningError,
    StaleError,
    format_day,
    status_error,
)
from apps.planning.services.entries import (
    PREVIEW_ENTRY_ID,
    EntryPreview,
    planning_entry_add,
    planning_entry_preview,
    planning_entry_remove,
)
from apps.planning.services.import_format import (
    KIND_LABELS,
    PLANNING_COLUMNS,
    ImportResult,
)
from apps.planning.services.imports import (
    default_reference_date,
    planning_export_rows,
    planning_import,
    planning_list_import,
)
from apps.planning.services.lists import (
    planning_list_apply_removal_triggers,
    planning_list_approve,
    planning_list_create,
    planning_list_new_version,
    planning_list_return,
    planning_list_submit,
)
from apps.planning.services.votes import (
    VOTE_COLUMNS,
    CellError,
    VoteResult,
    planning_votes_import,
    planning_votes_save,
)

__all__ = [
    "AUTO_REMOVAL_SEPARATOR",
    "EDITABLE",
    "ERR_ALREADY_PLANNED",
    "ERR_APPROVED",
    "ERR_COMMENT_REQUIRED",
    "ERR_CONFIRM_INELIGIBLE",
    "ERR_DECISION_DATE_BEFORE_SUBMISSION",
    "ERR_DECISION_DATE_FUTURE",
    "ERR_DECISION_DATE_REQUIRED",
    "ERR_DECISION_NUMBER_REQUIRED",
    "ERR_EMPTY_LIST",
    "ERR_ENTRY_REMOVED",
    "ERR_LIST_EXISTS",
    "ERR_NEWER_VERSION",
    "ERR_NOT_APPROVED",
    "ERR_NOT_APPROVER",
    "ERR_NOT_EDITOR",
    "ERR_NOT_SUBMITTABLE",
    "ERR_NOT_SUBMITTED",
    "ERR_OFFICIAL_OUTSIDE_LIST",
    "ERR_OFFICIAL_OUT_OF_SCOPE",
    "ERR_REASON_REQUIRED",
    "ERR_STALE_ENTRY",
    "ERR_STALE_LIST",
    "ERR_SUBMITTED",
    "EntryPreview",
    "ImportResult",
    "KIND_LABELS",
    "PLANNING_COLUMNS",
    "PREVIEW_ENTRY_ID",
    "PlanningError",
    "REASON_MAX",
    "SOMEONE_ELSE",
    "StaleError",
    "default_reference_date",
    "format_day",
    "planning_entry_add",
    "planning_entry_preview",
    "planning_entry_remove",
    "planning_export_rows",
    "planning_import",
    "planning_list_apply_removal_triggers",
    "planning_list_approve",
    "planning_list_create",
    "planning_list_import",
    "planning_list_new_version",
    "planning_list_return",
    "planning_list_submit",
    "status_error",
    "VOTE_COLUMNS",
    "CellError",
    "VoteResult",
    "planning_votes_import",
    "planning_votes_save",
]
