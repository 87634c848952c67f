"""Editing an entry: position, target group, first-time flag and note, with the what-if and the lock."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.organizations.models import Position
from apps.planning import services
from apps.planning.models import PlanningEntry
from tests.planning.conftest import Planning


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def entry(planning: Planning) -> PlanningEntry:
    return planning.plan(planning.official("Trần Thị Trẻ", dt.date(1985, 1, 10), "F"), "BI_THU")


def post(position: str, revision: int, **extra: Any) -> dict[str, Any]:
    return {
        "position": Position.objects.get(code=position).pk,
        "revision": revision,
        "target_group_override": "",
        **extra,
    }


def test_the_edit_saves_every_field_and_moves_the_revision_on(
    planning: Planning, entry: PlanningEntry
) -> None:
    services.planning_entry_update(
        entry=entry,
        user=planning.editor,
        revision=entry.revision,
        position=Position.objects.get(code="PHO_BI_THU"),
        target_group_override=2,
        first_time=False,
        note="  Chuyển từ Bí thư  ",
        confirm_ineligible=True,
    )
    entry.refresh_from_db()
    assert (
        entry.position.code,
        entry.target_group_override,
        entry.first_time,
        entry.note,
        entry.revision,
    ) == (
        "PHO_BI_THU",
        2,
        False,
        "Chuyển từ Bí thư",
        2,
    )


def test_an_edit_over_a_newer_revision_is_refused(planning: Planning, entry: PlanningEntry) -> None:
    arguments = {"position": entry.position, "target_group_override": None, "first_time": True}
    services.planning_entry_update(entry=entry, user=planning.admin, revision=1, note="một", **arguments)
    with pytest.raises(services.StaleError, match="Người admin"):
        services.planning_entry_update(entry=entry, user=planning.editor, revision=1, note="hai", **arguments)
    entry.refresh_from_db()
    assert entry.note == "một"


def test_moving_to_a_post_already_held_is_refused(planning: Planning, entry: PlanningEntry) -> None:
    planning.plan(entry.official, "PHO_BI_THU")
    with pytest.raises(services.PlanningError, match="đã có trong quy hoạch chức danh Phó Bí thư"):
        services.planning_entry_update(
            entry=entry,
            user=planning.editor,
            revision=1,
            position=Position.objects.get(code="PHO_BI_THU"),
            target_group_override=None,
            first_time=True,
            note="",
        )


def test_the_edit_page_previews_the_changed_entry_and_asks_before_saving_it_ineligible(
    planning: Planning, entry: PlanningEntry
) -> None:
    client = client_for(planning.editor)
    url = reverse("planning:entry_edit", kwargs={"pk": planning.pl.pk, "entry_pk": entry.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "áp dụng đối tượng 1: mặc định của Bí thư trong danh mục chức danh" in text(page)
    assert "Kiểm tra trước khi lưu" in text(page) and "Đủ điều kiện" in text(page)  # the what-if at once
    preview = client.post(
        reverse("planning:entry_edit_preview", kwargs={"pk": planning.pl.pk, "entry_pk": entry.pk}),
        post("BI_THU", 1, target_group_override="2"),
        HTTP_HX_REQUEST="true",
    )
    # the entry is replaced, not added a second time: no "already planned" and no person-over-cap
    assert preview.status_code == 200 and "đã có trong quy hoạch" not in text(preview)
    # an official born 1966 is too old for a full term: asked once more, then saved with the choice recorded
    old = planning.official("Nguyễn Văn Già", dt.date(1966, 1, 10))
    PlanningEntry.objects.filter(pk=entry.pk).update(official=old)
    asked = client.post(url, post("BI_THU", 1, note="x"))
    assert asked.status_code == 200 and 'name="confirm_ineligible"' in asked.content.decode()
    entry.refresh_from_db()
    assert entry.note == ""
    done = client.post(url, post("BI_THU", 1, note="x", confirm_ineligible="on"))
    assert done.status_code == 302
    entry.refresh_from_db()
    assert entry.note == "x" and entry.added_although_ineligible


def test_the_list_page_links_to_the_edit(planning: Planning, entry: PlanningEntry) -> None:
    page = client_for(planning.editor).get(reverse("planning:detail", kwargs={"pk": planning.pl.pk}))
    assert (
        reverse("planning:entry_edit", kwargs={"pk": planning.pl.pk, "entry_pk": entry.pk})
        in page.content.decode()
    )
