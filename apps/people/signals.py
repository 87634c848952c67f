"""What the people app announces: higher apps listen (reports refreshes the summaries that count officials)."""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

from apps.core.signals import send_on_commit

# Sent once the transaction that changed them commits; keyword argument `official_ids` (a sorted list).
officials_changed = Signal()


def officials_changed_on_commit(official_ids: Iterable[int]) -> None:
    """Announce `officials_changed` for these officials after the current transaction commits."""
    if ids := sorted(set(official_ids)):
        send_on_commit(officials_changed, "people.Official", official_ids=ids)
