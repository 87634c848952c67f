"""The audit trail as one list: every tracked change (pghistory) and every download, for administrators.

`download_record` is what the pages that hand out files call; `audit_entries` reads the trail with the
audit page's filters (person, object, dates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from pghistory.models import Events

from apps.accounts.models import DownloadRecord, User
from apps.accounts.selectors import HISTORY_LABELS

AUDIT_LIMIT = 500  # rows a page (and an export) shows, newest first: narrow the filters for older ones


def download_record(request: HttpRequest, what: str) -> None:
    """Note that the request's user downloaded `what` (a report file or an export)."""
    user = request.user if request.user.is_authenticated else None
    DownloadRecord.objects.create(
        user=user, username=getattr(user, "username", ""), what=what[:255], path=request.path[:255]
    )


@dataclass(frozen=True)
class AuditEntry:
    when: dt.datetime
    who: str
    what: str
    object: str
    changes: list[tuple[str, str, str]]


def tracked_models() -> dict[str, str]:
    """event model label -> the tracked model's name, for the object filter."""
    found = {}
    for model in django_apps.get_models():
        tracked = getattr(model, "pgh_tracked_model", None)
        if tracked is not None:
            found[model._meta.label] = str(tracked._meta.verbose_name).capitalize()
    return dict(sorted(found.items(), key=lambda item: item[1]))


def audit_entries(
    *,
    person: User | None = None,
    model: str = "",
    object_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = AUDIT_LIMIT,
) -> list[AuditEntry]:
    """The changes and downloads matching the filters, newest first (at most `limit`)."""
    models = tracked_models()
    events = Events.objects.all()
    if model in models:
        events = events.across(django_apps.get_model(model))
    if object_id:
        events = events.filter(pgh_obj_id=object_id)
    if person is not None:
        # the request's user (history middleware, --by), else the row's own `updated_by`
        events = events.filter(Q(pgh_context__user=person.pk) | Q(pgh_data__updated_by_id=person.pk))
    if since:
        events = events.filter(pgh_created_at__date__gte=since)
    if until:
        events = events.filter(pgh_created_at__date__lte=until)
    rows: list[tuple[dt.datetime, dict[str, Any]]] = []
    for event in events.order_by("-pgh_created_at")[:limit]:
        rows.append((event.pgh_created_at, {"event": event}))
    if not model and not object_id:
        downloads = DownloadRecord.objects.all()
        if person is not None:
            downloads = downloads.filter(user=person)
        if since:
            downloads = downloads.filter(at__date__gte=since)
        if until:
            downloads = downloads.filter(at__date__lte=until)
        rows += [(record.at, {"download": record}) for record in downloads[:limit]]
    rows.sort(key=lambda row: row[0], reverse=True)
    rows = rows[:limit]
    user_ids = {
        r["event"].pgh_context.get("user") for _, r in rows if "event" in r and r["event"].pgh_context
    }
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=[i for i in user_ids if i])}
    previous = _previous_data([r["event"] for _, r in rows if "event" in r])
    entries = []
    for when, row in rows:
        if "download" in row:
            record = row["download"]
            entries.append(AuditEntry(when, record.username, _("Download"), record.what, []))
            continue
        event = row["event"]
        context = event.pgh_context or {}
        who = users.get(_user_id(event) or 0) or context.get("operator") or _("system")
        before = previous.get((event.pgh_model, event.pgh_id), {})
        data = event.pgh_data or {}
        changes = [
            (name, _value(name, before.get(name)), _value(name, value))
            for name, value in sorted(data.items())
            if name not in HIDDEN and before.get(name) != value and (before or value not in (None, "", False))
        ]
        label = models.get(event.pgh_model, event.pgh_model)
        entries.append(
            AuditEntry(
                when,
                who,
                str(HISTORY_LABELS.get(event.pgh_label, event.pgh_label)),
                f"{label} #{event.pgh_obj_id}",
                changes,
            )
        )
    return entries


HIDDEN = frozenset({"id", "updated_at", "revision", "search_name", "path", "depth"})


def _previous_data(events: list[Any]) -> dict[tuple[str, Any], dict[str, Any]]:
    """(event model, event id) -> the data of the object's event before it: one query per event model."""
    by_model: dict[str, set[str]] = {}
    for event in events:
        by_model.setdefault(event.pgh_model, set()).add(event.pgh_obj_id)
    found: dict[tuple[str, Any], dict[str, Any]] = {}
    for label, ids in by_model.items():
        history = Events.objects.across(django_apps.get_model(label)).filter(pgh_obj_id__in=list(ids))
        last: dict[str, dict[str, Any]] = {}
        for event in history.order_by("pgh_obj_id", "pgh_id"):
            if event.pgh_obj_id in last:
                found[(label, event.pgh_id)] = last[event.pgh_obj_id]
            last[event.pgh_obj_id] = event.pgh_data or {}
    return found


def _user_id(event: Any) -> Any:
    return (event.pgh_context or {}).get("user") or (event.pgh_data or {}).get("updated_by_id")


def _value(name: str, value: Any) -> str:
    if name == "password":
        return "••••"
    return "" if value is None else str(value)
