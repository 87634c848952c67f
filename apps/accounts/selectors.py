"""Reads of the accounts app: the audit trail of a record (who changed what, when) for display, and the
whole trail (every tracked change and every download) for the administrators' audit page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from pghistory.models import Events

from apps.accounts.models import DownloadRecord, Membership, Role, User
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


# --- the whole trail, for the audit page ------------------------------------------------------------

AUDIT_LIMIT = 500  # rows a page (and an export) shows, newest first: narrow the filters for older ones


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


# --- two-factor login --------------------------------------------------------------------------------

# the roles whose holders must sign in with a second factor (besides superusers and staff)
TWO_FACTOR_ROLES = (Role.ADMIN, Role.APPROVER)


def two_factor_required(*, user: Any) -> bool:
    """True for administrators (superusers, staff, admin memberships) and approvers."""
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user_id=user.pk, role__in=TWO_FACTOR_ROLES).exists()


def two_factor_device(*, user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator (TOTP) device, or None when they have not enrolled."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def two_factor_backup_count(*, user: Any) -> int:
    """How many unused backup codes the user has left."""
    device = StaticDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    return device.token_set.count() if device else 0
