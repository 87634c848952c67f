"""R7 review in the pages: who would be removed and why, check boxes, only the confirmed ones removed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from apps.people.models import DisciplineRecord
from apps.planning import services
from apps.planning.models import EntryStatus, PlanningEntry
from tests.planning.conftest import Planning


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def disciplined(planning: Planning) -> tuple[PlanningEntry, PlanningEntry, PlanningEntry]:
    entries = []
    for name in ("Lê Văn Một", "Lê Văn Hai"):
        official = planning.official(name, dt.date(1985, 1, 1))
        DisciplineRecord.objects.create(
            official=official, level="reprimand", start_date=dt.date(2025, 1, 1), reason="Kiểm thử"
        )
        entries.append(planning.plan(official, "UV_BCH"))
    fine = planning.plan(planning.official("Trần Thị Ổn", dt.date(1985, 1, 1), "F"), "UV_BCH")
    return entries[0], entries[1], fine


def test_the_preview_lists_who_and_why_and_writes_nothing(planning: Planning, disciplined: Any) -> None:
    one, two, fine = disciplined
    candidates = services.planning_list_removal_preview(planning_list=planning.pl)
    assert [c.entry.pk for c in candidates] == [one.pk, two.pk]
    assert "khiển trách" in candidates[0].reasons[0].lower()
    page = client_for(planning.editor).get(
        reverse("planning:removal_triggers", kwargs={"pk": planning.pl.pk})
    )
    shown = text(page)
    assert "Lê Văn Một" in shown and "Lê Văn Hai" in shown and "Trần Thị Ổn" not in shown
    assert page.content.decode().count('type="checkbox" name="entry"') == 2
    assert PlanningEntry.objects.filter(status=EntryStatus.REMOVED).count() == 0


def test_only_the_ticked_entries_are_removed_and_the_history_names_who(
    planning: Planning, disciplined: Any
) -> None:
    one, two, fine = disciplined
    client = client_for(planning.editor)
    url = reverse("planning:removal_triggers", kwargs={"pk": planning.pl.pk})
    planning.pl.refresh_from_db()
    response = client.post(url, {"entry": [str(one.pk), str(fine.pk)], "revision": planning.pl.revision})
    assert response.status_code == 302
    statuses = dict(PlanningEntry.objects.values_list("pk", "status"))
    assert statuses == {one.pk: EntryStatus.REMOVED, two.pk: EntryStatus.ACTIVE, fine.pk: EntryStatus.ACTIVE}
    one.refresh_from_db()
    assert one.removed_by == planning.editor
    event = (
        django_apps.get_model("planning", "PlanningEntryEvent").objects.filter(pgh_obj=one).latest("pgh_id")
    )
    assert event.pgh_context.metadata["user"] == planning.editor.pk
    page = text(client.get(reverse("planning:detail", kwargs={"pk": planning.pl.pk})))
    assert "Người editor" in page


def test_a_review_of_an_older_revision_is_refused(planning: Planning, disciplined: Any) -> None:
    one, _, _ = disciplined
    planning.pl.refresh_from_db()
    stale = planning.pl.revision
    services.planning_entry_remove(entry=disciplined[2], user=planning.admin, reason="Chuyển công tác")
    with pytest.raises(services.StaleError):
        services.planning_list_apply_removal_triggers(
            planning_list=planning.pl, user=planning.editor, entry_ids=[one.pk], revision=stale
        )
    one.refresh_from_db()
    assert one.status == EntryStatus.ACTIVE


def test_posting_with_nothing_ticked_changes_nothing(planning: Planning, disciplined: Any) -> None:
    url = reverse("planning:removal_triggers", kwargs={"pk": planning.pl.pk})
    assert client_for(planning.editor).post(url, {"revision": "1"}).status_code == 302
    assert not PlanningEntry.objects.filter(status=EntryStatus.REMOVED).exists()


def test_bulk_removal_asks_first_then_removes_the_ticked_with_one_reason(
    planning: Planning, disciplined: Any
) -> None:
    one, two, fine = disciplined
    client = client_for(planning.editor)
    url = reverse("planning:entries_remove", kwargs={"pk": planning.pl.pk})
    planning.pl.refresh_from_db()
    data = {
        "entry": [str(one.pk), str(fine.pk)],
        "reason": "Chuyển công tác",
        "revision": planning.pl.revision,
    }
    asked = client.post(url, data)
    assert asked.status_code == 200 and "Lê Văn Một" in text(asked) and "Lê Văn Hai" not in text(asked)
    assert not PlanningEntry.objects.filter(
        status=EntryStatus.REMOVED
    ).exists()  # nothing before the confirmation
    assert client.post(url, {**data, "reason": " ", "confirmed": "1"}).status_code == 400
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    removed = PlanningEntry.objects.filter(status=EntryStatus.REMOVED)
    assert set(removed.values_list("pk", flat=True)) == {one.pk, fine.pk}
    assert set(removed.values_list("removed_reason", flat=True)) == {"Chuyển công tác"}


def test_bulk_removal_over_a_newer_revision_removes_nothing(planning: Planning, disciplined: Any) -> None:
    one, _, _ = disciplined
    with pytest.raises(services.StaleError):
        services.planning_entries_remove(
            planning_list=planning.pl, entry_ids=[one.pk], user=planning.editor, reason="x", revision=0
        )
    assert not PlanningEntry.objects.filter(status=EntryStatus.REMOVED).exists()
