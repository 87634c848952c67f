"""The dashboard cold path: the summaries refresh pre-fills the cache of the top scopes, through Django's
cache framework, overwriting what it held; a reader who sees only part of a scope never gets its figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.organizations.models import Term
from apps.planning.models import PlanningList
from apps.reports.selectors import dashboard_cache_fill, dashboard_data
from apps.reports.services import list_summaries_refresh
from apps.reports.services.summaries import _refresh_chunk, dashboard_caches_fill

from .builders import person, plan
from .test_dashboards import Tree, _user, build_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> Tree:
    return build_tree()


def summed_in_sql(action: Any) -> tuple[Any, bool]:
    """The action's result, and whether it summed summary rows (a cache miss) rather than reading them."""
    with CaptureQueriesContext(connection) as queries:
        result = action()
    return result, any("reports_summarycount" in q["sql"] for q in queries.captured_queries)


def test_a_refresh_prefills_the_top_scopes_so_the_first_visit_sums_nothing(tree: Tree) -> None:
    cache.clear()
    list_summaries_refresh()
    for where in (tree.P, tree.A, tree.B):  # depth 0 and 1: the national and province scopes
        for kind in ("", "next", "current"):
            data, missed = summed_in_sql(
                lambda w=where, k=kind: dashboard_data(
                    user=tree.superuser, organization=w, term=tree.term, kind=k
                )
            )
            assert not missed, (where.code, kind)
    _data, missed = summed_in_sql(
        lambda: dashboard_data(user=tree.superuser, organization=tree.A1, term=tree.term)
    )
    assert missed  # a commune is not pre-filled: summed at its first visit
    # the whole page too, as an administrator of the province (first request after the refresh)
    client = Client()
    client.force_login(tree.admin_p)
    url = reverse("reports:dashboard_organization", kwargs={"pk": tree.P.pk})
    response, missed = summed_in_sql(lambda: client.get(url))
    assert response.status_code == 200 and not missed


def test_prefilled_figures_are_the_computed_ones(tree: Tree) -> None:
    cache.clear()
    computed = dashboard_data(user=tree.superuser, organization=tree.P, term=tree.term)
    cache.clear()
    assert dashboard_caches_fill() > 0
    prefilled, missed = summed_in_sql(
        lambda: dashboard_data(user=tree.superuser, organization=tree.P, term=tree.term)
    )
    assert not missed
    assert prefilled["totals"] == computed["totals"] and prefilled["pyramid"] == computed["pyramid"]
    assert [r.organization for r in prefilled["rows"]] == [r.organization for r in computed["rows"]]


def test_a_refresh_overwrites_the_cached_figures(tree: Tree) -> None:
    before = dashboard_data(user=tree.superuser, organization=tree.P, term=tree.term)
    pl = PlanningList.objects.get(organization=tree.A1)
    plan(pl, person("Người mới", dt.date(1999, 1, 1), "F", tree.A1), "UV_BCH")
    list_summaries_refresh(list_ids=[pl.pk])  # a commune's list: its district and the province refilled
    for where in (tree.P, tree.A):
        after, missed = summed_in_sql(
            lambda w=where: dashboard_data(user=tree.superuser, organization=w, term=tree.term)
        )
        assert not missed, where.code
    assert after["totals"].entries  # A's figures
    after_p = dashboard_data(user=tree.superuser, organization=tree.P, term=tree.term)
    assert after_p["totals"].entries == before["totals"].entries + 1
    assert after_p["computed_at"] > before["computed_at"]


def test_stale_cached_figures_are_never_shown(tree: Tree) -> None:
    before = dashboard_data(user=tree.superuser, organization=tree.P, term=tree.term)
    dashboard_cache_fill(organization=tree.P, term=tree.term)
    # the summaries change without a pre-fill (another process wrote them, a pre-fill was lost)
    pl = PlanningList.objects.get(organization=tree.B, kind="next")
    plan(pl, person("Người khác", dt.date(1990, 5, 5), "M", tree.B), "UV_BCH")
    _refresh_chunk([pl.pk], {term.code: term for term in Term.objects.all()})
    data, missed = summed_in_sql(
        lambda: dashboard_data(user=tree.superuser, organization=tree.P, term=tree.term)
    )
    assert missed  # another version: summed again, not read from the cache
    assert data["totals"].entries == before["totals"].entries + 1


def test_no_reader_gets_another_scopes_cached_figures(tree: Tree) -> None:
    """The pre-filled entry of a scope is what a reader of all of it sees; partial readers have their own."""
    list_summaries_refresh()
    whole = dashboard_data(user=tree.superuser, organization=tree.P, term=tree.term)
    # a viewer of district A opens the province's dashboard: only A's lists, never the province's sums
    partial, missed = summed_in_sql(
        lambda: dashboard_data(user=tree.viewer_a, organization=tree.P, term=tree.term)
    )
    assert missed
    only_a = dashboard_data(user=tree.superuser, organization=tree.A, term=tree.term)
    assert partial["totals"].lists == only_a["totals"].lists < whole["totals"].lists
    assert partial["totals"].entries == only_a["totals"].entries
    # and the other way: the viewer's cached entry is not served to the province's readers
    again = dashboard_data(user=tree.admin_p, organization=tree.P, term=tree.term)
    assert again["totals"].lists == whole["totals"].lists
    # a reader of district B only, on district A's pre-filled dashboard: nothing of A
    viewer_b = _user("viewer_b", "viewer", tree.B)
    other = dashboard_data(user=viewer_b, organization=tree.A, term=tree.term)
    assert other["totals"].lists == 0 and other["totals"].entries == 0
    client = Client()
    client.force_login(viewer_b)
    response = client.get(reverse("reports:dashboard_organization", kwargs={"pk": tree.A.pk}))
    assert response.status_code == 404


def test_the_r8_measures_are_prefilled_and_follow_the_summaries(tree: Tree) -> None:
    """The dashboard's R8 measures (stored per organization) are pre-filled by the refresh and follow it."""
    from django.utils import timezone

    from apps.reports.selectors.measures import LONG_HELD_SHOWN, r8_measures, r8_measures_live

    today = timezone.localdate()
    list_summaries_refresh()
    with CaptureQueriesContext(connection) as queries:
        cached = r8_measures(
            organization=tree.P, term=tree.term, today=today, long_held_limit=LONG_HELD_SHOWN
        )
    assert len(queries.captured_queries) == 2  # the stored rows' version, the cache read: pre-filled
    assert dataclasses.replace(cached, computed_on=None) == r8_measures_live(
        organization=tree.P, term=tree.term, today=today, long_held_limit=LONG_HELD_SHOWN
    )
    # a new planned official, refreshed: the measures follow (the age bands count her)
    pl = PlanningList.objects.get(organization=tree.A1)
    plan(pl, person("Người trẻ", dt.date(2000, 1, 1), "F", tree.A1), "UV_BCH")
    list_summaries_refresh(list_ids=[pl.pk])
    after = r8_measures(organization=tree.P, term=tree.term, today=today, long_held_limit=LONG_HELD_SHOWN)
    assert sum(n for _, n in after.age_bands) == sum(n for _, n in cached.age_bands) + 1
    assert dataclasses.replace(after, computed_on=None) == r8_measures_live(
        organization=tree.P, term=tree.term, today=today, long_held_limit=LONG_HELD_SHOWN
    )
