"""Ethnicity is chosen from the 54 groups; a stored value off the list is shown for correction."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from apps.core.ethnicity import ETHNIC_GROUPS, canonical_ethnicity
from apps.people.models import Official
from tests.authz.cases_people import official_form_data
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def editor(world: World) -> Client:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    return client


def test_the_form_offers_the_54_groups_kinh_first(world: World) -> None:
    html = editor(world).get(reverse("people:create")).content.decode()
    select = html[html.index('name="ethnicity"') : html.index("</select>", html.index('name="ethnicity"'))]
    assert select.count("<option") == 1 + 54
    assert select.index(">Kinh<") < select.index(">Ba Na<") < select.index(">Tày<")
    assert '<option value="Kinh" selected>' in select


def test_a_stored_spelling_that_maps_is_proposed_as_listed(world: World) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(ethnicity="tay")
    html = editor(world).get(reverse("people:edit", args=[world.official_a.pk])).content.decode()
    assert '<option value="Tày" selected>' in html
    assert "Đang lưu là “tay”: khi lưu sẽ được ghi đúng là “Tày”." in html


def test_a_stored_value_off_the_list_must_be_corrected(world: World) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(ethnicity="Người Thượng")
    client = editor(world)
    page = client.get(reverse("people:detail", args=[world.official_a.pk])).content.decode()
    assert "cần sửa" in page
    html = client.get(reverse("people:edit", args=[world.official_a.pk])).content.decode()
    assert "Đang lưu là “Người Thượng”, không có trong danh mục 54 dân tộc: hãy chọn dân tộc đúng." in html
    assert '<option value="" selected>' in html
    official = Official.objects.get(pk=world.official_a.pk)
    kept = client.post(
        reverse("people:edit", args=[official.pk]), official_form_data(official, ethnicity="Người Thượng")
    )
    assert kept.status_code == 200  # refused: not kept silently
    assert Official.objects.get(pk=official.pk).ethnicity == "Người Thượng"
    fixed = client.post(
        reverse("people:edit", args=[official.pk]), official_form_data(official, ethnicity="Ê Đê")
    )
    assert fixed.status_code == 302
    official.refresh_from_db()
    assert (official.ethnicity, official.ethnic_minority) == ("Ê Đê", True)


def test_the_migration_writes_stored_spellings_as_listed(world: World) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(ethnicity="tay", ethnic_minority=True)
    Official.objects.filter(pk=world.official_b.pk).update(ethnicity="Người Thượng")
    migration = importlib.import_module("apps.people.migrations.0003_ethnicity_as_listed")
    migration.ethnicity_as_listed(django_apps, None)
    assert Official.objects.get(pk=world.official_a.pk).ethnicity == "Tày"
    assert Official.objects.get(pk=world.official_b.pk).ethnicity == "Người Thượng"


def test_the_tay_filter_finds_what_was_typed_tay_once_written_as_listed(world: World) -> None:
    assert canonical_ethnicity("tay") == "Tày" and len(ETHNIC_GROUPS) == 54
    client = editor(world)
    official = Official.objects.get(pk=world.official_a.pk)
    client.post(reverse("people:edit", args=[official.pk]), official_form_data(official, ethnicity="Tày"))
    html = client.get(reverse("people:list"), {"ethnicity": "Tày"}).content.decode()
    assert official.full_name in html
