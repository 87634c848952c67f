"""Two-factor login (issue 14, item 7): required of administrators and approvers, optional for others;
enrolment with a QR code, the code after the password, backup codes that work once, wrong codes counted
by the lockout, an administrator's audited reset, and the Django admin behind the same step."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.sites import site
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import TOTPDeviceEvent, User
from tests.authz import world as world_module
from tests.authz.test_matrix import CASES
from tests.authz.world import PASSWORD, World
from tests.two_factor import code_from_secret, current_code, pass_second_factor, password_only_login

pytestmark = pytest.mark.django_db
VERIFY = reverse("two_factor_verify")
SETUP = reverse("two_factor_setup")
HOME = reverse("home")


@pytest.fixture(autouse=True)
def _fast(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    # every login below hashes the password: a cheap hasher for this module
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world_module._password_hash.cache_clear()
    yield
    world_module._password_hash.cache_clear()


def login_password(client: Client, username: str, **meta: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, **meta)


def enrol(client: Client, username: str) -> list[str]:
    """Log in with the password, enrol with a code computed from the secret shown, return the backup codes."""
    assert login_password(client, username)["Location"] == HOME
    page = client.get(HOME, follow=True)
    assert page.redirect_chain[-1][0].startswith(SETUP)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)  # type: ignore[union-attr]
    done = client.post(SETUP, {"action": "confirm", "code": code_from_secret(secret), "next": HOME})
    assert done.status_code == 200
    return list(done.context["codes"])


def unthrottle(user: User) -> None:
    """Forget django-otp's back-off after a wrong code (1 s, doubling), which its own test shows."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def log_out(client: Client) -> None:
    client.post(reverse("logout"))


# --- who must pass it ------------------------------------------------------------------------------


def test_an_approver_reaches_no_page_without_the_second_step(world: World) -> None:
    client = Client()
    password_only_login(client, world.users["parent_approver"])
    step_pages = {"two_factor_verify", "two_factor_setup", "logout", "login"}
    checked = 0
    for case in CASES:
        if case.method != "GET" or case.url in step_pages:
            continue
        url = reverse(case.url, kwargs=case.kwargs(world)) + (f"?{case.query}" if case.query else "")
        response = client.get(url, headers={"HX-Request": "true"} if case.htmx else {})
        if case.htmx:
            assert response.status_code == 204 and response["HX-Redirect"].startswith(SETUP), case.id
        else:
            assert response.status_code == 302 and response["Location"].startswith(SETUP), case.id
        checked += 1
    assert checked > 50
    # with an authenticator enrolled, the same pages ask for the code instead
    TOTPDevice.objects.create(user=world.users["parent_approver"], name="app", confirmed=True)
    client = Client()
    password_only_login(client, world.users["parent_approver"])
    response = client.get(reverse("people:list"))
    assert response["Location"] == f"{VERIFY}?next={reverse('people:list')}"


def test_the_django_admin_asks_for_the_code_too(world: World) -> None:
    root = User.objects.create_user("root2fa", password=PASSWORD, is_staff=True, is_superuser=True)
    client = Client()
    password_only_login(client, root)
    response = client.get("/quan-tri/accounts/user/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    pass_second_factor(client, root)
    assert client.get("/quan-tri/accounts/user/").status_code == 200


def test_a_viewer_logs_in_with_the_password_alone(client: Client, world: World) -> None:
    response = login_password(client, "authz_viewer")
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("people:list")).status_code == 200
    assert not TOTPDevice.objects.filter(user=world.users["viewer"]).exists()


# --- enrolment and the second step ----------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_key_then_the_code_is_asked_at_every_login(world: World) -> None:
    client = Client()
    login_password(client, "authz_approver")
    page = client.get(SETUP)
    html = page.content.decode()
    assert "Thiết lập xác thực hai bước" in html
    assert re.search(
        r'<img class="otp-qr" src="data:image/svg\+xml', html
    )  # no script: the CSP allows data: images
    assert "<script>" not in html and "script-src 'self'" in page["Content-Security-Policy"]
    assert "otpauth://" not in html or "secret=" not in html.split("otp-qr")[0]
    assert client.get(reverse("people:list"))["Location"].startswith(SETUP)  # nothing else before it
    log_out(client)

    codes = enrol(client, "authz_approver")
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("people:list")).status_code == 200
    device = TOTPDevice.objects.get(user=world.users["parent_approver"])
    assert device.confirmed
    log_out(client)

    # next login: the code page, a wrong code refused, the right one lets in
    assert login_password(client, "authz_approver")["Location"] == HOME
    assert client.get(HOME)["Location"] == f"{VERIFY}?next={HOME}"
    wrong = client.post(VERIFY, {"code": "000000" if current_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    assert client.get(HOME)["Location"].startswith(VERIFY)
    unthrottle(world.users["parent_approver"])
    # (the code of this 30 s step was spent by the enrolment: a code is accepted once)
    right = client.post(
        VERIFY, {"code": current_code(device, offset_steps=1), "next": reverse("people:list")}
    )
    assert right.status_code == 302 and right["Location"] == reverse("people:list")
    assert client.get(reverse("people:list")).status_code == 200


def test_a_code_is_accepted_once_and_a_foreign_next_is_ignored(world: World) -> None:
    user = world.users["admin"]
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    password_only_login(client, user)
    code = current_code(device)
    response = client.post(VERIFY, {"code": code, "next": "https://example.com/"})
    assert response["Location"] == HOME
    other = Client()
    password_only_login(other, user)
    assert other.post(VERIFY, {"code": code}).status_code == 200  # replayed within its 30 s: refused
    assert other.get(HOME).status_code == 302


def test_a_backup_code_works_once(world: World) -> None:
    client = Client()
    codes = enrol(client, "authz_admin")
    log_out(client)
    login_password(client, "authz_admin")
    assert client.post(VERIFY, {"code": codes[0]})["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert StaticToken.objects.filter(device__user=world.users["admin"]).count() == 9
    log_out(client)
    login_password(client, "authz_admin")
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and "Mã không đúng" in again.content.decode()
    assert client.get(HOME)["Location"].startswith(VERIFY)
    unthrottle(world.users["admin"])
    assert client.post(VERIFY, {"code": codes[1]})["Location"] == HOME


def test_new_backup_codes_replace_the_old_ones(world: World) -> None:
    client = Client()
    old = enrol(client, "authz_admin")
    page = client.post(SETUP, {"action": "renew"})
    new = list(page.context["codes"])
    assert len(new) == 10 and not set(new) & set(old)
    assert "chỉ hiện một lần" in page.content.decode()
    assert "chỉ hiện một lần" not in client.get(SETUP).content.decode()  # shown once
    log_out(client)
    login_password(client, "authz_admin")
    assert client.post(VERIFY, {"code": old[0]}).status_code == 200
    unthrottle(world.users["admin"])
    assert client.post(VERIFY, {"code": new[0]})["Location"] == HOME


def test_an_optional_user_may_turn_it_on_and_off(world: World) -> None:
    client = Client()
    login_password(client, "authz_editor")
    assert client.get(HOME).status_code == 200  # optional: nothing asked
    page = client.get(SETUP)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)  # type: ignore[union-attr]
    assert client.post(SETUP, {"action": "confirm", "code": code_from_secret(secret)}).status_code == 200
    log_out(client)
    login_password(client, "authz_editor")
    assert client.get(HOME)["Location"].startswith(VERIFY)  # once on, asked at every login
    device = TOTPDevice.objects.get(user=world.users["editor"])
    client.post(VERIFY, {"code": current_code(device, offset_steps=1)})  # the enrolment's code is spent
    assert client.post(SETUP, {"action": "disable"})["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=world.users["editor"]).exists()
    log_out(client)
    login_password(client, "authz_editor")
    assert client.get(HOME).status_code == 200


def test_a_required_user_cannot_turn_it_off(world: World) -> None:
    client = Client()
    enrol(client, "authz_approver")
    assert client.post(SETUP, {"action": "disable"}).status_code == 200
    assert TOTPDevice.objects.filter(user=world.users["parent_approver"], confirmed=True).exists()


def test_a_wrong_enrolment_code_turns_nothing_on(world: World) -> None:
    client = Client()
    login_password(client, "authz_approver")
    client.get(SETUP)
    response = client.post(SETUP, {"action": "confirm", "code": "12"})
    assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.users["parent_approver"], confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=world.users["parent_approver"]).exists()
    assert client.get(HOME)["Location"].startswith(SETUP)


# --- lockout ------------------------------------------------------------------------------------


def test_wrong_codes_count_as_failed_logins_and_lock_the_user(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # django-otp's own back-off (2^n s) is turned off here to show the lockout alone
    monkeypatch.setattr(TOTPDevice, "get_throttle_factor", lambda self: 0)
    monkeypatch.setattr(StaticDevice, "get_throttle_factor", lambda self: 0)
    TOTPDevice.objects.create(user=world.users["admin"], name="app", confirmed=True)
    client = Client()
    for attempt in range(5):
        # signing in again with the password (attempts 2 and 4) does not forget the wrong codes
        if attempt in (0, 2, 4):
            login_password(client, "authz_admin", REMOTE_ADDR="10.1.1.1")
        response = client.post(VERIFY, {"code": "000001"}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429 and "tạm thời bị khóa" in response.content.decode()
    assert client.get(HOME)["Location"].startswith(reverse("login"))  # the half-open session ended
    refused = login_password(client, "authz_admin", REMOTE_ADDR="10.1.1.2")  # locked across addresses
    assert refused.status_code == 429
    assert AccessAttempt.objects.filter(username="authz_admin").exists()


def test_the_right_code_forgets_the_failed_attempts(world: World) -> None:
    device = TOTPDevice.objects.create(user=world.users["admin"], name="app", confirmed=True)
    client = Client()
    login_password(client, "authz_admin")
    client.post(VERIFY, {"code": "000001"})
    assert AccessAttempt.objects.filter(username="authz_admin").exists()
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(VERIFY, {"code": current_code(device)})["Location"] == HOME
    assert not AccessAttempt.objects.filter(username="authz_admin").exists()


def test_the_device_backs_off_after_a_wrong_code(world: World) -> None:
    device = TOTPDevice.objects.create(user=world.users["admin"], name="app", confirmed=True)
    client = Client()
    login_password(client, "authz_admin")
    client.post(VERIFY, {"code": "000001"})
    refused = client.post(VERIFY, {"code": current_code(device)})  # right, but within the back-off
    assert refused.status_code == 200 and "chờ" in refused.content.decode()


# --- an administrator's reset --------------------------------------------------------------------


def test_an_administrator_resets_a_users_two_factor_and_it_is_audited(world: World) -> None:
    approver = world.users["parent_approver"]
    approver_client = Client()
    enrol(approver_client, "authz_approver")
    assert approver_client.get(HOME).status_code == 200
    root = User.objects.create_user("root2fa", password=PASSWORD, is_staff=True, is_superuser=True)
    admin_client = Client()
    password_only_login(admin_client, root)
    pass_second_factor(admin_client, root)
    response = admin_client.post(
        "/quan-tri/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [approver.pk]},
        follow=True,
    )
    assert "Đã đặt lại xác thực hai bước" in response.content.decode(), [
        str(m) for m in response.context["messages"]
    ]
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert not StaticDevice.objects.filter(user=approver).exists()
    # the open session lost its second step at once, and has to enrol again
    assert approver_client.get(HOME, follow=True).redirect_chain[-1][0].startswith(SETUP)
    removed = TOTPDeviceEvent.objects.filter(pgh_label="delete", user_id=approver.pk).get()
    assert removed.pgh_context.metadata["user"] == root.pk
    assert not hasattr(removed, "key")  # the secret is never copied into the trail
    audit = admin_client.get(reverse("audit"), {"person": "root2fa"}).content.decode()
    assert "Ứng dụng xác thực" in audit


def test_the_reset_action_needs_the_change_permission(world: World) -> None:
    staff = User.objects.create_user("staff2fa", password=PASSWORD, is_staff=True)
    request = RequestFactory().get("/quan-tri/accounts/user/")
    request.user = staff
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    actions = site._registry[User].get_actions(request)
    assert "reset_two_factor" not in actions
