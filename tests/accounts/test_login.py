"""Logging in and out in Vietnamese, landing on the home page, and the axes lock-out."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.authz.world import PASSWORD, World

pytestmark = pytest.mark.django_db


def test_every_page_but_login_requires_login(client: Client) -> None:
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('people:list')}"


def test_login_page_is_vietnamese(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_login_lands_on_the_home_page_of_the_users_organization(client: Client, world: World) -> None:
    response = client.post(reverse("login"), {"username": "authz_editor", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["home_org"] == world.A
    assert "Huyện A" in response.content.decode()


def test_wrong_password_is_explained_in_vietnamese(client: Client, world: World) -> None:
    response = client.post(reverse("login"), {"username": "authz_editor", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_logout_ends_on_the_login_page(client: Client, world: World) -> None:
    client.force_login(world.users["editor"])  # type: ignore[arg-type]
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_five_failures_lock_the_account_out_in_vietnamese(client: Client, world: World) -> None:
    for _ in range(5):
        client.post(reverse("login"), {"username": "authz_editor", "password": "sai"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        reverse("login"), {"username": "authz_editor", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
