"""The people's data (issue 14, Law 91/2025/QH15): national IDs masked for roles that do not need them,
exports that say who made them and when, and a session idle timeout."""

from __future__ import annotations

import io
import time

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.idle import LAST_SEEN_KEY
from apps.people.models import Official
from apps.people.services import official_update
from tests.authz.world import World

pytestmark = pytest.mark.django_db
FULL, MASKED = "001078000001", "••••••••0001"


def logged_in(world: World, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])  # type: ignore[arg-type]
    return client


def test_a_viewer_sees_the_national_id_masked_an_editor_in_full(world: World) -> None:
    official = world.official_a
    official_update(
        official_id=official.pk,
        revision=official.revision,
        user=world.users["editor"],
        data={"national_id": "001078009999"},
    )
    Official.objects.filter(pk=official.pk).update(national_id=FULL)
    url = reverse("people:detail", args=[official.pk])
    viewer_page = logged_in(world, "viewer").get(url).content.decode()
    assert FULL not in viewer_page and MASKED in viewer_page
    assert "001078009999" not in viewer_page and "••••••••9999" in viewer_page  # in the history too
    editor_page = logged_in(world, "editor").get(url).content.decode()
    assert FULL in editor_page and "001078009999" in editor_page


def exported(world: World, actor: str) -> openpyxl.Workbook:
    response = logged_in(world, actor).get(reverse("planning:export", kwargs={"pk": world.list_a.pk}))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_planning_export_masks_for_viewers_and_says_who_made_it(world: World) -> None:
    book = exported(world, "viewer")
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index("Số định danh")
    ids = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == [MASKED]
    info = {row[0]: row[1] for row in book["Thông tin xuất tệp"].iter_rows(values_only=True)}
    viewer = world.users["viewer"]
    assert viewer is not None and viewer.get_username() in info["Người xuất"]
    assert info["Thời điểm xuất"][:10] == time.strftime("%d/%m/%Y")
    assert viewer.get_username() in (book.properties.creator or "")
    editor_book = exported(world, "editor")
    editor_ids = [r[column] for r in editor_book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert editor_ids == [FULL]


def test_a_session_idle_too_long_is_signed_out(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client = logged_in(world, "viewer")
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("home")).status_code == 302  # signed out for good
    # active within the timeout: stays signed in
    client = logged_in(world, "viewer")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
