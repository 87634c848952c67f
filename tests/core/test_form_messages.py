"""One message per kind of input error: an impossible date, an unknown choice, a reversed range."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.planning.forms import ImportUploadForm
from tests.authz.world import World

DATE_MESSAGE = "Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm (dd/mm/yyyy)"
CHOICE_MESSAGE = "Giá trị này không có trong danh sách lựa chọn: hãy chọn một mục trong danh sách."


@pytest.mark.django_db
def test_an_impossible_date_gets_one_message_in_every_form(world: World) -> None:
    from tests.authz.cases_people import official_form_data

    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    official = client.post(
        reverse("people:edit", args=[world.official_a.pk]),
        official_form_data(world.official_a, birth_date="31/02/1980"),
    )
    upload = ImportUploadForm(
        data={"organization": world.A.pk, "term": "", "kind": "next", "reference_date": "31/02/2025"},
        user=world.users["editor"],
    )
    upload.is_valid()
    assert DATE_MESSAGE in official.content.decode()
    assert [str(e) for e in upload.errors["reference_date"]][0].startswith(DATE_MESSAGE)


@pytest.mark.django_db
def test_an_unknown_organization_gets_the_house_choice_message(world: World) -> None:
    upload = ImportUploadForm(data={"organization": 987654321, "kind": "next"}, user=world.users["editor"])
    upload.is_valid()
    assert [str(e) for e in upload.errors["organization"]] == [CHOICE_MESSAGE]
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    html = client.get(reverse("people:list"), {"org": 987654321}).content.decode()
    assert CHOICE_MESSAGE in html


@pytest.mark.django_db
def test_a_reversed_age_range_is_said_not_silently_empty(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    html = client.get(reverse("people:list"), {"age_min": 50, "age_max": 30}).content.decode()
    assert "“Tuổi từ” không được lớn hơn “Tuổi đến”: hãy đổi chỗ hai giá trị." in html
    # the reversed bound is ignored, not the whole list: the officials aged 50+ (none here) or all
    assert "Tìm thấy" in html


def test_the_import_words_an_impossible_date_as_the_forms_do() -> None:
    from django.utils import translation

    from apps.core.form_messages import INVALID_DATE
    from apps.planning.services import import_format as imp

    shared = "Hãy nhập theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 15/03/1968"
    with translation.override("vi"):
        assert shared in str(INVALID_DATE)
    assert imp.BAD_DATE.format(value="31/02/1980").startswith(
        "Ngày sinh “31/02/1980” không hợp lệ. " + shared
    )
