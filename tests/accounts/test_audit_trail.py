"""The whole audit trail (issue 14): organizations, memberships, users and rule sets are tracked, and
command-line changes are attributed to a person (--by) or the operating-system user, never blank."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Membership, Role, User
from apps.accounts.operators import os_operator
from apps.accounts.selectors import history_rows
from apps.organizations.models import Organization
from apps.people.models import Official
from apps.rules.models import RuleSet
from tests.authz.world import World
from tests.imports.files import write_csv

pytestmark = pytest.mark.django_db
ORG_HEADERS = ["Mã", "Tên", "Cấp", "Mã cấp trên"]


def org_file(tmp_path: Path) -> Path:
    rows = [
        {"Mã": "TINH_X", "Tên": "Tỉnh X", "Cấp": "Tỉnh"},
        {"Mã": "HUYEN_X", "Tên": "Huyện X", "Cấp": "Huyện", "Mã cấp trên": "TINH_X"},
    ]
    return write_csv(tmp_path / "org.csv", ORG_HEADERS, rows)


def test_an_organizations_import_leaves_a_trace_with_the_os_user(tmp_path: Path) -> None:
    call_command("import_organizations", str(org_file(tmp_path)), stdout=io.StringIO())
    (created,) = history_rows(Organization.objects.get(code="HUYEN_X"))
    assert created.who == os_operator() and created.who.startswith("os:")
    assert ("Tên", "", "Huyện X") in created.changes


def test_by_names_the_person(tmp_path: Path) -> None:
    person = User.objects.create(username="chuyenvien", full_name="Lê Thị Chuyên")
    call_command("import_organizations", str(org_file(tmp_path)), "--by", "chuyenvien", stdout=io.StringIO())
    (created,) = history_rows(Organization.objects.get(code="TINH_X"))
    assert created.who == str(person)
    with pytest.raises(CommandError) as raised:
        call_command("import_organizations", str(org_file(tmp_path)), "--by", "khong_co")
    assert raised.value.returncode == 2


def test_a_planning_import_by_command_is_attributed(tmp_path: Path, world: World) -> None:
    from apps.planning.services import PLANNING_COLUMNS

    row = {"STT": "1", "Họ và tên": "Đỗ Văn Mới", "Ngày sinh": "01/01/1980", "Giới tính": "Nam",
           "Đơn vị công tác": world.A.code, "Chức danh quy hoạch": "UV_BCH"}  # fmt: skip
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [row])
    args = ["import_planning", str(path), "--org", world.A.code, "--term", "2025-2030", "--kind", "next"]
    call_command(*args, stdout=io.StringIO())
    (created,) = history_rows(Official.objects.get(full_name="Đỗ Văn Mới"))
    assert created.who == os_operator()  # before: "hệ thống"


def test_a_role_change_in_the_admin_shows_old_and_new(world: World) -> None:
    membership = Membership.objects.get(user__username="authz_viewer")
    superuser = User.objects.create_superuser("root", password="x", full_name="Quản Trị")
    client = Client()
    client.force_login(superuser)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    data = {"user": membership.user_id, "organization": membership.organization_id, "role": Role.EDITOR}
    assert client.post(url, data).status_code == 302
    change = history_rows(membership)[0]
    assert change.who == "Quản Trị"
    assert ("Vai trò", "Xem", "Biên tập") in change.changes


def test_rule_sets_and_users_are_tracked(world: World) -> None:
    rule_set = RuleSet.objects.first()
    assert rule_set is not None
    rule_set.name = rule_set.name + " (sửa)"
    rule_set.save()
    assert rule_set.events.count() >= 1  # type: ignore[attr-defined]
    user = User.objects.get(username="authz_viewer")
    user.is_staff = True
    user.set_password("mat-khau-moi")
    user.save()
    event = user.events.order_by("-pgh_id").first()  # type: ignore[attr-defined]
    assert event.is_staff is True and not hasattr(event, "password")  # never the password hash
