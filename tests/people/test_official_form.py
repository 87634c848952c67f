"""Creating and editing officials: Vietnamese validation, dd/mm/yyyy dates, scoped workplaces."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from apps.core.calendar import years_before
from apps.people.forms import OfficialForm
from apps.people.models import Official
from tests.authz.cases_people import official_form_data
from tests.authz.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():  # type: ignore[no-untyped-def]
    with translation.override("vi"):
        yield


def new_data(world: World, **changes: Any) -> dict[str, Any]:
    data = official_form_data(world.official_a, full_name="Phạm Thị Dung", national_id="", sex="F")
    data.pop("revision")
    data.update(changes)
    return data


def form_for(world: World, actor: str = "editor", **changes: Any) -> OfficialForm:
    return OfficialForm(new_data(world, **changes), user=world.users[actor])


def test_valid_form_reads_dd_mm_yyyy(world: World) -> None:
    form = form_for(world, birth_date="05/03/1980", party_admission_date="19/05/2005")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"].isoformat() == "1980-03-05"
    assert form.cleaned_data["party_admission_date"].isoformat() == "2005-05-19"


def test_impossible_date_is_refused_in_vietnamese(world: World) -> None:
    form = form_for(world, birth_date="31/02/1970")
    assert not form.is_valid()
    assert form.errors["birth_date"] == [
        "Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 15/03/1968."
    ]


def test_birth_date_not_in_the_future_and_at_least_18(world: World) -> None:
    today = timezone.localdate()
    future = form_for(world, birth_date=years_before(today, -1).strftime("%d/%m/%Y"))
    assert future.errors["birth_date"] == ["Ngày sinh không được sau ngày hôm nay."]
    young = form_for(world, birth_date=years_before(today, 17).strftime("%d/%m/%Y"))
    assert young.errors["birth_date"] == ["Cán bộ phải đủ 18 tuổi trở lên."]
    exactly_18 = form_for(world, birth_date=years_before(today, 18).strftime("%d/%m/%Y"))
    assert exactly_18.is_valid(), exactly_18.errors


@pytest.mark.parametrize("value", ["12345", "1234567890123", "00107800000A"])
def test_national_id_has_12_digits(world: World, value: str) -> None:
    form = form_for(world, national_id=value)
    assert not form.is_valid()
    assert "12" in form.errors["national_id"][0]


def test_national_id_is_unique_among_officials_everywhere(world: World) -> None:
    # official_b works in B, outside the editor's scope: the number is still taken
    form = form_for(world, national_id=world.official_b.national_id)
    assert form.errors["national_id"] == ["Số định danh cá nhân này đã được dùng cho một cán bộ khác."]
    spaced = form_for(world, national_id=" 0010 8000 9999 ")  # as often copied from a card
    assert spaced.is_valid(), spaced.errors
    assert spaced.cleaned_data["national_id"] == "001080009999"


def test_editing_keeps_its_own_national_id(world: World) -> None:
    data = official_form_data(world.official_a)
    form = OfficialForm(data, instance=world.official_a, user=world.users["editor"])
    assert form.is_valid(), form.errors


def test_retirement_override_needs_a_reason(world: World) -> None:
    form = form_for(world, retirement_override="31/12/2040")
    assert form.errors["retirement_override_reason"] == ["Hãy ghi lý do điều chỉnh ngày nghỉ hưu."]
    assert form_for(
        world, retirement_override="31/12/2040", retirement_override_reason="Lực lượng vũ trang"
    ).is_valid()


def test_workplaces_are_limited_to_where_the_user_may_edit(world: World) -> None:
    editor_choices = set(OfficialForm(user=world.users["editor"]).fields["organization"].queryset)
    assert editor_choices == {world.A, world.A1}
    assert set(OfficialForm(user=world.users["sibling"]).fields["organization"].queryset) == {world.B}
    assert not OfficialForm(user=world.users["parent_approver"]).fields["organization"].queryset.exists()
    outside = form_for(world, organization=world.B.pk)
    assert "organization" in outside.errors


def test_create_view_saves_and_records_who(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])
    response = client.post(reverse("people:create"), new_data(world, national_id="001080000123"))
    official = Official.objects.get(national_id="001080000123")
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:detail", args=[official.pk]
    )
    assert official.updated_by == world.users["editor"]
    assert official.search_name == "pham thi dung"
    page = client.get(response["Location"]).content.decode()
    assert "Tạo mới" in page and "authz_editor" in page


def test_invalid_post_rerenders_with_vietnamese_messages(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])
    response = client.post(
        reverse("people:create"),
        new_data(world, full_name="  ", birth_date="31/02/1970"),
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vui lòng sửa các mục được đánh dấu bên dưới." in html
    assert "Ngày không hợp lệ" in html
    assert not Official.objects.filter(full_name="").exists()


def test_retiring_at_60_needs_a_woman_and_a_legal_basis(world: World) -> None:
    form = form_for(world, retires_at_60="on")
    assert form.errors["retires_at_60_basis"] == ["Hãy ghi căn cứ pháp lý của việc nghỉ hưu ở tuổi 60."]
    form = form_for(world, sex="M", retires_at_60="on", retires_at_60_basis="Chỉ thị 45-CT/TW")
    assert form.errors["retires_at_60"] == ["Chỉ cán bộ nữ mới được nghỉ hưu ở tuổi 60 theo quy định này."]
    assert form_for(world, retires_at_60="on", retires_at_60_basis="Chỉ thị 45-CT/TW").is_valid()
