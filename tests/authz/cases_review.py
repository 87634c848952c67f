"""Authorization cases of issue 9: the yearly review of a list (R7), recorded by its editors, and the
training needs (R9) of a list and of a subtree."""

from __future__ import annotations

from typing import Any

from tests.authz.cases_planning import list_a, submitted_a
from tests.authz.matrix import EDIT_POST_OF_A, READ_OWNED_BY_A, Case, expect

CASES = [
    Case("planning:record_review", EDIT_POST_OF_A, kwargs=list_a, method="POST"),
    # the review date is not the list's content: recorded on a submitted list too
    Case("planning:record_review", EDIT_POST_OF_A, kwargs=submitted_a, method="POST", label="submitted"),
]


def org_a(world: Any) -> dict[str, Any]:
    return {"pk": world.A.pk}


def org_b(world: Any) -> dict[str, Any]:
    return {"pk": world.B.pk}


CASES += [
    # R9: the training needs of a list and of a subtree, read by whoever reads them
    Case("planning:training", READ_OWNED_BY_A, kwargs=list_a),
    Case("planning:training", READ_OWNED_BY_A, kwargs=list_a, query="format=xlsx", label="xlsx"),
    Case("planning:training_subtree", READ_OWNED_BY_A, kwargs=org_a, query="term=2025-2030"),
    Case(
        "planning:training_subtree",
        READ_OWNED_BY_A,
        kwargs=org_a,
        query="term=2025-2030&format=xlsx",
        label="xlsx",
    ),
    # B's subtree: only B's users and the province's
    Case(
        "planning:training_subtree",
        expect(READ_OWNED_BY_A, viewer=404, editor=404, sibling=200),
        kwargs=org_b,
        label="b",
    ),
]
