"""The admin speaks Vietnamese, third-party apps included (axes, pghistory, Django's theme toggle)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User

ENGLISH = (
    "Axes",
    "AXES",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Pghistory",
    "Events",
    "Toggle theme",
)


@pytest.mark.django_db
def test_the_admin_index_has_no_english_app_or_model_names() -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("root_admin", password="x-long-password-1"))
    html = client.get(reverse("admin:index")).content.decode()
    assert "Bảo vệ đăng nhập" in html and "Các lần đăng nhập" in html and "Nhật ký đăng nhập" in html
    assert "Lịch sử thay đổi" in html and "Các sự kiện thay đổi" in html
    assert "Đổi giao diện sáng/tối" in html
    assert [word for word in ENGLISH if word in html] == []
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Chọn lần đăng nhập để thay đổi" in attempts and "access attempt" not in attempts
