"""Submit and approve with the findings in view: explicit confirmation for ineligible entries, decision dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.planning import services
from apps.planning.models import ListStatus
from tests.planning.conftest import Planning


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def mixed(planning: Planning) -> Planning:
    """One eligible and one ineligible entry (too old for a full term)."""
    planning.plan(planning.official("Nguyễn Văn Già", dt.date(1966, 1, 10)), "PHO_BI_THU")
    planning.plan(planning.official("Trần Thị Trẻ", dt.date(1985, 1, 10), "F"), "BI_THU")
    return planning


def test_the_submit_page_shows_the_findings_errors_first_and_asks_to_confirm(mixed: Planning) -> None:
    client = client_for(mixed.editor)
    url = reverse("planning:submit", kwargs={"pk": mixed.pl.pk})
    page = client.get(url)
    shown = text(page)
    assert "1/2 lượt quy hoạch không đủ điều kiện." in shown
    items = re.findall(r'<li class="finding-(error|warning)"', page.content.decode())
    assert items and items[0] == "error" and items == sorted(items)  # errors before warnings
    assert "Nguyễn Văn Già — Phó Bí thư:" in shown
    refused = client.post(url, {"revision": mixed.pl.revision})
    assert refused.status_code == 400
    mixed.pl.refresh_from_db()
    assert mixed.pl.status == ListStatus.DRAFT
    assert client.post(url, {"revision": mixed.pl.revision, "confirm_ineligible": "on"}).status_code == 302
    mixed.pl.refresh_from_db()
    assert mixed.pl.status == ListStatus.SUBMITTED


def test_the_service_refuses_an_unconfirmed_ineligible_submission(mixed: Planning) -> None:
    with pytest.raises(services.PlanningError, match="1"):
        services.planning_list_submit(planning_list=mixed.pl, user=mixed.editor, confirm_ineligible=False)
    services.planning_list_submit(planning_list=mixed.pl, user=mixed.editor, confirm_ineligible=True)


def test_a_decision_date_in_the_future_or_before_the_submission_is_refused(mixed: Planning) -> None:
    services.planning_list_submit(planning_list=mixed.pl, user=mixed.editor, confirm_ineligible=True)
    mixed.pl.refresh_from_db()
    today = timezone.localdate()
    arguments = {"planning_list": mixed.pl, "user": mixed.approver, "decision_number": "1-QĐ/TU"}
    future = today + dt.timedelta(days=365)
    with pytest.raises(services.PlanningError) as raised:
        services.planning_list_approve(**arguments, decision_date=future, confirm_ineligible=True)
    assert str(raised.value) == str(services.ERR_DECISION_DATE_FUTURE) % {"date": future.strftime("%d/%m/%Y")}
    before = today - dt.timedelta(days=1)
    with pytest.raises(services.PlanningError, match=before.strftime("%d/%m/%Y")):
        services.planning_list_approve(**arguments, decision_date=before, confirm_ineligible=True)
    with pytest.raises(services.PlanningError):
        services.planning_list_approve(**arguments, decision_date=today, confirm_ineligible=False)
    services.planning_list_approve(**arguments, decision_date=today, confirm_ineligible=True)
    mixed.pl.refresh_from_db()
    assert mixed.pl.status == ListStatus.APPROVED


def test_the_approve_form_shows_the_findings_and_the_confirmation(mixed: Planning) -> None:
    services.planning_list_submit(planning_list=mixed.pl, user=mixed.editor, confirm_ineligible=True)
    page = client_for(mixed.approver).get(reverse("planning:approve", kwargs={"pk": mixed.pl.pk}))
    assert "Nguyễn Văn Già — Phó Bí thư:" in text(page)
    assert 'name="confirm_ineligible"' in page.content.decode()


def test_saving_an_ineligible_entry_asks_once_more_and_records_the_choice(planning: Planning) -> None:
    from apps.organizations.models import Position  # noqa: PLC0415
    from apps.planning.models import PlanningEntry  # noqa: PLC0415

    old = planning.official("Nguyễn Văn Già", dt.date(1966, 1, 10))
    client = client_for(planning.editor)
    url = reverse("planning:entry_add", kwargs={"pk": planning.pl.pk})
    data = {
        "official": old.pk,
        "position": Position.objects.get(code="PHO_BI_THU").pk,
        "revision": planning.pl.revision,
        "first_time": "on",
    }
    asked = client.post(url, data)
    assert asked.status_code == 200
    assert "Vẫn thêm dù không đủ điều kiện?" in text(asked)
    assert 'name="confirm_ineligible"' in asked.content.decode()
    assert not PlanningEntry.objects.exists()
    done = client.post(url, {**data, "confirm_ineligible": "on"})
    assert done.status_code == 302
    entry = PlanningEntry.objects.get()
    assert entry.added_although_ineligible
    page = text(client.get(reverse("planning:detail", kwargs={"pk": planning.pl.pk})))
    assert "đã thêm dù không đủ điều kiện" in page


def test_an_eligible_entry_is_saved_without_the_question(planning: Planning) -> None:
    young = planning.official("Trần Thị Trẻ", dt.date(1985, 1, 10), "F")
    from apps.organizations.models import Position  # noqa: PLC0415

    entry = services.planning_entry_add(
        planning_list=planning.pl,
        official=young,
        position=Position.objects.get(code="BI_THU"),
        user=planning.editor,
        confirm_ineligible=False,
    )
    assert not entry.added_although_ineligible
