"""The unit picker searches the whole subtree as you type, within the user's scope only."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.authz.world import World

pytestmark = pytest.mark.django_db


def results(world: World, actor: str, text: str, target: str = "people") -> list[str]:
    client = Client()
    client.force_login(world.users[actor])  # type: ignore[arg-type]
    html = client.get(reverse("organizations:search"), {"q": text, "for": target}, HTTP_HX_REQUEST="true")
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', html.content.decode())


def test_a_commune_is_found_at_once_accents_and_case_ignored(world: World) -> None:
    found = results(world, "parent_approver", "xa a1")
    assert found == [(f"{reverse('people:list')}?org={world.A1.pk}", "Xã A1")]
    assert results(world, "parent_approver", "AUTHZ_A1", "planning") == [
        (f"{reverse('planning:list')}?org={world.A1.pk}", "Xã A1")
    ]


def test_the_picker_never_shows_another_scope(world: World) -> None:
    assert results(world, "sibling", "xa a1") == []
    assert [name for _url, name in results(world, "editor", "huyen")] == ["Huyện A"]


def test_the_picker_is_on_the_officials_and_lists_pages(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    for url in (reverse("people:list"), reverse("planning:list")):
        html = client.get(url).content.decode()
        assert reverse("organizations:search") in html and "Tìm nhanh đơn vị (cả xã, phường)" in html
    # following a result: the filter takes the commune, though the drop-down did not list it
    html = client.get(reverse("people:list"), {"org": world.A1.pk}).content.decode()
    assert world.official_a1.full_name in html and world.official_a.full_name not in html
