"""What the people app announces: higher apps listen (reports refreshes the summaries that count officials)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.dispatch import Signal

# Sent once the transaction that changed them commits; keyword argument `official_ids` (a list of ids).
officials_changed = Signal()


def _send(official_ids: list[int]) -> None:
    from apps.people.models import Official

    officials_changed.send(sender=Official, official_ids=official_ids)


def officials_changed_on_commit(official_ids: Iterable[int]) -> None:
    """Announce `officials_changed` for these officials after the current transaction commits."""
    ids = sorted(set(official_ids))
    if ids:
        transaction.on_commit(partial(_send, ids))
