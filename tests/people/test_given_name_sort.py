"""Officials can be sorted by given name (tên), the last word, as Vietnamese lists usually are."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.people.models import Official
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/can-bo/\d+/"[^>]*>([^<]+)</a></td>', html)


def test_sort_by_given_name_and_back(world: World) -> None:
    for name in ("Trần Thử Bình", "Lê Thử Cường", "Nguyễn Thử An", "Phạm Thử Anh", "Đỗ Thử Ánh"):
        Official.objects.create(full_name=name, birth_date=dt.date(1980, 1, 1), sex="M", organization=world.A)
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    by_given = names(client.get(reverse("people:list"), {"sort": "given", "q": "thu"}).content.decode())
    assert by_given == [
        "Nguyễn Thử An",
        "Đỗ Thử Ánh",
        "Phạm Thử Anh",
        "Trần Thử Bình",
        "Lê Thử Cường",
    ]  # Anh = Ánh: then by họ
    reverse_order = names(client.get(reverse("people:list"), {"sort": "-given", "q": "thu"}).content.decode())
    assert reverse_order == list(reversed(by_given))
    by_full_name = names(client.get(reverse("people:list"), {"q": "thu"}).content.decode())
    assert by_full_name[0] == "Đỗ Thử Ánh"  # the default stays the full name (họ first)
    page = client.get(reverse("people:list")).content.decode()
    assert "theo tên" in page and "sort=given" in page
