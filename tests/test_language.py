"""Vietnamese first: a browser asking for English still gets Vietnamese until the user picks English."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_accept_language_does_not_override_vietnamese(client: Client) -> None:
    response = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_choosing_english_switches_the_interface(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    assert response.status_code == 302
    page = client.get("/dang-nhap/").content.decode()
    assert "Log in to cadreplan" in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/dang-nhap/"})
    assert "Đăng nhập cadreplan" in client.get("/dang-nhap/").content.decode()
