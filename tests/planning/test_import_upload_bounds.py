"""A web upload is checked on the bounded worker pool: a hostile file is refused there, in seconds, and a
pool that is busy or slow answers at once instead of holding the request (issue 14)."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core import spreadsheets as tabular
from apps.core import workers
from apps.people.models import Official
from apps.planning.models import PlanningEntry
from apps.planning.views import common
from apps.planning.views import imports as import_views
from benchmarks.hostile_files import blank_rows, write_xlsx_parts
from tests.planning.conftest import Planning
from tests.planning.test_views import client_for, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def upload(planning: Planning, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client_for(planning.editor).post(
        reverse("planning:import"),
        {
            "organization": planning.D.pk,
            "term": planning.term.pk,
            "kind": "next",
            "reference_date": "",
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_a_zip_bomb_upload_is_refused_in_seconds(planning: Planning, tmp_path: Path) -> None:
    bomb = write_xlsx_parts(tmp_path / "bomb.xlsx", blank_rows(250_000)).read_bytes()
    started = time.perf_counter()
    response = upload(planning, "ds.xlsx", bomb)
    assert time.perf_counter() - started < 10
    assert response.status_code == 200
    assert tabular.TOO_MANY_RECORDS.format(limit=tabular.MAX_ROWS) in text(response)
    assert response.context["confirm_form"] is None
    assert not Official.objects.exists() and not PlanningEntry.objects.exists()


def test_the_check_runs_off_the_request_thread(planning: Planning, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    check = tabular.tabular_check

    def spy(**kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return check(**kwargs)

    monkeypatch.setattr(import_views, "tabular_check", spy)
    upload(planning, "ds.csv", b"x")
    assert len(threads) == 1 and threads[0].startswith("file-check")


def test_a_busy_pool_answers_at_once(planning: Planning, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_slots", threading.BoundedSemaphore(1))
    assert workers._slots.acquire(blocking=False)  # another upload holds the only worker
    response = upload(planning, "ds.csv", io.BytesIO(b"a,b\n1,2\n").read())
    assert str(common.MSG_CHECK_BUSY) in text(response)
    assert response.context["confirm_form"] is None


def test_a_slow_check_times_out_with_a_message(planning: Planning, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    monkeypatch.setattr(import_views, "FILE_CHECK_TIMEOUT", 0.2)
    monkeypatch.setattr(import_views, "tabular_check", lambda **_: release.wait(5))
    try:
        response = upload(planning, "ds.csv", b"a,b\n1,2\n")
    finally:
        release.set()
    assert str(common.MSG_CHECK_TIMEOUT) % {"seconds": 0.2} in text(response)
    assert not Official.objects.exists()
