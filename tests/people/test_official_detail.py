"""The official page: retirement today, work history, discipline, planning entries with findings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.organizations.models import Position
from apps.people.models import DisciplineRecord, Official
from apps.planning.models import PlanningEntry
from apps.rules.engine import months_remaining, retirement_date
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def page(world: World, actor: str, official: Official):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[actor])  # type: ignore[arg-type]
    return client.get(reverse("people:detail", args=[official.pk]), HTTP_ACCEPT_LANGUAGE="vi")


def test_shows_retirement_date_and_months_remaining_today(world: World) -> None:
    official = world.official_a  # a man born 12/04/1978
    response = page(world, "viewer", official)
    today = timezone.localdate()
    working = response.context["working"]
    assert working.retirement_date == retirement_date("M", dt.date(1978, 4, 12)) == dt.date(2040, 4, 30)
    assert working.months_remaining == months_remaining("M", dt.date(1978, 4, 12), today)
    html = response.content.decode()
    assert "30/04/2040" in html and "12/04/1978" in html


def test_retirement_override_is_used(world: World) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(
        retirement_override=dt.date(2042, 4, 30), retirement_override_reason="Kéo dài thời gian công tác"
    )
    html = page(world, "viewer", world.official_a).content.decode()
    assert "30/04/2042" in html and "Kéo dài thời gian công tác" in html


def test_planning_entries_carry_their_findings(world: World) -> None:
    # list_a: next 2025-2030, reference 01/06/2025; retiring 04/2040 leaves 178 months: eligible, but
    # the district list has no woman in the committee group (a list finding, not shown per entry)
    response = page(world, "viewer", world.official_a)
    (item,) = response.context["entries"]
    assert item.entry == world.entry_a
    assert item.result is not None and item.result.eligible and item.result.months_remaining == 178
    html = response.content.decode()
    assert "Phó Bí thư" in html and "Đủ điều kiện" in html
    assert reverse("planning:detail", args=[world.list_a.pk]) in html


def test_entry_findings_are_the_engines_messages(world: World) -> None:
    DisciplineRecord.objects.create(
        official=world.official_a, level="reprimand", start_date=dt.date(2025, 1, 1), reason="Vi phạm"
    )
    response = page(world, "viewer", world.official_a)
    (item,) = response.context["entries"]
    assert not item.result.eligible
    assert [f.code for f in item.result.findings] == ["DISCIPLINED"]
    html = response.content.decode()
    assert item.result.findings[0].message in html and "Không đủ điều kiện" in html
    assert "Vi phạm" in html  # the discipline table


def test_entries_in_lists_outside_the_scope_stay_hidden(world: World) -> None:
    PlanningEntry.objects.create(
        planning_list=world.list_p, official=world.official_a, position=Position.objects.get(code="UV_BTV")
    )
    assert len(page(world, "viewer", world.official_a).context["entries"]) == 1
    assert len(page(world, "admin", world.official_a).context["entries"]) == 2


def test_edit_button_only_for_those_who_may_edit(world: World) -> None:
    edit_url = reverse("people:edit", args=[world.official_a.pk])
    assert edit_url in page(world, "editor", world.official_a).content.decode()
    assert edit_url not in page(world, "viewer", world.official_a).content.decode()
    assert edit_url not in page(world, "parent_approver", world.official_a).content.decode()


def test_work_history_is_listed(world: World) -> None:
    html = page(world, "viewer", world.official_a).content.decode()
    assert "Quá trình công tác" in html and "01/01/2010" in html


@pytest.mark.parametrize(
    "url",
    [
        "/can-bo/99999999999999999999/",
        "/can-bo/99999999999999999999/sua/",
        "/to-chuc/99999999999999999999/",
        "/to-chuc/99999999999999999999/don-vi-truc-thuoc/",
    ],
)
def test_ids_beyond_the_column_range_are_404_not_500(world: World, url: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])  # type: ignore[arg-type]
    assert client.get(url).status_code == 404


def test_garbage_in_the_edit_form_is_a_form_error_not_a_500(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    garbage = {
        "birth_date": "01/01/99999",
        "party_admission_date": "00/00/0000",
        "revision": "x",
        "organization": "99999999999999999999",
        "current_position": "-1",
        "sex": "Z",
    }
    assert client.post(reverse("people:create"), garbage).status_code == 200
    assert client.post(reverse("people:edit", args=[world.official_a.pk]), garbage).status_code == 200
