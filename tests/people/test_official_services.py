"""Saving officials: no lost updates, a message naming who changed it and when, and an audit trail."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.selectors import history_rows
from apps.people.models import Official
from apps.people.services import StaleEditError, official_update
from tests.authz.cases_people import official_form_data
from tests.authz.world import World, build_world


def edit(client: Client, official: Official, **changes: Any):  # type: ignore[no-untyped-def]
    return client.post(reverse("people:edit", args=[official.pk]), official_form_data(official, **changes))


def logged_in(world: World, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])  # type: ignore[arg-type]
    return client


@pytest.mark.django_db
def test_update_increments_revision_and_records_the_editor(world: World) -> None:
    official = world.official_a
    updated = official_update(
        official_id=official.pk,
        revision=official.revision,
        user=world.users["editor"],
        data={"home_town": "Huế"},
    )
    assert updated.revision == official.revision + 1
    assert updated.updated_by == world.users["editor"]
    assert updated.home_town == "Huế"


@pytest.mark.django_db
def test_update_keeps_derived_columns_in_step(world: World) -> None:
    updated = official_update(
        official_id=world.official_a.pk,
        revision=1,
        user=world.users["editor"],
        data={"full_name": "Đặng  Văn   Ánh", "ethnicity": "Mường"},
    )
    assert updated.full_name == "Đặng Văn Ánh"
    assert updated.search_name == "dang van anh"
    assert updated.ethnic_minority


@pytest.mark.django_db
def test_saving_over_a_newer_version_is_refused_with_who_and_when(world: World) -> None:
    official = world.official_a
    first, second = logged_in(world, "editor"), logged_in(world, "admin")
    stale_data = official_form_data(official, home_town="Đà Nẵng")  # loaded at revision 1
    assert edit(first, official, home_town="Huế").status_code == 302  # saved: revision 2
    with translation.override("vi"):
        response = second.post(
            reverse("people:edit", args=[official.pk]), stale_data, HTTP_ACCEPT_LANGUAGE="vi"
        )
    assert response.status_code == 200
    official.refresh_from_db()
    assert official.home_town == "Huế" and official.revision == 2  # the first save stands
    when = timezone.localtime(official.updated_at).strftime("%d/%m/%Y %H:%M")
    html = response.content.decode()
    assert f"Hồ sơ này đã được authz_editor sửa lúc {when}" in html
    assert "Tải lại bản mới nhất" in html


@pytest.mark.django_db
def test_stale_error_message_in_english_too(world: World) -> None:
    official_update(
        official_id=world.official_a.pk, revision=1, user=world.users["editor"], data={"note": "x"}
    )
    with translation.override("en"), pytest.raises(StaleEditError) as exc:
        official_update(
            official_id=world.official_a.pk, revision=1, user=world.users["admin"], data={"note": "y"}
        )
    assert "changed by authz_editor at" in exc.value.messages[0]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_revision_cannot_both_win() -> None:
    world = build_world()
    official = world.official_a
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(actor: str, town: str) -> None:
        try:
            barrier.wait()
            official_update(
                official_id=official.pk, revision=1, user=world.users[actor], data={"home_town": town}
            )
            outcomes.append("saved")
        except StaleEditError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=args) for args in (("editor", "Huế"), ("admin", "Vinh"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    official.refresh_from_db()
    assert official.revision == 2


@pytest.mark.django_db
def test_history_shows_who_when_and_old_and_new_values(world: World) -> None:
    client = logged_in(world, "editor")
    assert edit(client, world.official_a, home_town="Huế", political_theory="cao_cap").status_code == 302
    with translation.override("vi"):
        rows = history_rows(world.official_a)
    latest = rows[0]
    assert latest.who == "authz_editor" and latest.what == "Sửa"
    assert latest.when <= timezone.now()
    changes = {label: (old, new) for label, old, new in latest.changes}
    assert changes == {"Quê quán": ("—", "Huế"), "Lý luận chính trị": ("—", "Cao cấp")}
    assert rows[-1].what == "Tạo mới"
    page = client.get(
        reverse("people:detail", args=[world.official_a.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Lịch sử thay đổi" in page and "Huế" in page and "Cao cấp" in page


@pytest.mark.django_db
def test_history_of_a_bulk_update_is_recorded_too(world: World) -> None:
    # bulk writes (imports) bypass save(): the database trigger still records them
    Official.objects.filter(pk=world.official_a.pk).update(home_town="Cần Thơ")
    assert any(
        new == "Cần Thơ" for row in history_rows(world.official_a) for _label, _old, new in row.changes
    )
