"""What the planning app announces: higher apps listen (reports refreshes the lists' summaries)."""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

from apps.core.signals import send_on_commit

# Sent once the transaction that changed them commits; keyword argument `list_ids` (a sorted list).
lists_changed = Signal()


def lists_changed_on_commit(list_ids: Iterable[int]) -> None:
    """Announce `lists_changed` for these planning lists after the current transaction commits."""
    if ids := sorted(set(list_ids)):
        send_on_commit(lists_changed, "planning.PlanningList", list_ids=ids)
