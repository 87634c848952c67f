"""Authorization cases of issue 11: the papers of a round and the list's reading export (from the list page)."""

from __future__ import annotations

from typing import Any

from tests.authz.cases_planning import READ_OWNED_BY_B
from tests.authz.matrix import READ_OWNED_BY_A, Case
from tests.authz.world import World


def paper(document: str, fmt: str) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        return {"pk": world.list_a.pk, "document": document, "fmt": fmt}

    return kwargs


CASES = [
    # readers of A's subtree download each paper, B's users get 404 (one PDF case: WeasyPrint is slow)
    *(
        Case(
            "reports:planning_document",
            READ_OWNED_BY_A,
            kwargs=paper(document, fmt),
            label=f"{document}-{fmt}",
        )
        for document, fmt in (("list", "docx"), ("list", "pdf"), ("votes", "docx"), ("training", "docx"))
    ),
    Case(
        "reports:planning_document",
        READ_OWNED_BY_B,
        kwargs=lambda w: {"pk": w.list_b.pk, "document": "list", "fmt": "docx"},
        label="sibling-list",
    ),
    Case("reports:planning_list_xlsx", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.list_a.pk}),
    Case(
        "reports:planning_list_xlsx",
        READ_OWNED_BY_B,
        kwargs=lambda w: {"pk": w.list_b.pk},
        label="sibling-list",
    ),
]
