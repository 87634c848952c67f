import pytest

from apps.accounts.access import Action, can, can_approve
from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Organization
from apps.people.models import Official

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Organization]:
    province = Organization.objects.create(code="P", name="Tỉnh", level=Level.PROVINCE)
    a = Organization.objects.create(code="A", name="Huyện A", level=Level.DISTRICT, parent=province)
    b = Organization.objects.create(code="B", name="Huyện B", level=Level.DISTRICT, parent=province)
    a1 = Organization.objects.create(code="A1", name="Xã A1", level=Level.COMMUNE, parent=a)
    return {"P": province, "A": a, "B": b, "A1": a1}


def user_with(role: str, org: Organization, name: str) -> User:
    user = User.objects.create_user(username=name, password="x")
    Membership.objects.create(user=user, organization=org, role=role)
    return user


def test_roles_apply_to_the_subtree_only(tree: dict[str, Organization]) -> None:
    editor = user_with(Role.EDITOR, tree["A"], "ed")
    assert can(editor, Action.EDIT, tree["A1"].path)
    assert can(editor, Action.READ, tree["A"].path)
    assert not can(editor, Action.READ, tree["B"].path)
    assert not can(editor, Action.READ, tree["P"].path)
    viewer = user_with(Role.VIEWER, tree["A"], "vi")
    assert can(viewer, Action.READ, tree["A1"].path)
    assert not can(viewer, Action.EDIT, tree["A1"].path)


def test_approver_approves_children_not_itself(tree: dict[str, Organization]) -> None:
    approver = user_with(Role.APPROVER, tree["P"], "ap")
    assert can_approve(approver, tree["A"].path)
    assert not can_approve(approver, tree["P"].path)
    assert not can(approver, Action.EDIT, tree["A"].path)


def test_scoped_queryset_hides_other_organizations(tree: dict[str, Organization]) -> None:
    import datetime

    for org in tree.values():
        Official.objects.create(
            full_name=f"Cán bộ {org.code}", birth_date=datetime.date(1980, 1, 1), sex="M", organization=org
        )
    editor = user_with(Role.EDITOR, tree["A"], "ed")
    names = set(Official.objects.for_user(editor).values_list("full_name", flat=True))
    assert names == {"Cán bộ A", "Cán bộ A1"}
    nobody = User.objects.create_user(username="nobody", password="x")
    assert not Official.objects.for_user(nobody).exists()


def test_official_derived_fields_fold_accents_and_nfc() -> None:
    import datetime
    import unicodedata

    org = Organization.objects.create(code="X", name="X", level=Level.COMMUNE)
    person = Official.objects.create(
        full_name="Nguyễn Văn Đạt",
        birth_date=datetime.date(1980, 1, 1),
        sex="M",
        organization=org,
        ethnicity="Tày",
    )
    assert person.search_name == "nguyen van dat"
    assert person.ethnic_minority
    assert unicodedata.is_normalized("NFC", person.full_name)
