"""Organization pages: a tree limited to the user's subtree, an organization's officials and lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.organizations.models import Level, Organization
from apps.people.models import Official
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def client_for(world: World, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])  # type: ignore[arg-type]
    return client


def test_tree_starts_at_the_users_highest_organizations(world: World) -> None:
    roots = client_for(world, "editor").get(reverse("organizations:tree")).context["roots"]
    assert roots == [world.A]
    assert roots[0].tree_children == [world.A1]
    assert roots[0].official_count == 1 and roots[0].child_count == 1
    admin_roots = client_for(world, "admin").get(reverse("organizations:tree")).context["roots"]
    assert admin_roots == [world.P]
    assert set(admin_roots[0].tree_children) == {world.A, world.B}


def test_children_fragment_loads_one_level(world: World) -> None:
    response = client_for(world, "admin").get(
        reverse("organizations:children", args=[world.A.pk]), headers={"HX-Request": "true"}
    )
    assert [n.pk for n in response.context["nodes"]] == [world.A1.pk]
    assert "<html" not in response.content.decode()


def test_organization_page_shows_its_officials_lists_and_breadcrumbs(world: World) -> None:
    response = client_for(world, "editor").get(reverse("organizations:detail", args=[world.A1.pk]))
    assert [o.full_name for o in response.context["page_obj"]] == ["Trần Thị Bình"]
    assert response.context["ancestors"] == [world.A]  # P is outside the editor's scope
    lists = (
        client_for(world, "editor").get(reverse("organizations:detail", args=[world.A.pk])).context["lists"]
    )
    assert {pl.pk for pl in lists} == {world.list_a.pk, world.list_a_submitted.pk}
    assert {pl.entry_count for pl in lists} == {1}


def test_a_large_tree_renders_in_bounded_queries(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world, "editor")

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    tree, detail = reverse("organizations:tree"), reverse("organizations:detail", args=[world.A.pk])
    # tree: session, user, memberships, roots, their children, child counts, official counts
    # detail: session, user, memberships, the organization, ancestors, children, child counts,
    # official counts, officials count, officials page, planning lists
    before = (queries(tree), queries(detail))
    assert before == (7, 11)
    for i in range(12):
        commune = Organization.objects.create(
            code=f"X{i}", name=f"Xã {i}", level=Level.COMMUNE, parent=world.A
        )
        for j in range(3):
            Official.objects.create(
                full_name=f"Cán Bộ {i} {j}", birth_date=dt.date(1980, 1, 1), sex="M", organization=commune
            )
            Official.objects.create(
                full_name=f"Ở Huyện {i} {j}", birth_date=dt.date(1980, 1, 1), sex="F", organization=world.A
            )
    assert (queries(tree), queries(detail)) == before
    with django_assert_max_num_queries(11):
        client.get(detail, {"page": 2})
