"""Dashboard summaries after web changes, returned lists, posted revisions, the official picker, the admin."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.organizations.models import Position
from apps.people.services import official_update
from apps.planning import services
from apps.planning.forms import ERR_BAD_REVISION, EntryAddForm
from apps.planning.models import ListStatus, PlanningEntry, PlanningList
from apps.reports import signals as report_signals
from apps.reports.models import ListSummary
from tests.planning.conftest import Planning

pytestmark = pytest.mark.django_db

BORN_ELIGIBLE = dt.date(1980, 5, 10)


def decided() -> dt.date:
    """A decision date the approval accepts: today (not after today, not before the submission)."""
    return timezone.localdate()


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def position(code: str) -> Position:
    return Position.objects.get(code=code)


def submitted(planning: Planning) -> PlanningList:
    planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU")
    services.planning_list_submit(planning_list=planning.pl, user=planning.editor)
    planning.pl.refresh_from_db()
    return planning.pl


def approved(planning: Planning) -> PlanningList:
    pl = submitted(planning)
    services.planning_list_approve(
        planning_list=pl,
        user=planning.approver,
        decision_number="12-QĐ/TU",
        decision_date=decided(),
    )
    pl.refresh_from_db()
    return pl


# --- 1. Summaries refreshed after changes ---------------------------------------------------------------


def test_entry_add_and_submit_refresh_the_list_summary(
    planning: Planning, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE)
    binh = planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F")
    assert not ListSummary.objects.filter(planning_list=planning.pl).exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.planning_entry_add(
            planning_list=planning.pl, official=an, position=position("BI_THU"), user=planning.editor
        )
    assert len(callbacks) == 1
    summary = ListSummary.objects.get(planning_list=planning.pl)
    assert (summary.entries, summary.women, summary.status) == (1, 0, ListStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.planning_entry_add(
            planning_list=planning.pl, official=binh, position=position("PHO_BI_THU"), user=planning.editor
        )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.planning_list_submit(planning_list=planning.pl, user=planning.editor)
    assert len(callbacks) == 1
    summary = ListSummary.objects.get(planning_list=planning.pl)
    assert (summary.entries, summary.women, summary.status) == (2, 1, ListStatus.SUBMITTED)


def test_workflow_services_queue_a_refresh_of_the_list(
    planning: Planning, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    entry = planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.planning_entry_remove(entry=entry, user=planning.editor, reason="Chuyển công tác")
    assert len(callbacks) == 1
    assert ListSummary.objects.get(planning_list=planning.pl).entries == 0
    pl = approved(planning)  # plans a second official, submits and approves
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        new = services.planning_list_new_version(planning_list=pl, user=planning.editor)
    assert len(callbacks) == 1
    assert ListSummary.objects.filter(planning_list=new).exists()


def test_editing_a_planned_official_refreshes_the_lists_that_plan_them(
    planning: Planning, django_capture_on_commit_callbacks, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE)
    planning.plan(an, "BI_THU")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        official_update(official_id=an.pk, revision=an.revision, user=planning.editor, data={"sex": "F"})
    assert len(callbacks) == 1
    assert ListSummary.objects.get(planning_list=planning.pl).women == 1
    lone = planning.official("Lê Văn Cường", BORN_ELIGIBLE)
    queued: list[object] = []
    monkeypatch.setattr(report_signals.summaries_refresh, "delay", lambda **kwargs: queued.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        official_update(official_id=lone.pk, revision=lone.revision, user=planning.editor, data={"sex": "F"})
    assert queued == []  # an official no list plans refreshes no summary


# --- 2. A returned list forgets the rule set it was submitted under ------------------------------------


def test_return_clears_the_rule_set_used(planning: Planning) -> None:
    pl = submitted(planning)
    assert pl.rule_set_used is not None
    services.planning_list_return(planning_list=pl, user=planning.approver, comment="Bổ sung")
    pl.refresh_from_db()
    assert pl.status == ListStatus.RETURNED and pl.rule_set_used is None


# --- 3. A missing or invalid posted revision changes nothing -------------------------------------------


@pytest.mark.parametrize("data", [{}, {"revision": "abc"}, {"revision": "0"}])
def test_submit_with_a_missing_or_invalid_revision_is_refused(planning: Planning, data: dict) -> None:
    planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU")
    url = reverse("planning:submit", kwargs={"pk": planning.pl.pk})
    response = client_for(planning.editor).post(url, data, follow=True)
    assert response.status_code == 200
    assert str(ERR_BAD_REVISION) in text(response)
    planning.pl.refresh_from_db()
    assert (planning.pl.status, planning.pl.revision) == (ListStatus.DRAFT, 1)


def test_approve_return_add_and_remove_with_an_invalid_revision_change_nothing(planning: Planning) -> None:
    entry = planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU")
    other = planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F")
    editor = client_for(planning.editor)
    kwargs = {"pk": planning.pl.pk}
    add = editor.post(
        reverse("planning:entry_add", kwargs=kwargs),
        {"official": other.pk, "position": position("PHO_BI_THU").pk, "revision": "abc"},
    )
    assert add.status_code == 200 and str(ERR_BAD_REVISION) in text(add)
    remove = editor.post(
        reverse("planning:entry_remove", kwargs={**kwargs, "entry_pk": entry.pk}),
        {"reason": "Chuyển công tác"},
    )
    assert remove.status_code == 200 and str(ERR_BAD_REVISION) in text(remove)
    assert PlanningEntry.objects.filter(planning_list=planning.pl, status="active").count() == 1
    services.planning_list_submit(planning_list=planning.pl, user=planning.editor)
    approver = client_for(planning.approver)
    approve = approver.post(
        reverse("planning:approve", kwargs=kwargs),
        {"decision_number": "1-QĐ", "decision_date": "01/07/2025", "revision": "x"},
    )
    assert approve.status_code == 200 and str(ERR_BAD_REVISION) in text(approve)
    returned = approver.post(reverse("planning:return", kwargs=kwargs), {"comment": "Sửa lại"})
    assert returned.status_code == 200 and str(ERR_BAD_REVISION) in text(returned)
    planning.pl.refresh_from_db()
    assert (planning.pl.status, planning.pl.revision) == (ListStatus.SUBMITTED, 2)


# --- 4. Only officials of the list's organization subtree can be planned -------------------------------


def test_add_refuses_an_official_outside_the_lists_subtree(planning: Planning) -> None:
    # the province admin may read every official of P, but D's list takes only officials of D and below
    outside = planning.official("Phạm Văn Dũng", BORN_ELIGIBLE, org=planning.B)
    inside = planning.official("Hoàng Văn Em", BORN_ELIGIBLE, org=planning.C)
    with pytest.raises(services.PlanningError) as refused:
        services.planning_entry_add(
            planning_list=planning.pl, official=outside, position=position("BI_THU"), user=planning.admin
        )
    assert "Huyện D" in str(refused.value) and "không công tác" in str(refused.value)
    assert not planning.pl.entries.exists()
    form = EntryAddForm(user=planning.admin, planning_list=planning.pl)
    assert set(form.fields["official"].queryset) == {inside}
    url = reverse("planning:entry_add", kwargs={"pk": planning.pl.pk})
    admin = client_for(planning.admin)
    response = admin.post(url, {"official": outside.pk, "position": position("BI_THU").pk, "revision": 1})
    assert response.status_code == 200 and not planning.pl.entries.exists()
    search = reverse("planning:official_search", kwargs={"pk": planning.pl.pk})
    found = text(admin.get(search, {"q": "van"}))
    assert "Hoàng Văn Em" in found and "Phạm Văn Dũng" not in found
    services.planning_entry_add(
        planning_list=planning.pl, official=inside, position=position("BI_THU"), user=planning.admin
    )


# --- 5. The admin cannot change frozen lists -----------------------------------------------------------


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create(username="root", full_name="Quản trị", is_superuser=True, is_staff=True)


def test_admin_shows_an_approved_list_read_only_and_refuses_changes(
    planning: Planning, superuser: User
) -> None:
    pl = approved(planning)
    entry = pl.entries.get()
    client = client_for(superuser)
    change_url = reverse("admin:planning_planninglist_change", args=[pl.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content and b'name="status"' not in page.content
    assert client.post(change_url, {"status": ListStatus.DRAFT}).status_code == 403
    delete_url = reverse("admin:planning_planninglist_delete", args=[pl.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    entry_url = reverse("admin:planning_planningentry_change", args=[entry.pk])
    assert client.post(entry_url, {"status": "removed"}).status_code == 403
    assert (
        client.post(
            reverse("admin:planning_planningentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    pl.refresh_from_db()
    assert pl.status == ListStatus.APPROVED and pl.entries.filter(status="active").count() == 1


def test_admin_edits_a_draft_but_never_its_status_or_revision(planning: Planning, superuser: User) -> None:
    page = client_for(superuser).get(reverse("admin:planning_planninglist_change", args=[planning.pl.pk]))
    assert page.status_code == 200
    assert b'name="_save"' in page.content
    assert b'name="status"' not in page.content and b'name="revision"' not in page.content
