"""Officials by the term, the kind of list and the position they are planned for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.people.models import Official
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def test_officials_by_term_kind_and_planned_position(world: World) -> None:
    Official.objects.create(
        full_name="Đinh Chưa Quy Hoạch", birth_date=dt.date(1980, 1, 1), sex="M", organization=world.A
    )
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]

    def found(**query: object) -> set[str]:
        html = client.get(reverse("people:list"), query).content.decode()
        names = Official.objects.in_subtree(world.A).values_list("full_name", flat=True)  # type: ignore[attr-defined]
        return {name for name in names if f">{name}</a>" in html}

    entry = world.entry_a
    planned, unplanned = entry.official.full_name, "Đinh Chưa Quy Hoạch"
    assert {planned, unplanned} <= found()
    term, kind = world.list_a.term, world.list_a.kind
    for query in ({"plan_position": entry.position_id}, {"plan_term": term.pk}, {"plan_kind": kind},
                  {"plan_term": term.pk, "plan_kind": kind, "plan_position": entry.position_id}):  # fmt: skip
        result = found(**query)
        assert planned in result and unplanned not in result, query
    other_kind = "current" if kind == "next" else "next"
    # together: one entry must meet all of them
    assert planned not in found(plan_term=term.pk, plan_kind=other_kind, plan_position=entry.position_id)
