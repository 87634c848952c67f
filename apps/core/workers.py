"""A small bounded pool for slow work a request must not do on its own thread (checking uploaded files).

At most `CHECK_WORKERS` checks run at once in a process; a request that finds them all busy is told so
at once instead of queueing, and a request waits at most `timeout` seconds for its check. A check that
overruns keeps its slot until it ends, so hostile files can never occupy more than the pool.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")

CHECK_WORKERS = int(getattr(settings, "FILE_CHECK_WORKERS", 2))
_pool = ThreadPoolExecutor(max_workers=CHECK_WORKERS, thread_name_prefix="file-check")
_slots = threading.BoundedSemaphore(CHECK_WORKERS)


class WorkersBusy(Exception):
    """Every worker is checking another file."""


class WorkTimedOut(Exception):
    """The check did not finish in time (it goes on in its worker, holding its slot, until it ends)."""


def run_bounded(work: Callable[[], T], *, timeout: float) -> T:
    """Run `work` on the bounded pool and wait for it; raise WorkersBusy or WorkTimedOut."""
    if not _slots.acquire(blocking=False):
        raise WorkersBusy
    try:
        future: Future[T] = _pool.submit(work)
    except BaseException:
        _slots.release()
        raise
    future.add_done_callback(lambda _: _slots.release())
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        raise WorkTimedOut from None


# --- work after the response ----------------------------------------------------------------------------
# Without a broker, a compliance report asked for on a page runs here, after the response, so that the
# page can show its progress (issue 13); settings.REPORT_BACKGROUND_THREADS = 0 runs it inline (tests).
_background: ThreadPoolExecutor | None = None
_background_lock = threading.Lock()


def _close_connections(work: Callable[[], T]) -> Callable[[], T]:
    def run() -> T:
        from django.db import connections

        try:
            return work()
        finally:
            connections.close_all()  # this thread's own connections

    return run


def run_in_background(work: Callable[[], T]) -> Future[T] | None:
    """Run `work` on the process's background thread(s), queued in order; inline (None) when there are none."""
    global _background
    threads = int(getattr(settings, "REPORT_BACKGROUND_THREADS", 1))
    if threads <= 0:
        work()
        return None
    with _background_lock:
        if _background is None:
            _background = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="background")
        return _background.submit(_close_connections(work))


def run_beside(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` now on a thread of its own, beside the caller's work; the function returned waits
    for it and gives its result (or raises its error).

    The thread has its own database connection, closed when `work` ends: it cannot see what the
    caller's open transaction wrote, so inside one (an atomic block, a test) `work` runs when its
    result is asked for instead.
    """
    from django.db import connection

    if connection.in_atomic_block:
        return work
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beside")
    future = pool.submit(_close_connections(work))
    pool.shutdown(wait=False)
    return future.result
