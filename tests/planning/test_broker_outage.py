"""A broker that cannot be reached never fails a request whose change is committed (issue 14).

The Celery app is pointed at a port where nothing listens (tasks are not run inline). Each request
answers with its success within seconds plus a notice that a background step is delayed; the task is
recorded (DeferredTask) and sent again by `reports.deferred_retry` once a broker takes it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from apps.organizations.models import Position
from apps.people.models import Official
from apps.planning.models import PlanningEntry
from apps.reports.models import ComplianceReport, DeferredTask, ReportStatus
from apps.reports.services import deferred
from cadreplan.celery import app
from cadreplan.middleware import MSG_BACKGROUND_DELAYED
from tests.authz.cases_people import official_form_data
from tests.authz.world import World
from tests.planning.conftest import Planning

# transactional: on_commit callbacks run when the request commits, as they do in production
pytestmark = pytest.mark.django_db(transaction=True)
UNREACHABLE = "redis://127.0.0.1:6399/0"
SECONDS = 8  # before: ~19 s and a 500


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def broker_down() -> Iterator[None]:
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_write_url")}
    app.conf.update(task_always_eager=False, broker_url=UNREACHABLE, broker_write_url=UNREACHABLE)
    app._pool = None  # connections are made again for the new URL
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.update(**saved)
        app._pool = None
        app.amqp._producer_pool = None


def client_for(user: Any) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def notices(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def timed(action: Any) -> Any:
    started = time.perf_counter()
    response = action()
    assert time.perf_counter() - started < SECONDS
    return response


def test_adding_an_entry_succeeds_and_says_the_refresh_is_delayed(
    planning: Planning, broker_down: None
) -> None:
    an = planning.official("Nguyễn Văn An", __import__("datetime").date(1980, 5, 10))
    url = reverse("planning:entry_add", kwargs={"pk": planning.pl.pk})
    data = {"official": an.pk, "position": Position.objects.get(code="BI_THU").pk, "revision": 1}
    response = timed(lambda: client_for(planning.editor).post(url, {**data, "first_time": "on"}))
    assert response.status_code == 302
    assert PlanningEntry.objects.filter(planning_list=planning.pl, official=an).exists()
    assert str(MSG_BACKGROUND_DELAYED) in notices(response)
    waiting = DeferredTask.objects.get()
    assert (waiting.task, waiting.kwargs) == ("reports.summaries_refresh", {"list_ids": [planning.pl.pk]})


def test_editing_an_official_succeeds(world: World, broker_down: None) -> None:
    official = world.official_a
    client = client_for(world.users["editor"])
    response = timed(
        lambda: client.post(
            reverse("people:edit", args=[official.pk]), official_form_data(official, home_town="Huế")
        )
    )
    assert response.status_code == 302
    assert Official.objects.get(pk=official.pk).home_town == "Huế"
    assert str(MSG_BACKGROUND_DELAYED) in notices(response)


def test_a_report_request_says_it_waits_and_is_sent_again(planning: Planning, broker_down: None) -> None:
    client = client_for(planning.editor)
    data = {"organization": planning.D.pk, "term": planning.term.pk, "kind": ""}
    response = timed(lambda: client.post(reverse("reports:index"), data))
    assert response.status_code == 302
    report = ComplianceReport.objects.get()
    assert report.status == ReportStatus.QUEUED
    waiting = DeferredTask.objects.get()
    assert (waiting.task, waiting.kwargs, waiting.report_id) == (
        "reports.compliance_report",
        {"report_id": report.pk},
        report.pk,
    )
    page = client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert "Hiện không kết nối được máy chủ tác vụ: báo cáo này sẽ được lập" in page
    # still down: the retry keeps it; back (inline here): the retry sends it and the report is made
    assert deferred.deferred_send() == 0 and DeferredTask.objects.count() == 1
    app.conf.task_always_eager = True
    assert deferred.deferred_send() == 1
    assert not DeferredTask.objects.exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_dashboard_refresh_says_it_is_delayed(planning: Planning, broker_down: None) -> None:
    url = reverse("reports:dashboard_refresh", kwargs={"pk": planning.D.pk})
    response = timed(lambda: client_for(planning.editor).post(f"{url}?term={planning.term.pk}"))
    assert response.status_code == 302
    assert any("Hiện không kết nối được máy chủ tác vụ" in n for n in notices(response))
    assert DeferredTask.objects.get().task == "reports.summaries_refresh"


def test_an_import_confirm_succeeds(planning: Planning, broker_down: None) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.planning.services import PLANNING_COLUMNS

    content = "\n".join([",".join(PLANNING_COLUMNS), "1,Lê Văn Cường,15/03/1980,Nam,,,D,,UV_BCH,,,,"])
    client = client_for(planning.editor)
    preview = client.post(
        reverse("planning:import"),
        {
            "organization": planning.D.pk,
            "term": planning.term.pk,
            "kind": "next",
            "reference_date": "",
            "file": SimpleUploadedFile("ds.csv", content.encode()),
        },
    )
    token = preview.context["confirm_form"]["token"].value()
    response = timed(lambda: client.post(reverse("planning:import_confirm"), {"token": token}))
    assert response.status_code == 302
    assert Official.objects.filter(full_name="Lê Văn Cường").exists()
    assert str(MSG_BACKGROUND_DELAYED) in notices(response)
