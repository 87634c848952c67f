"""What the planning app announces: higher apps listen (reports refreshes the lists' summaries)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.dispatch import Signal

# Sent once the transaction that changed them commits; keyword argument `list_ids` (a list of ids).
lists_changed = Signal()


def _send(list_ids: list[int]) -> None:
    from apps.planning.models import PlanningList

    lists_changed.send(sender=PlanningList, list_ids=list_ids)


def lists_changed_on_commit(list_ids: Iterable[int]) -> None:
    """Announce `lists_changed` for these planning lists after the current transaction commits."""
    ids = sorted(set(list_ids))
    if ids:
        transaction.on_commit(partial(_send, ids))
