"""Announcing a change once its transaction commits, so that a rolled-back change announces nothing."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import Signal


def send_on_commit(signal: Signal, sender: Any, **kwargs: Any) -> None:
    """Send `signal` from `sender` with `kwargs` after the current transaction commits (now if none).

    Robust: the change is committed already, so a receiver that fails is logged and never fails the
    request that made the change (receivers that enqueue work use apps.core.queue.enqueue).
    """
    transaction.on_commit(partial(signal.send, sender=sender, **kwargs), robust=True)
