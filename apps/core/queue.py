"""Sending Celery tasks so that a broker outage never fails the request that asked for them.

`enqueue` publishes without Celery's long reconnect loop (a second or two at most, see the transport
options in settings). When the broker cannot be reached it logs the failure, calls `on_failure` (the
caller records the work to retry, e.g. apps.reports.services.deferred) and flags the current request,
so that `BackgroundDelayMiddleware` can tell the user that a background step is delayed. Without a
broker (tasks run inline) it runs the task as before and lets its errors through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

logger = logging.getLogger(__name__)

_delayed: ContextVar[bool] = ContextVar("background_delayed", default=False)


def enqueue(
    task: Any, *, kwargs: dict[str, Any], on_failure: Callable[[Exception], None] | None = None
) -> bool:
    """Send `task` with `kwargs`; False (logged, `on_failure` called, request flagged) if the broker is down."""
    if task.app.conf.task_always_eager:
        task.apply_async(kwargs=kwargs)
        return True
    try:
        task.apply_async(kwargs=kwargs, retry=False, ignore_result=True)
    except Exception as exc:  # kombu OperationalError, socket errors, redis errors...: the broker is away
        logger.warning("could not send task %s %s: %s", task.name, kwargs, exc)
        _delayed.set(True)
        if on_failure is not None:
            on_failure(exc)
        return False
    return True


def background_delayed() -> bool:
    """True when a task could not be sent during the current request (or context)."""
    return _delayed.get()


def reset_background_delayed() -> None:
    _delayed.set(False)
