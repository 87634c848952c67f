"""The approver's queue ("Chờ tôi phê duyệt"), the lists with errors and the home page's links to them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.organizations.models import Term
from apps.planning.models import ListKind, ListStatus, PlanningList
from apps.reports.selectors import approval_queue, lists_review_due, lists_with_errors
from apps.reports.services import list_summaries_refresh
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submitted(world: World, org: Any, days_ago: int) -> PlanningList:
    return PlanningList.objects.create(
        organization=org,
        term=Term.objects.get(code="2020-2025"),
        kind=ListKind.NEXT,
        reference_date=dt.date(2020, 6, 1),
        status=ListStatus.SUBMITTED,
        submitted_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_the_queue_holds_the_lists_the_user_may_approve_oldest_first(world: World) -> None:
    newer = _submitted(world, world.B, 1)
    older = _submitted(world, world.A1, 5)
    approver = world.users["parent_approver"]
    queue = [row.planning_list.pk for row in approval_queue(user=approver)]
    assert queue.index(older.pk) < queue.index(newer.pk)
    assert world.list_a_submitted.pk in queue
    # A's editor and viewer may not approve A's lists; B's editor sees none of A
    assert approval_queue(user=world.users["editor"]) == []
    assert approval_queue(user=world.users["sibling"]) == []


def test_the_queue_page_shows_the_counts_and_links_to_the_approval(world: World) -> None:
    list_summaries_refresh(list_ids=[world.list_a_submitted.pk])
    page = client_for(world.users["parent_approver"]).get(reverse("reports:queue"))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("planning:approve", kwargs={"pk": world.list_a_submitted.pk}) in body
    assert f'id="queue-{world.list_a_submitted.pk}"' in body


def test_lists_with_errors_come_from_the_stored_summaries(world: World) -> None:
    list_summaries_refresh(list_ids=list(PlanningList.objects.values_list("pk", flat=True)))
    with_errors = {row.planning_list.pk for row in lists_with_errors(user=world.users["admin"])}
    from apps.reports.models import ListSummary  # noqa: PLC0415

    assert with_errors == set(
        ListSummary.objects.filter(errors__gt=0).values_list("planning_list_id", flat=True)
    )
    page = client_for(world.users["admin"]).get(reverse("reports:queue") + "?show=errors")
    assert page.status_code == 200


def test_the_home_figures_link_to_the_filtered_lists(world: World) -> None:
    home = client_for(world.users["parent_approver"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("reports:queue")}"' in home  # the queue card: one list waits
    assert f'href="{reverse("reports:queue")}?show=errors"' in home
    term = world.list_a_submitted.term_id
    assert re.search(
        rf'href="{reverse("planning:list")}\?term={term}&amp;kind=current&amp;status=submitted"', home
    )
    editor_home = client_for(world.users["editor"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("reports:queue")}"' not in editor_home  # nothing to approve: no card


def test_a_confirmed_review_is_recorded_and_leaves_the_review_due_list(world: World) -> None:
    from apps.planning import services  # noqa: PLC0415

    today = timezone.localdate()
    editor = world.users["editor"]
    # never reviewed: due once the list is a year old (the one definition, review_due_q)
    assert world.list_a.pk not in {r.planning_list.pk for r in lists_review_due(user=editor, today=today)}
    PlanningList.objects.filter(pk=world.list_a.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    assert world.list_a.pk in {r.planning_list.pk for r in lists_review_due(user=editor, today=today)}
    url = reverse("planning:removal_triggers", kwargs={"pk": world.list_a.pk})
    world.list_a.refresh_from_db()
    assert client_for(editor).post(url, {"revision": world.list_a.revision}).status_code == 302
    world.list_a.refresh_from_db()
    assert world.list_a.last_reviewed_on == today
    assert world.list_a.pk not in {r.planning_list.pk for r in lists_review_due(user=editor, today=today)}
    a_year_on = today.replace(year=today.year + 1)
    assert world.list_a.pk in {r.planning_list.pk for r in lists_review_due(user=editor, today=a_year_on)}
    # the home page's card links to the lists still due: the editor's other year-old lists
    PlanningList.objects.exclude(pk=world.list_a.pk).update(
        created_at=timezone.now() - dt.timedelta(days=400)
    )
    home = client_for(editor).get(reverse("home")).content.decode()
    assert f'href="{reverse("reports:queue")}?show=review"' in home
    assert services.planning_list_apply_removal_triggers(planning_list=world.list_a, user=editor) == []
