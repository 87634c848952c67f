"""A real Celery worker process on the configured Redis broker runs a task and returns its result."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from apps.rules.tasks import months_remaining_task
from tests.conftest import broker_reachable, require_service

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.worker


def test_without_a_broker_tasks_run_inline(settings) -> None:  # type: ignore[no-untyped-def]
    from cadreplan.celery import app

    if settings.CELERY_BROKER_CONFIGURED:
        assert not app.conf.task_always_eager
    else:
        assert app.conf.task_always_eager
        assert months_remaining_task.delay("M", "1968-03-15", "2025-06-01").get() == 57


def test_real_worker_runs_a_task_on_redis() -> None:
    require_service("Redis broker (CELERY_BROKER_URL)", broker_reachable())
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cadreplan",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        result = months_remaining_task.apply_async(("M", "1968-03-15", "2025-06-01"), queue=queue)
        assert result.get(timeout=60) == 57
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
