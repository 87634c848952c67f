"""Authorization cases of the planning pages (see test_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.organizations.models import Position, Term
from apps.planning.models import ListKind, ListStatus, PlanningEntry, PlanningList
from apps.planning.services import PLANNING_COLUMNS
from tests.authz.matrix import ANY_USER, EDIT_FORM_OF_A, EDIT_POST_OF_A, LOGIN, READ_OWNED_BY_A, Case, expect
from tests.authz.world import World

# Creating lists and importing files needs an edit role somewhere: the sibling may, for B only.
EDIT_ANYWHERE = expect(EDIT_FORM_OF_A, sibling=200)
# Approving or returning a list of A: the approver of the parent P and the admin; nobody in A itself.
DECIDE_FORM_OF_A = expect(READ_OWNED_BY_A, viewer=403, editor=403)
DECIDE_POST_OF_A = expect(DECIDE_FORM_OF_A, parent_approver=302, admin=302)
# Something of B: only B's editor and the province's users see it; A's users get 404.
READ_OWNED_BY_B = expect(READ_OWNED_BY_A, viewer=404, editor=404, sibling=200)
NOBODY = {
    "anonymous": LOGIN,
    "viewer": 404,
    "editor": 404,
    "sibling": 404,
    "parent_approver": 404,
    "admin": 404,
}


def list_a(world: World) -> dict[str, Any]:
    return {"pk": world.list_a.pk}


def submitted_a(world: World) -> dict[str, Any]:
    return {"pk": world.list_a_submitted.pk}


def approved_a(world: World) -> dict[str, Any]:
    """An approved list of A (previous term), made here: the shared world has none."""
    approved = PlanningList.objects.create(
        organization=world.A,
        term=Term.objects.get(code="2020-2025"),
        kind=ListKind.CURRENT,
        reference_date=dt.date(2022, 4, 1),
        status=ListStatus.APPROVED,
        decision_number="1-QĐ/TU",
        decision_date=dt.date(2022, 6, 1),
    )
    PlanningEntry.objects.create(
        planning_list=approved, official=world.official_a, position=Position.objects.get(code="UV_BCH")
    )
    return {"pk": approved.pk}


def entry_a(world: World) -> dict[str, Any]:
    return {"pk": world.list_a.pk, "entry_pk": world.entry_a.pk}


def entry_of_b_under_list_a(world: World) -> dict[str, Any]:
    return {"pk": world.list_a.pk, "entry_pk": world.list_b.entries.get().pk}


def add_official_a1(world: World) -> dict[str, Any]:
    return {
        "official": world.official_a1.pk,
        "position": Position.objects.get(code="BI_THU").pk,
        "revision": world.list_a.revision,
        "first_time": "on",
    }


def import_file(world: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    # The birth date is impossible: the preview lists the row error and keeps no uploaded file behind.
    row = ["1", "Phạm Thị Dung", "31/02/1985", "Nữ", "", "", world.A1.code, "", "UV_BCH", "", "", "", ""]
    content = "\n".join([",".join(PLANNING_COLUMNS), ",".join(row)]).encode()
    return {
        "organization": world.A.pk,
        "term": world.list_a.term_id,
        "kind": ListKind.NEXT,
        "reference_date": "",
        "file": SimpleUploadedFile("quy-hoach.csv", content, content_type="text/csv"),
    }


CASES = [
    Case("planning:list", ANY_USER),
    Case("planning:list", ANY_USER, query="kind=next&status=draft&old_versions=on", label="filtered"),
    Case("planning:template", ANY_USER),
    Case("planning:create", EDIT_ANYWHERE),
    # the sibling may create lists, but not for A1: the form refuses the organization (200, with an error)
    Case(
        "planning:create",
        expect(EDIT_POST_OF_A, sibling=200),
        method="POST",
        data=lambda w: {"organization": w.A1.pk, "term": w.list_a.term_id, "kind": ListKind.NEXT},
    ),
    Case("planning:import", EDIT_ANYWHERE),
    # the upload renders the dry-run preview (200): nothing is written before the confirmation
    Case("planning:import", EDIT_ANYWHERE, method="POST", data=import_file),
    # without an upload of its own in the session, confirming goes back to the upload page
    Case("planning:import_confirm", expect(EDIT_POST_OF_A, sibling=302), method="POST", data=lambda w: {}),
    Case("planning:detail", READ_OWNED_BY_A, kwargs=list_a),
    Case("planning:detail", READ_OWNED_BY_A, kwargs=approved_a, label="approved"),
    Case("planning:detail", READ_OWNED_BY_B, kwargs=lambda w: {"pk": w.list_b.pk}, label="sibling-list"),
    Case("planning:detail", NOBODY, kwargs=lambda w: {"pk": 987654321}, label="missing"),
    Case("planning:export", READ_OWNED_BY_A, kwargs=list_a),
    Case("planning:export", READ_OWNED_BY_B, kwargs=lambda w: {"pk": w.list_b.pk}, label="sibling-list"),
    Case("planning:entry_add", EDIT_FORM_OF_A, kwargs=list_a),
    Case("planning:entry_add", EDIT_FORM_OF_A, kwargs=list_a, query="q=tran+thi", label="search"),
    Case("planning:entry_add", EDIT_POST_OF_A, kwargs=list_a, method="POST", data=add_official_a1),
    # a submitted list cannot take entries: editors are sent back to the list page with the reason
    Case(
        "planning:entry_add",
        expect(EDIT_FORM_OF_A, editor=302, admin=302),
        kwargs=submitted_a,
        label="frozen",
    ),
    Case(
        "planning:entry_add",
        expect(READ_OWNED_BY_B, parent_approver=403),
        kwargs=lambda w: {"pk": w.list_b.pk},
        label="sibling-list",
    ),
    Case("planning:official_search", EDIT_FORM_OF_A, kwargs=list_a, query="q=nguyen", htmx=True),
    Case(
        "planning:entry_preview",
        EDIT_FORM_OF_A,
        kwargs=list_a,
        method="POST",
        data=add_official_a1,
        htmx=True,
    ),
    Case("planning:entry_remove", EDIT_FORM_OF_A, kwargs=entry_a),
    Case(
        "planning:entry_remove",
        EDIT_POST_OF_A,
        kwargs=entry_a,
        method="POST",
        data=lambda w: {"reason": "Chuyển công tác", "revision": w.entry_a.revision},
    ),
    # guessing the id of another organization's entry under one's own list: not found
    Case(
        "planning:entry_remove",
        expect(EDIT_FORM_OF_A, editor=404, admin=404),
        kwargs=entry_of_b_under_list_a,
        label="foreign-entry",
    ),
    Case("planning:submit", EDIT_POST_OF_A, kwargs=list_a, method="POST", data=lambda w: {"revision": 1}),
    Case("planning:removal_triggers", EDIT_POST_OF_A, kwargs=list_a, method="POST"),
    Case("planning:approve", DECIDE_FORM_OF_A, kwargs=submitted_a),
    Case(
        "planning:approve",
        DECIDE_POST_OF_A,
        kwargs=submitted_a,
        method="POST",
        data=lambda w: {"decision_number": "5-QĐ/TU", "decision_date": "01/07/2025", "revision": 1},
    ),
    Case("planning:return", DECIDE_FORM_OF_A, kwargs=submitted_a),
    Case(
        "planning:return",
        DECIDE_POST_OF_A,
        kwargs=submitted_a,
        method="POST",
        data=lambda w: {"comment": "Bổ sung cán bộ nữ", "revision": 1},
    ),
    Case(
        "planning:new_version",
        EDIT_POST_OF_A,
        kwargs=approved_a,
        method="POST",
        data=lambda w: {"reference_date": "01/04/2023"},
    ),
]
