"""The report form's organization picker: bounded like the filters' (not every organization of a
national scope), scoped to the user, and reaching any organization of theirs through `?org=`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Organization, Term
from apps.reports.models import ComplianceReport

from .builders import org

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Any]:
    """A root, 3 provinces, 4 districts each, 3 communes per district: 52 organizations."""
    root = org("TW", Level.CENTRAL)
    found: dict[str, Any] = {"root": root}
    for p in range(3):
        province = found[f"P{p}"] = org(f"P{p}", Level.PROVINCE, root)
        for d in range(4):
            district = found[f"P{p}D{d}"] = org(f"P{p}D{d}", Level.DISTRICT, province)
            for c in range(3):
                found[f"P{p}D{d}C{c}"] = org(f"P{p}D{d}C{c}", Level.COMMUNE, district)
    national = User.objects.create(username="tw", is_superuser=True)
    editor = User.objects.create(username="tinh1")
    Membership.objects.create(user=editor, organization=found["P1"], role=Role.EDITOR)
    found |= {"national": national, "editor": editor, "term": Term.objects.get(code="2025-2030")}
    return found


def options(user: User, **query: Any) -> list[int]:
    client = Client()
    client.force_login(user)
    html = client.get(reverse("reports:index"), query).content.decode()
    select = re.search(r'<select name="organization".*?</select>', html, re.S)
    assert select is not None
    return [int(pk) for pk in re.findall(r'<option value="(\d+)"', select.group(0))]


def codes(pks: list[int]) -> set[str]:
    return set(Organization.objects.filter(pk__in=pks).values_list("code", flat=True))


def test_a_national_user_gets_the_top_of_the_tree_not_every_organization(tree: dict[str, Any]) -> None:
    shown = options(tree["national"])
    assert Organization.objects.count() == 52
    assert codes(shown) == {"TW", "P0", "P1", "P2"}


def test_a_picked_organization_brings_its_branch(tree: dict[str, Any]) -> None:
    shown = codes(options(tree["national"], org=tree["P2D3"].pk))
    # the top, the province's districts, the district's communes; nothing of the other branches below
    assert {"TW", "P0", "P1", "P2", "P2D0", "P2D3", "P2D3C0", "P2D3C2"} <= shown
    assert not shown & {"P0D0", "P1D0", "P2D2C0"}
    assert len(shown) == 4 + 4 + 3
    page = Client()
    page.force_login(tree["national"])
    html = page.get(reverse("reports:index"), {"org": tree["P2D3"].pk}).content.decode()
    assert f'<option value="{tree["P2D3"].pk}" selected>' in html
    assert reverse("organizations:search") in html and 'for=reports"' in html.replace("&amp;", "&")
    assert "{#" not in html  # the picker's template comment stays a comment


def test_the_picker_stays_in_the_users_scope(tree: dict[str, Any]) -> None:
    shown = codes(options(tree["editor"]))
    assert shown == {"P1", "P1D0", "P1D1", "P1D2", "P1D3"}
    # another province's organization asked for by id: ignored, its name never shown
    client = Client()
    client.force_login(tree["editor"])
    html = client.get(reverse("reports:index"), {"org": tree["P2D1"].pk}).content.decode()
    assert "Đơn vị P2D1" not in html and "Đơn vị P2" not in html
    assert codes(options(tree["editor"], org=tree["P2D1"].pk)) == shown
    # and refused when posted
    response = client.post(
        reverse("reports:index"), {"organization": tree["P2D1"].pk, "term": tree["term"].pk}
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert not ComplianceReport.objects.exists()


def test_any_organization_in_scope_is_accepted_though_not_listed(
    tree: dict[str, Any], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    commune = tree["P1D2C1"]
    assert commune.pk not in options(tree["editor"])
    client = Client()
    client.force_login(tree["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:index"), {"organization": commune.pk, "term": tree["term"].pk}
        )
    assert response.status_code == 302
    assert ComplianceReport.objects.get().organization == commune


def test_the_unit_picker_leads_back_to_the_report_form(tree: dict[str, Any]) -> None:
    client = Client()
    client.force_login(tree["editor"])
    html = client.get(
        reverse("organizations:search"), {"q": "P1D2C1", "for": "reports"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'href="{reverse("reports:index")}?org={tree["P1D2C1"].pk}"' in html
    assert (
        "P2D2C1"
        not in client.get(
            reverse("organizations:search"), {"q": "D2C1", "for": "reports"}, HTTP_HX_REQUEST="true"
        ).content.decode()
    )
