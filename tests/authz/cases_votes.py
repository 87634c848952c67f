"""Authorization cases of issue 10's pages: the ballots grid and upload, the submit and removal reviews."""

from __future__ import annotations

from typing import Any

from apps.planning.services import VOTE_COLUMNS
from tests.authz.cases_planning import NOBODY, READ_OWNED_BY_B
from tests.authz.matrix import ANY_USER, EDIT_FORM_OF_A, EDIT_POST_OF_A, READ_OWNED_BY_A, Case, expect
from tests.authz.world import World


def step_a(world: World) -> dict[str, Any]:
    return {"pk": world.list_a.pk, "step": "conference"}


def grid(world: World) -> dict[str, Any]:
    entry = world.entry_a.pk
    return {
        "revision": "0",
        "held_on": "20/05/2025",
        "entry": [str(entry)],
        f"summoned-{entry}": "60",
        f"present-{entry}": "58",
        f"valid_ballots-{entry}": "57",
        f"in_favour-{entry}": "40",
    }


def sheet(in_favour: str) -> Any:
    def data(world: World) -> dict[str, Any]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        official = world.entry_a.official
        row = [
            "1",
            official.full_name,
            official.birth_date.strftime("%d/%m/%Y"),
            "",
            "PHO_BI_THU",
            "60",
            "58",
        ]
        content = "\n".join([",".join(VOTE_COLUMNS), ",".join([*row, "57", in_favour])]).encode()
        return {"revision": "0", "held_on": "", "file": SimpleUploadedFile("phieu.csv", content, "text/csv")}

    return data


CASES = [
    # the submission page with the list's findings (the POST case is in cases_planning)
    Case("planning:submit", EDIT_FORM_OF_A, kwargs=lambda w: {"pk": w.list_a.pk}),
    # the approver's queue and the lists with errors: every user sees only their own scope
    Case("reports:queue", ANY_USER),
    Case("reports:queue", ANY_USER, query="show=errors", label="errors"),
    Case("reports:queue", ANY_USER, query="show=review", label="review"),
    # editing an entry: the form, the save, the htmx what-if, and another organization's entry (404)
    Case(
        "planning:entry_edit", EDIT_FORM_OF_A, kwargs=lambda w: {"pk": w.list_a.pk, "entry_pk": w.entry_a.pk}
    ),
    Case(
        "planning:entry_edit",
        EDIT_POST_OF_A,
        kwargs=lambda w: {"pk": w.list_a.pk, "entry_pk": w.entry_a.pk},
        method="POST",
        data=lambda w: {
            "position": w.entry_a.position_id,
            "target_group_override": "",
            "first_time": "on",
            "note": "Ghi chú",
            "revision": w.entry_a.revision,
            "confirm_ineligible": "on",
        },
    ),
    Case(
        "planning:entry_edit_preview",
        EDIT_FORM_OF_A,
        kwargs=lambda w: {"pk": w.list_a.pk, "entry_pk": w.entry_a.pk},
        method="POST",
        data=lambda w: {"position": w.entry_a.position_id, "revision": w.entry_a.revision},
        htmx=True,
    ),
    Case(
        "planning:entry_edit",
        expect(EDIT_FORM_OF_A, editor=404, admin=404),
        kwargs=lambda w: {"pk": w.list_a.pk, "entry_pk": w.list_b.entries.get().pk},
        label="foreign-entry",
    ),
    # bulk removal from the list page: the confirmation (200), then the removal (302)
    Case(
        "planning:entries_remove",
        expect(EDIT_POST_OF_A, editor=200, admin=200),
        kwargs=lambda w: {"pk": w.list_a.pk},
        method="POST",
        data=lambda w: {"entry": [str(w.entry_a.pk)], "reason": "Chuyển công tác", "revision": "1"},
        label="ask",
    ),
    Case(
        "planning:entries_remove",
        EDIT_POST_OF_A,
        kwargs=lambda w: {"pk": w.list_a.pk},
        method="POST",
        data=lambda w: {
            "entry": [str(w.entry_a.pk)],
            "reason": "Chuyển công tác",
            "revision": "1",
            "confirmed": "1",
        },
    ),
    # the removal review (R7): who would be removed and why, before anything is written
    Case("planning:removal_triggers", EDIT_FORM_OF_A, kwargs=lambda w: {"pk": w.list_a.pk}),
    Case("planning:votes", READ_OWNED_BY_A, kwargs=step_a),
    Case(
        "planning:votes", READ_OWNED_BY_B, kwargs=lambda w: {"pk": w.list_b.pk, "step": "standing"}, label="b"
    ),
    Case("planning:votes", NOBODY, kwargs=lambda w: {"pk": w.list_a.pk, "step": "vote"}, label="bad-step"),
    Case("planning:votes", EDIT_POST_OF_A, kwargs=step_a, method="POST", data=grid),
    Case("planning:votes_upload", EDIT_POST_OF_A, kwargs=step_a, method="POST", data=sheet("40")),
    # one bad figure (in favour above the valid ballots): the page shows the row error, nothing written
    Case(
        "planning:votes_upload",
        expect(EDIT_POST_OF_A, editor=400, admin=400),
        kwargs=step_a,
        method="POST",
        data=sheet("59"),
        label="bad-row",
    ),
    Case(
        "planning:votes_upload",
        expect(READ_OWNED_BY_B, parent_approver=403, sibling=400, admin=400),  # no row matches B's list
        kwargs=lambda w: {"pk": w.list_b.pk, "step": "standing"},
        method="POST",
        data=sheet("40"),
        label="b",
    ),
]
