"""Authorization cases of the yearly review of a list (issue 9, R7): its editors record it."""

from __future__ import annotations

from tests.authz.cases_planning import list_a, submitted_a
from tests.authz.matrix import EDIT_POST_OF_A, Case

CASES = [
    Case("planning:record_review", EDIT_POST_OF_A, kwargs=list_a, method="POST"),
    # the review date is not the list's content: recorded on a submitted list too
    Case("planning:record_review", EDIT_POST_OF_A, kwargs=submitted_a, method="POST", label="submitted"),
]
