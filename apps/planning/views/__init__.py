"""The planning pages, split by job: `lists` (index, one list, workflow), `entries` (add, preview, remove),
`imports` (export, template, import), `votes` (the ballots of a vote step). Shared helpers and messages are in `common`."""

from apps.planning.views.common import IMPORT_SESSION_KEY
from apps.planning.views.entries import (
    planning_entry_add,
    planning_entry_preview,
    planning_entry_remove,
    planning_official_search,
)
from apps.planning.views.entry_edit import (
    planning_entries_remove,
    planning_entry_edit,
    planning_entry_edit_preview,
)
from apps.planning.views.imports import (
    planning_import_confirm,
    planning_import_upload,
    planning_list_export,
    planning_template,
)
from apps.planning.views.lists import (
    planning_list_approve,
    planning_list_create,
    planning_list_detail,
    planning_list_index,
    planning_list_new_version,
    planning_list_removal_triggers,
    planning_list_return,
    planning_list_submit,
)
from apps.planning.views.recheck import planning_list_recheck_view
from apps.planning.views.review import planning_list_record_review
from apps.planning.views.training import planning_list_training, planning_training_subtree
from apps.planning.views.votes import planning_votes_step, planning_votes_upload

__all__ = [
    "IMPORT_SESSION_KEY",
    "planning_entries_remove",
    "planning_entry_add",
    "planning_entry_edit",
    "planning_entry_edit_preview",
    "planning_entry_preview",
    "planning_entry_remove",
    "planning_import_confirm",
    "planning_import_upload",
    "planning_list_approve",
    "planning_list_create",
    "planning_list_detail",
    "planning_list_export",
    "planning_list_index",
    "planning_list_new_version",
    "planning_list_recheck_view",
    "planning_list_record_review",
    "planning_list_training",
    "planning_training_subtree",
    "planning_list_removal_triggers",
    "planning_list_return",
    "planning_list_submit",
    "planning_official_search",
    "planning_template",
    "planning_votes_step",
    "planning_votes_upload",
]
