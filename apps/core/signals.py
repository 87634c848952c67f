"""Announcing a change once its transaction commits, so that a rolled-back change announces nothing."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import Signal


def send_on_commit(signal: Signal, sender: Any, **kwargs: Any) -> None:
    """Send `signal` from `sender` with `kwargs` after the current transaction commits (now if none)."""
    transaction.on_commit(partial(signal.send, sender=sender, **kwargs))
