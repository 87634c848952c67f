"""One term format (2025–2030) and one percentage format (two decimals, a decimal comma) on the home page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.organizations.models import Term
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def test_terms_are_written_with_an_en_dash_and_shares_with_two_decimals(world: World) -> None:
    assert Term.objects.get(code="2025-2030").years == "2025–2030"
    client = Client()
    client.force_login(world.users["admin"])  # type: ignore[arg-type]
    html = client.get(reverse("home")).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)  # what is read, not the links' query strings
    assert "2025–2030" in text and not re.search(r"\b20\d\d-20\d\d\b", text)
    shares = re.findall(r"(\d+(?:[.,]\d+)?)%", text)
    assert all(re.fullmatch(r"\d+,\d\d", share) for share in shares), shares
