"""Reads of the accounts app: the audit trail of a record (who changed what, when) for display."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.text import mask_tail

# Derived or bookkeeping columns that mean nothing to a reader of the history.
HISTORY_HIDDEN_FIELDS = frozenset(
    {
        "id",
        "search_name",
        "ethnic_minority",
        "revision",
        "created_at",
        "updated_at",
        "updated_by",
        "path",
        "depth",
    }
)
HISTORY_LABELS = {
    "insert": gettext_lazy("Created"),
    "update": gettext_lazy("Changed"),
    "delete": gettext_lazy("Deleted"),
}
HISTORY_LIMIT = 100


@dataclass(frozen=True)
class HistoryRow:
    """One audit event as the `_history.html` template shows it."""

    when: dt.datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(model: type[models.Model], name: str, value: Any, related: dict[tuple[str, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    f: Any = model._meta.get_field(name)
    if f.is_relation:
        return related.get((name, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _shown(
    model: type[models.Model],
    name: str,
    value: Any,
    related: dict[tuple[str, Any], str],
    masked: frozenset[str],
) -> str:
    shown = _display(model, name, value, related)
    return mask_tail(shown) if name in masked and value else shown


def history_rows(
    obj: models.Model, *, limit: int = HISTORY_LIMIT, masked: frozenset[str] = frozenset()
) -> list[HistoryRow]:
    """The pghistory events of `obj` (a tracked model, events under `obj.events`), newest first.

    Each row says who (the request's user recorded by the history middleware, else the row's
    `updated_by`), when, what kind of change, and the (field label, old, new) of every changed field.
    A fixed number of queries: the events, their users, and one per foreign key that changed. The
    values of the fields named in `masked` show their last four characters only (mask_tail).
    """
    model = type(obj)
    tracked = [
        f
        for f in model._meta.concrete_fields
        if f.name not in HISTORY_HIDDEN_FIELDS and f.editable and not f.primary_key
    ]
    events = list(
        obj.events.select_related("pgh_context").order_by("-pgh_id")[: limit + 1]  # type: ignore[attr-defined]
    )
    events.reverse()  # oldest first, to diff each event against the one before it
    user_ids: set[Any] = set()
    fk_values: dict[str, set[Any]] = {}
    for event in events:
        context = event.pgh_context.metadata if event.pgh_context_id else {}
        user_id = context.get("user") or getattr(event, "updated_by_id", None)
        event.who_id = user_id
        event.operator = context.get("operator", "")  # a command run without --by: the OS user
        if user_id:
            user_ids.add(user_id)
        for f in tracked:
            if f.is_relation:
                value = getattr(event, f.attname)
                if value is not None:
                    fk_values.setdefault(f.name, set()).add(value)
    users = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=user_ids)} if user_ids else {}
    related: dict[tuple[str, Any], str] = {}
    for name, values in fk_values.items():
        target = model._meta.get_field(name).related_model
        for row in target._default_manager.filter(pk__in=values):  # type: ignore[union-attr]
            related[(name, row.pk)] = str(row)

    rows: list[HistoryRow] = []
    previous = None
    for event in events:
        changes = []
        for f in tracked:
            new = getattr(event, f.attname)
            old = getattr(previous, f.attname) if previous is not None else None
            if previous is None and event.pgh_label == "insert":
                if new in (None, "", False):
                    continue
            elif previous is not None and old == new:
                continue
            elif previous is None:
                continue  # the first event we kept is not an insert: nothing to compare it with
            changes.append(
                (
                    str(f.verbose_name).capitalize(),
                    _shown(model, f.name, old, related, masked) if previous else "",
                    _shown(model, f.name, new, related, masked),
                )
            )
        if event.pgh_label != "update" or changes:
            rows.append(
                HistoryRow(
                    when=event.pgh_created_at,
                    who=users.get(event.who_id) or event.operator or _("system"),
                    what=str(HISTORY_LABELS.get(event.pgh_label, event.pgh_label)),
                    changes=changes,
                )
            )
        previous = event
    rows.reverse()
    return rows[:limit]
