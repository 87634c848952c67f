"""Education is a level chosen from a list (with the degree and subject beside it); a stored value off
the list is shown for correction, never silently kept."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from apps.core.education import EDUCATION_LEVELS, education_text, parse_education
from apps.people.models import Official
from apps.rules.engine.standards import EDUCATION_LABELS, education_rank
from tests.authz.cases_people import official_form_data
from tests.authz.world import World


def editor(world: World) -> Client:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    return client


def test_the_levels_are_the_ranks_the_r9_standards_compare() -> None:
    assert [education_rank(level) for level in EDUCATION_LEVELS] == [1, 2, 3, 4, 5]
    assert [level.lower() for level in EDUCATION_LEVELS] == list(EDUCATION_LABELS.values())
    for typed in (
        "Cử nhân Luật",
        "Kỹ sư Xây dựng",
        "Thạc sĩ Luật",
        "Tiến sĩ Kinh tế",
        "Bác sĩ chuyên khoa I",
    ):
        parsed = parse_education(typed)
        assert parsed is not None
        assert education_rank(parsed[0]) == education_rank(typed), typed  # the engine agrees on the text
        assert parse_education(education_text(*parsed)) == parsed  # an export reads back the same


@pytest.mark.django_db
def test_the_form_offers_the_levels_and_the_subject(world: World) -> None:
    html = editor(world).get(reverse("people:create")).content.decode()
    select = html[html.index('name="education"') : html.index("</select>", html.index('name="education"'))]
    assert select.count("<option") == 1 + len(EDUCATION_LEVELS)
    assert select.index(">Trung cấp<") < select.index(">Đại học<") < select.index(">Tiến sĩ<")
    assert 'name="education_subject"' in html and "Văn bằng, chuyên ngành" in html


@pytest.mark.django_db
def test_a_stored_spelling_that_maps_is_proposed_as_a_level(world: World) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(education="ThS Luật", education_subject="")
    html = editor(world).get(reverse("people:edit", args=[world.official_a.pk])).content.decode()
    assert '<option value="Thạc sĩ" selected>' in html
    assert "Đang lưu là “ThS Luật”: khi lưu sẽ được ghi đúng là “Thạc sĩ”." in html
    assert 'name="education_subject" value="Luật"' in html


@pytest.mark.django_db
def test_a_stored_value_naming_no_level_must_be_corrected(world: World) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(education="Tốt nghiệp THPT", education_subject="")
    client = editor(world)
    page = client.get(reverse("people:detail", args=[world.official_a.pk])).content.decode()
    assert "Tốt nghiệp THPT" in page and "cần sửa" in page
    html = client.get(reverse("people:edit", args=[world.official_a.pk])).content.decode()
    assert "Đang lưu là “Tốt nghiệp THPT”, không phải là một trình độ" in html
    select = html[html.index('name="education"') : html.index("</select>", html.index('name="education"'))]
    assert '<option value="" selected>' in select
    assert 'name="education_subject" value="Tốt nghiệp THPT"' in html  # the text is not lost
    official = Official.objects.get(pk=world.official_a.pk)
    kept = client.post(
        reverse("people:edit", args=[official.pk]), official_form_data(official, education="Tốt nghiệp THPT")
    )
    assert kept.status_code == 200  # refused: not kept silently
    assert Official.objects.get(pk=official.pk).education == "Tốt nghiệp THPT"
    fixed = client.post(
        reverse("people:edit", args=[official.pk]),
        official_form_data(official, education="Trung cấp", education_subject="Trung cấp Kế toán"),
    )
    assert fixed.status_code == 302
    official.refresh_from_db()
    assert (official.education, official.education_subject, official.education_is_listed) == (
        "Trung cấp",
        "Trung cấp Kế toán",
        True,
    )


@pytest.mark.django_db
def test_the_migration_writes_stored_text_as_a_level(world: World) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(education="Thạc sĩ Luật", education_subject="")
    Official.objects.filter(pk=world.official_b.pk).update(education="Tốt nghiệp THPT", education_subject="")
    migration = importlib.import_module("apps.people.migrations.0008_education_level_and_subject")
    migration.education_as_level(django_apps, None)
    a = Official.objects.get(pk=world.official_a.pk)
    assert (a.education, a.education_subject) == ("Thạc sĩ", "Luật")
    b = Official.objects.get(pk=world.official_b.pk)
    assert (b.education, b.education_subject, b.education_is_listed) == ("Tốt nghiệp THPT", "", False)
