"""Work history and discipline records edited on the official's pages: validation, audit, scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from apps.people.models import DisciplineRecord, WorkHistory
from apps.people.services import discipline_save, record_delete, work_history_save
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dates_out_of_order_and_an_unknown_level_are_refused(world: World) -> None:
    editor = world.users["editor"]
    with pytest.raises(ValidationError) as raised:
        work_history_save(
            official=world.official_a,
            user=editor,
            data={"title": "x", "start_date": dt.date(2020, 1, 1), "end_date": dt.date(2019, 1, 1)},
        )
    assert "01/01/2019" in str(raised.value) and "01/01/2020" in str(raised.value)
    with pytest.raises(ValidationError):
        discipline_save(
            official=world.official_a,
            user=editor,
            data={"level": "scolding", "start_date": dt.date(2024, 1, 1)},
        )
    assert not DisciplineRecord.objects.filter(official=world.official_a).exists()


def test_an_outsider_cannot_write_a_record(world: World) -> None:
    with pytest.raises(PermissionDenied):
        discipline_save(
            official=world.official_a,
            user=world.users["sibling"],
            data={"level": "reprimand", "start_date": dt.date(2024, 1, 1)},
        )


def test_the_pages_add_change_and_delete_with_the_audit_trail(world: World) -> None:
    editor = world.users["editor"]
    client = client_for(editor)
    add = reverse("people:record_add", kwargs={"pk": world.official_a.pk, "kind": "discipline"})
    bad = client.post(add, {"level": "reprimand", "start_date": "01/02/2024", "end_date": "01/01/2024"})
    assert bad.status_code == 400 and "Ngày kết thúc ở trước ngày bắt đầu." in bad.content.decode()
    assert not DisciplineRecord.objects.filter(official=world.official_a).exists()
    done = client.post(
        add, {"level": "reprimand", "start_date": "01/02/2024", "end_date": "", "reason": "Vi phạm"}
    )
    assert done.status_code == 302
    record = DisciplineRecord.objects.get(official=world.official_a)
    edit = reverse(
        "people:record_edit", kwargs={"pk": world.official_a.pk, "kind": "discipline", "record_pk": record.pk}
    )
    assert (
        client.post(
            edit, {"level": "warning", "start_date": "01/02/2024", "end_date": "", "reason": "Vi phạm"}
        ).status_code
        == 302
    )
    record.refresh_from_db()
    assert record.level == "warning"
    events = django_apps.get_model("people", "DisciplineRecordEvent").objects.filter(pgh_obj_id=record.pk)
    assert {e.pgh_context.metadata["user"] for e in events} == {editor.pk}
    page = client.get(edit).content.decode()
    assert str(editor) in page  # the record's history names the editor
    delete = reverse(
        "people:record_delete",
        kwargs={"pk": world.official_a.pk, "kind": "discipline", "record_pk": record.pk},
    )
    assert client.get(delete).status_code == 200  # asks first
    assert DisciplineRecord.objects.filter(pk=record.pk).exists()
    assert client.post(delete).status_code == 302
    assert not DisciplineRecord.objects.filter(pk=record.pk).exists()


def test_the_official_page_links_to_the_records(world: World) -> None:
    page = client_for(world.users["editor"]).get(reverse("people:detail", kwargs={"pk": world.official_a.pk}))
    work = WorkHistory.objects.get(official=world.official_a)
    body = page.content.decode()
    assert (
        reverse(
            "people:record_edit", kwargs={"pk": world.official_a.pk, "kind": "work", "record_pk": work.pk}
        )
        in body
    )
    assert reverse("people:record_add", kwargs={"pk": world.official_a.pk, "kind": "discipline"}) in body
    viewer_page = client_for(world.users["viewer"]).get(
        reverse("people:detail", kwargs={"pk": world.official_a.pk})
    )
    assert (
        reverse("people:record_add", kwargs={"pk": world.official_a.pk, "kind": "work"})
        not in viewer_page.content.decode()
    )


def test_record_delete_refuses_an_outsider(world: World) -> None:
    work = WorkHistory.objects.get(official=world.official_a)
    with pytest.raises(PermissionDenied):
        record_delete(record=work, user=world.users["sibling"])
