"""The audit page (issue 14): every tracked change and download, filtered by person, object and date,
exported as CSV; system administrators only (the authorization matrix has the other actors)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import DownloadRecord, User
from apps.people.services import official_update
from tests.authz.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def root() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x", full_name="Quản Trị"))
    return client


def test_the_page_lists_changes_with_old_and_new_values_and_filters(world: World, root: Client) -> None:
    editor = world.users["editor"]
    official = world.official_a
    official_update(
        official_id=official.pk, revision=official.revision, user=editor, data={"home_town": "Huế"}
    )
    url = reverse("audit")
    page = root.get(url, {"person": "authz_editor"}).content.decode()
    assert "Huế" in page and str(editor) in page and f"#{official.pk}" in page
    other = root.get(url, {"person": "authz_viewer"}).content.decode()
    assert "Huế" not in other
    today = timezone.localdate().strftime("%d/%m/%Y")
    scoped = root.get(url, {"model": "people.OfficialEvent", "object": str(official.pk), "since": today})
    assert "Huế" in scoped.content.decode()
    assert "Huế" not in root.get(url, {"until": "01/01/2000"}).content.decode()


def test_downloads_are_logged_and_the_export_is_attributed(world: World, root: Client) -> None:
    viewer = Client()
    viewer.force_login(world.users["viewer"])  # type: ignore[arg-type]
    assert viewer.get(reverse("planning:export", kwargs={"pk": world.list_a.pk})).status_code == 200
    record = DownloadRecord.objects.get()
    assert record.username == "authz_viewer" and record.what.startswith("quy-hoach_")
    response = root.get(reverse("audit"), {"format": "csv"})
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0].startswith("Xuất bởi Quản Trị (root) lúc ")
    assert any(row[1] == "authz_viewer" and row[2] == "Tải tệp" for row in rows[2:])
    # the export of the trail is a download too
    assert DownloadRecord.objects.filter(username="root").exists()
