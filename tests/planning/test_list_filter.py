"""The planning-lists filter lists a bounded part of the tree, as the officials filter does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.organizations.models import Level, Organization
from tests.authz.world import World
from tests.people.test_official_list import client_for, org_options

pytestmark = pytest.mark.django_db
LISTS = reverse("planning:list")


def test_planning_org_dropdown_lists_the_top_of_the_scope_and_the_chosen_branch(world: World) -> None:
    grassroots = Organization.objects.create(
        code="AUTHZ_A1_G", name="Chi bộ G", level=Level.GRASSROOTS, parent=world.A1
    )
    editor: Client = client_for(world, "editor")  # editor of A: A and its children, not the grandchildren
    assert org_options(editor.get(LISTS).content.decode()) == ["Tất cả", "Huyện A", "Xã A1"]
    assert "Chi bộ G" in org_options(editor.get(LISTS, {"org": world.A1.pk}).content.decode())
    # a deep organization of the scope is accepted by id and shown chosen
    deep = editor.get(LISTS, {"org": grassroots.pk}).content.decode()
    assert f'<option value="{grassroots.pk}" selected>' in deep
    # one outside the scope is refused, and never listed
    outside = editor.get(LISTS, {"org": world.B.pk})
    assert outside.status_code == 200 and "Huyện B" not in org_options(outside.content.decode())
