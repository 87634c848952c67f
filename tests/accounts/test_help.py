"""A Vietnamese help page per area, reachable from the "?" of every page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.authz.world import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "topic", "heading"),
    [
        ("people:list", "officials", "Trợ giúp: cán bộ"),
        ("planning:list", "lists", "Trợ giúp: danh sách quy hoạch"),
        ("planning:import", "import", "Trợ giúp: nhập từ tệp"),
        ("reports:index", "reports", "Trợ giúp: báo cáo và bảng điều khiển"),
    ],
)
def test_the_question_mark_leads_to_the_help_of_the_area(
    world: World, page: str, topic: str, heading: str
) -> None:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    html = client.get(reverse(page)).content.decode()
    help_url = reverse("help_topic", args=[topic])
    assert f'class="help-button" href="{help_url}"' in html
    help_page = client.get(help_url).content.decode()
    assert f"<h1>{heading}</h1>" in help_page


def test_the_list_page_explains_target_groups_and_checks(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    html = client.get(reverse("planning:detail", args=[world.list_a.pk])).content.decode()
    assert f"{reverse('help_topic', args=['lists'])}#doi-tuong" in html
    help_page = client.get(reverse("help_topic", args=["lists"])).content.decode()
    assert 'id="doi-tuong"' in help_page and "Đối tượng 1 là cán bộ có chức vụ hiện tại" in help_page
    assert 'id="ket-qua-kiem-tra"' in help_page


def test_an_unknown_help_topic_is_the_vietnamese_404(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    response = client.get(reverse("help_topic", args=["khong-co"]))
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_badges_say_what_they_mean_where_they_appear(world: World) -> None:
    client = Client()
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    html = client.get(reverse("planning:detail", args=[world.list_a.pk])).content.decode()
    assert 'title="Tổ chức đang soạn; chưa trình cấp trên."' in html  # the draft badge
    index = client.get(reverse("planning:list")).content.decode()
    assert 'title="Đã trình cấp trên, đang chờ quyết định; trong lúc này không sửa được."' in index
