"""The planning lists index finds the lists that plan an official, by name, accents optional."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.text import fold_name
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def test_lists_by_the_name_of_a_planned_official(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    name = world.entry_a.official.full_name
    html = client.get(reverse("planning:list"), {"q": fold_name(name)}).content.decode()
    assert reverse("planning:detail", args=[world.list_a.pk]) in html
    nobody = client.get(reverse("planning:list"), {"q": "khong ai ten nay"}).content.decode()
    assert reverse("planning:detail", args=[world.list_a.pk]) not in nobody
    assert 'name="q"' in nobody
