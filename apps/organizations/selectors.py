"""Reading the organizations app for other apps' pages: the search-as-you-type unit picker, positions."""

from __future__ import annotations

from typing import Any

from apps.core.text import fold_name
from apps.organizations.models import Organization, Position

PICKER_LIMIT = 15


def search_organizations(user: Any, text: str, *, limit: int = PICKER_LIMIT) -> list[Organization]:
    """Organizations in the user's scope whose name or code contains `text` (accents and case ignored).

    The whole subtree is searched, communes included, not only the levels the drop-down shows. Names
    are folded in Python: a national scope is ~7,900 short rows, read as (id, code, name, path) only.
    """
    folded = fold_name(text)
    if not folded:
        return []
    rows = (
        Organization.objects.for_user(user).filter(is_active=True).values_list("pk", "code", "name", "path")
    )
    matches = [
        (path, pk)
        for pk, code, name, path in rows.iterator(chunk_size=2_000)
        if folded in fold_name(name) or folded in fold_name(code)
    ]
    matches.sort()
    chosen = [pk for _path, pk in matches[:limit]]
    by_pk = Organization.objects.select_related("parent").in_bulk(chosen)
    return [by_pk[pk] for pk in chosen]


def position_names() -> dict[str, str]:
    """The position catalogue as code -> Vietnamese name, in one query."""
    return dict(Position.objects.values_list("code", "name"))
