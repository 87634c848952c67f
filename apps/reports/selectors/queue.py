"""The approver's queue and the to-do lists the home page links to, with their stored error counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from apps.accounts.access import Action, can_approve
from apps.planning.models import ListStatus, PlanningList
from apps.reports.selectors.home import review_due_q

QUEUE_LIMIT = 500


@dataclass(frozen=True)
class QueueRow:
    """A list to act on, with the errors and warnings of its last stored summary (None: not yet computed)."""

    planning_list: PlanningList
    errors: int | None
    warnings: int | None
    ineligible: int | None
    submitted_at: datetime | None


def _rows(lists: Any) -> list[QueueRow]:
    rows = []
    for pl in lists:
        summary = getattr(pl, "summary", None)
        rows.append(
            QueueRow(
                planning_list=pl,
                errors=summary.errors if summary else None,
                warnings=summary.warnings if summary else None,
                ineligible=summary.ineligible_entries if summary else None,
                submitted_at=pl.submitted_at,
            )
        )
    return rows


def _newest(user: Any) -> Any:
    return (
        PlanningList.objects.for_user(user, Action.READ)
        .latest_versions()
        .select_related("organization", "term", "submitted_by", "summary")
    )


def approval_queue(*, user: Any) -> list[QueueRow]:
    """The submitted lists `user` may approve (an approver above them, or an admin), oldest first."""
    lists = _newest(user).filter(status=ListStatus.SUBMITTED).order_by("submitted_at", "id")[:QUEUE_LIMIT]
    return _rows(pl for pl in lists if can_approve(user, pl.organization.path))


def lists_with_errors(*, user: Any) -> list[QueueRow]:
    """The newest lists in the user's scope whose stored summary has errors, most errors first."""
    lists = _newest(user).filter(summary__errors__gt=0).order_by("-summary__errors", "organization__path")
    return _rows(lists[:QUEUE_LIMIT])


def lists_review_due(*, user: Any, today: date) -> list[QueueRow]:
    """R7: the newest lists not yet approved whose yearly review is due (`review_due_q`, as the home page)."""
    lists = (
        _newest(user)
        .filter(review_due_q(today))
        .exclude(status=ListStatus.APPROVED)
        .order_by("last_reviewed_on", "organization__path")
    )
    return _rows(lists[:QUEUE_LIMIT])
