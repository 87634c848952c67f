"""Writing an official's work history and discipline records: validated, audited, announced after commit."""

from __future__ import annotations

from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.accounts.access import Action, can
from apps.people.models import ConfidenceVote, DisciplineLevel, DisciplineRecord, Official, WorkHistory
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


# --- Confidence votes (lấy phiếu tín nhiệm) ----------------------------------------------------------

CONFIDENCE_FIGURES = ("high", "medium", "low")
NOT_A_COUNT = gettext_lazy("“%(value)s” is not a whole number: enter a count of 0 or more.")
INCOMPLETE_COUNTS = gettext_lazy("Enter the three counts (high, medium, low) or leave all three empty.")
CONFERENCE_REQUIRED = gettext_lazy("Enter the name of the conference.")
HELD_ON_REQUIRED = gettext_lazy("Enter the date of the conference.")
HELD_ON_FUTURE = gettext_lazy("The conference date is after today.")


def _count(text: str) -> int | str:
    value = (text or "").strip()
    if not value.isascii() or not value.isdigit():
        return str(NOT_A_COUNT) % {"value": value}
    return int(value)


def confidence_votes_save(
    *,
    organization: Any,
    conference: str,
    held_on: Any,
    cells: dict[int, dict[str, str]],
    user: Any,
) -> tuple[int, list[tuple[int, str, str]]]:
    """Save a grid of confidence votes: official id -> {high, medium, low} typed. (saved, errors).

    Errors are (official id or 0, field, message); any error writes nothing. A row left empty is
    skipped; a row for an official already recorded for this conference and date replaces it.
    """
    if user is not None and not can(user, Action.EDIT, organization.path):
        raise PermissionDenied(str(NOT_EDITOR))
    errors: list[tuple[int, str, str]] = []
    conference = " ".join((conference or "").split())
    if not conference:
        errors.append((0, "conference", str(CONFERENCE_REQUIRED)))
    if held_on is None:
        errors.append((0, "held_on", str(HELD_ON_REQUIRED)))
    elif held_on > timezone.localdate():
        errors.append((0, "held_on", str(HELD_ON_FUTURE)))
    allowed = set(
        Official.objects.in_subtree(organization).filter(pk__in=list(cells)).values_list("pk", flat=True)
    )
    rows: dict[int, dict[str, int]] = {}
    for official_id, raw in cells.items():
        if official_id not in allowed:
            continue
        blanks = [name for name in CONFIDENCE_FIGURES if not (raw.get(name) or "").strip()]
        if len(blanks) == len(CONFIDENCE_FIGURES):
            continue
        if blanks:
            errors.extend((official_id, name, str(INCOMPLETE_COUNTS)) for name in blanks)
            continue
        parsed = {name: _count(raw.get(name, "")) for name in CONFIDENCE_FIGURES}
        bad = [(name, value) for name, value in parsed.items() if isinstance(value, str)]
        errors.extend((official_id, name, str(value)) for name, value in bad)
        if not bad:
            rows[official_id] = {name: int(value) for name, value in parsed.items()}
    if errors:
        return 0, errors
    actor = user if getattr(user, "pk", None) else None
    with transaction.atomic(), pghistory.context(user=getattr(user, "pk", None)):
        for official_id, counts in rows.items():
            ConfidenceVote.objects.update_or_create(
                official_id=official_id,
                organization=organization,
                conference=conference,
                held_on=held_on,
                defaults={**counts, "updated_by": actor},
            )
        officials_changed_on_commit(list(rows))
    return len(rows), []
