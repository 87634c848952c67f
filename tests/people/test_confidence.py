"""Confidence votes (lấy phiếu tín nhiệm): the grid, the official's history, the review flag on lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.organizations.models import Position
from apps.people.models import ConfidenceVote
from apps.planning.selectors import planning_list_evaluate
from apps.rules.engine import Code, Confidence, RuleParams, Severity, low_confidence_finding
from apps.rules.models import RuleSet
from tests.authz.world import World

pytestmark = pytest.mark.django_db
HELD = dt.date(2025, 11, 20)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_low_share_flags_from_the_threshold() -> None:
    params = RuleParams(code="X")
    assert low_confidence_finding(Confidence("HN", HELD, 20, 10, 29), params) is None  # 49.15 %
    finding = low_confidence_finding(Confidence("Hội nghị BCH", HELD, 10, 10, 20), params)
    assert finding is not None and (finding.code, finding.severity) == (Code.LOW_CONFIDENCE, Severity.WARNING)
    assert finding.message == (
        "Lấy phiếu tín nhiệm tại Hội nghị BCH ngày 20/11/2025: 20/40 phiếu tín nhiệm thấp (50,00 %), "
        "từ 50 % trở lên: cần xem xét lại việc quy hoạch."
    )
    assert (
        low_confidence_finding(
            Confidence("HN", HELD, 10, 10, 20), replace(params, confidence_low_review_percent=60)
        )
        is None
    )


def _incumbent(world: World) -> Any:
    official = world.official_a
    official.current_position = Position.objects.get(code="PHO_BI_THU")
    official.save()
    return official


def test_the_grid_saves_the_counts_and_every_list_planning_the_official_flags_them(world: World) -> None:
    official = _incumbent(world)
    client = client_for(world.users["editor"])
    url = reverse("people:confidence", kwargs={"org_pk": world.A.pk})
    assert f'name="low-{official.pk}"' in client.get(url).content.decode()
    data = {
        "conference": "Hội nghị BCH huyện",
        "held_on": "20/11/2025",
        f"high-{official.pk}": "10",
        f"medium-{official.pk}": "10",
        f"low-{official.pk}": "25",
    }
    assert client.post(url, data).status_code == 302
    vote = ConfidenceVote.objects.get()
    assert (vote.high, vote.medium, vote.low, vote.updated_by) == (10, 10, 25, world.users["editor"])
    result = planning_list_evaluate(planning_list=world.list_a).result
    (entry,) = [r for r in result.entry_results if r.official_id == official.pk]
    assert [f.code for f in entry.findings] == [Code.LOW_CONFIDENCE]
    RuleSet.objects.update(confidence_low_review_percent=80)
    result = planning_list_evaluate(planning_list=world.list_a).result
    assert not [f for r in result.entry_results for f in r.findings if f.code == Code.LOW_CONFIDENCE]
    page = client.get(reverse("people:detail", kwargs={"pk": official.pk})).content.decode()
    assert "Hội nghị BCH huyện" in page and "55,56 %" in page


def test_a_bad_count_writes_nothing_and_names_the_cell(world: World) -> None:
    official = _incumbent(world)
    url = reverse("people:confidence", kwargs={"org_pk": world.A.pk})
    data = {
        "conference": "HN",
        "held_on": "20/11/2025",
        f"high-{official.pk}": "10",
        f"medium-{official.pk}": "-1",
        f"low-{official.pk}": "2",
    }
    response = client_for(world.users["editor"]).post(url, data)
    assert response.status_code == 400 and "“-1”" in response.content.decode().replace(
        "&ldquo;", "“"
    ).replace("&rdquo;", "”")
    assert not ConfidenceVote.objects.exists()
    missing = client_for(world.users["editor"]).post(
        url, {**data, f"medium-{official.pk}": "1", "conference": ""}
    )
    assert missing.status_code == 400 and not ConfidenceVote.objects.exists()


def test_a_viewer_reads_and_cannot_post(world: World) -> None:
    _incumbent(world)
    url = reverse("people:confidence", kwargs={"org_pk": world.A.pk})
    viewer = client_for(world.users["viewer"])
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"conference": "HN", "held_on": "20/11/2025"}).status_code == 403
