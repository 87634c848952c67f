"""Writing an official's work history and discipline records: validated, audited, announced after commit."""

from __future__ import annotations

from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from apps.accounts.access import Action, can
from apps.people.models import DisciplineLevel, DisciplineRecord, Official, WorkHistory
from apps.people.signals import officials_changed_on_commit

DATES_ORDER = gettext_lazy("The end date (%(end)s) is before the start date (%(start)s).")
UNKNOWN_LEVEL = gettext_lazy("Choose a discipline level from the list.")
NOT_EDITOR = gettext_lazy("You may not change the records of this official.")
WORK_FIELDS = ("organization", "position", "title", "start_date", "end_date", "is_rotation")
DISCIPLINE_FIELDS = ("level", "decision_number", "start_date", "end_date", "reason")


def _check(user: Any, official: Official, data: dict[str, Any]) -> None:
    if user is not None and not can(user, Action.EDIT, official.organization.path):
        raise PermissionDenied(str(NOT_EDITOR))
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ValidationError(
            {"end_date": str(DATES_ORDER) % {"end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"}}
        )


def _save(
    model: Any, fields: tuple[str, ...], *, official: Official, user: Any, record: Any, data: dict[str, Any]
) -> Any:
    _check(user, official, data)
    values = {name: data[name] for name in fields if name in data}
    with transaction.atomic(), pghistory.context(user=getattr(user, "pk", None)):
        if record is None:
            record = model.objects.create(official=official, **values)
        else:
            for name, value in values.items():
                setattr(record, name, value)
            record.save()
        officials_changed_on_commit([official.pk])  # discipline and posts change the findings
    return record


def work_history_save(
    *, official: Official, user: Any, data: dict[str, Any], record: WorkHistory | None = None
) -> WorkHistory:
    """Add (record None) or change one post of an official's work history; the end is not before the start."""
    return _save(WorkHistory, WORK_FIELDS, official=official, user=user, record=record, data=data)  # type: ignore[no-any-return]


def discipline_save(
    *, official: Official, user: Any, data: dict[str, Any], record: DisciplineRecord | None = None
) -> DisciplineRecord:
    """Add or change a discipline record: a level from the list, the end not before the start."""
    if data.get("level") not in DisciplineLevel.values:
        raise ValidationError({"level": str(UNKNOWN_LEVEL)})
    return _save(DisciplineRecord, DISCIPLINE_FIELDS, official=official, user=user, record=record, data=data)  # type: ignore[no-any-return]


def record_delete(*, record: WorkHistory | DisciplineRecord, user: Any) -> None:
    """Delete one record (after the page's confirmation); the history keeps what it held and who did it."""
    official = record.official
    _check(user, official, {})
    with transaction.atomic(), pghistory.context(user=getattr(user, "pk", None)):
        record.delete()
        officials_changed_on_commit([official.pk])
