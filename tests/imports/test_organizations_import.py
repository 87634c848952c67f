"""Organizations import (contracts §4): upsert by code, parents in any order, tree checks, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.core import spreadsheets as tabular
from apps.organizations import services as imp
from apps.organizations.models import Level, Organization
from apps.organizations.services import organizations_import
from tests.imports.files import write, write_csv

pytestmark = pytest.mark.django_db

HEADERS = ["Mã", "Tên", "Cấp", "Mã cấp trên"]


def tree_of() -> dict[str, tuple[str, str, str | None, int]]:
    """code -> (name, level, parent code, depth), checking every stored path against the parent's."""
    found = {}
    for org in Organization.objects.select_related("parent"):
        parent = org.parent
        assert org.path == f"{parent.path if parent else '/'}{org.pk:010d}/"
        found[org.code] = (org.name, org.level, parent.code if parent else None, org.depth)
    return found


def messages(result: imp.OrganizationImportResult) -> list[str]:
    return [str(error) for error in result.errors]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_parents_after_children_and_level_labels(tmp_path: Path, suffix: str) -> None:
    rows = [
        {"Mã": "XA_1", "Tên": "Xã Một", "Cấp": "xã", "Mã cấp trên": "HUYEN_A"},
        {"Mã": "HUYEN_A", "Tên": "Huyện A", "Cấp": "Huyện", "Mã cấp trên": "TINH"},
        {"Mã": "TINH", "Tên": "Tỉnh Minh Sơn", "Cấp": "TỈNH", "Mã cấp trên": ""},
        {"Mã": "CS_1", "Tên": "Chi bộ 1", "Cấp": "grassroots", "Mã cấp trên": "XA_1"},
    ]
    result = organizations_import(file=write(tmp_path / f"org{suffix}", HEADERS, rows))
    assert result.ok, messages(result)
    assert (result.rows, result.organizations_created) == (4, 4)
    assert tree_of() == {
        "TINH": ("Tỉnh Minh Sơn", Level.PROVINCE, None, 0),
        "HUYEN_A": ("Huyện A", Level.DISTRICT, "TINH", 1),
        "XA_1": ("Xã Một", Level.COMMUNE, "HUYEN_A", 2),
        "CS_1": ("Chi bộ 1", Level.GRASSROOTS, "XA_1", 3),
    }


def test_english_headers_in_any_order_and_upsert(tmp_path: Path) -> None:
    headers = ["parent_code", " LEVEL ", "name", "Code"]
    first = [
        {"parent_code": "", " LEVEL ": "province", "name": "Tỉnh", "Code": "TINH"},
        {"parent_code": "TINH", " LEVEL ": "district", "name": "Huyện A", "Code": "HUYEN_A"},
    ]
    organizations_import(file=write_csv(tmp_path / "v1.csv", headers, first))
    # a stored parent is found, a name changes, a new commune joins
    second = [
        {"parent_code": "TINH", " LEVEL ": "Huyện", "name": "Huyện A (mới)", "Code": "HUYEN_A"},
        {"parent_code": "HUYEN_A", " LEVEL ": "Xã", "name": "Xã B", "Code": "XA_B"},
        {"parent_code": "", " LEVEL ": "Tỉnh", "name": "Tỉnh", "Code": "TINH"},
    ]
    result = organizations_import(file=write_csv(tmp_path / "v2.csv", headers, second))
    assert result.ok, messages(result)
    assert (result.organizations_created, result.organizations_updated, result.organizations_unchanged) == (
        1,
        1,
        1,
    )
    assert tree_of()["HUYEN_A"] == ("Huyện A (mới)", Level.DISTRICT, "TINH", 1)
    assert tree_of()["XA_B"] == ("Xã B", Level.COMMUNE, "HUYEN_A", 2)


def test_moving_an_organization_moves_its_stored_subtree(tmp_path: Path) -> None:
    rows = [
        {"Mã": "TINH", "Tên": "Tỉnh", "Cấp": "Tỉnh"},
        {"Mã": "HUYEN_A", "Tên": "Huyện A", "Cấp": "Huyện", "Mã cấp trên": "TINH"},
        {"Mã": "XA_1", "Tên": "Xã 1", "Cấp": "Xã", "Mã cấp trên": "HUYEN_A"},
        {"Mã": "CS_1", "Tên": "Chi bộ", "Cấp": "Cơ sở", "Mã cấp trên": "XA_1"},
    ]
    organizations_import(file=write_csv(tmp_path / "v1.csv", HEADERS, rows))
    # 1/7/2025: the district level goes; the commune moves under the province with its grassroots unit
    moved = [
        {"Mã": "XA_1", "Tên": "Xã 1", "Cấp": "Xã", "Mã cấp trên": "TINH"},
        {"Mã": "TINH2", "Tên": "Tỉnh mới", "Cấp": "Tỉnh"},
    ]
    result = organizations_import(file=write_csv(tmp_path / "v2.csv", HEADERS, moved))
    assert result.ok, messages(result)
    stored = tree_of()
    assert stored["XA_1"] == ("Xã 1", Level.COMMUNE, "TINH", 1)
    assert stored["CS_1"] == ("Chi bộ", Level.GRASSROOTS, "XA_1", 2)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    rows = [{"Mã": "TINH", "Tên": "Tỉnh", "Cấp": "Tỉnh"}]
    result = organizations_import(file=write_csv(tmp_path / "org.csv", HEADERS, rows), dry_run=True)
    assert result.ok and result.organizations_created == 1
    assert not Organization.objects.exists()


def stored_province() -> None:
    Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)


BAD: dict[str, tuple[list[dict[str, str]], list[str]]] = {
    "cycle": (
        [
            {"Mã": "A", "Tên": "A", "Cấp": "Huyện", "Mã cấp trên": "B"},
            {"Mã": "B", "Tên": "B", "Cấp": "Huyện", "Mã cấp trên": "A"},
        ],
        ["Dòng 2, cột Mã cấp trên: " + imp.CYCLE.format(chain="A → B → A")],
    ),
    "own parent": (
        [{"Mã": "A", "Tên": "A", "Cấp": "Huyện", "Mã cấp trên": "A"}],
        ["Dòng 2, cột Mã cấp trên: " + imp.OWN_PARENT],
    ),
    "unknown parent": (
        [{"Mã": "XA", "Tên": "Xã", "Cấp": "Xã", "Mã cấp trên": "KHONG_CO"}],
        ["Dòng 2, cột Mã cấp trên: " + imp.UNKNOWN_PARENT.format(code="KHONG_CO")],
    ),
    "parent of a lower level": (
        [
            {"Mã": "XA", "Tên": "Xã", "Cấp": "Xã", "Mã cấp trên": "TINH"},
            {"Mã": "H", "Tên": "Huyện", "Cấp": "Huyện", "Mã cấp trên": "XA"},
        ],
        [
            "Dòng 3, cột Mã cấp trên: "
            + imp.PARENT_NOT_HIGHER.format(parent="XA", parent_level="Xã", child="H", child_level="Huyện")
        ],
    ),
    "parent of the same level": (
        [{"Mã": "T2", "Tên": "Tỉnh 2", "Cấp": "Tỉnh", "Mã cấp trên": "TINH"}],
        [
            "Dòng 2, cột Mã cấp trên: "
            + imp.PARENT_NOT_HIGHER.format(parent="TINH", parent_level="Tỉnh", child="T2", child_level="Tỉnh")
        ],
    ),
    "unknown level": (
        [{"Mã": "A", "Tên": "A", "Cấp": "Quận", "Mã cấp trên": "TINH"}],
        ["Dòng 2, cột Cấp: " + imp.UNKNOWN_LEVEL.format(value="Quận")],
    ),
    "duplicate code": (
        [
            {"Mã": "A", "Tên": "A", "Cấp": "Huyện", "Mã cấp trên": "TINH"},
            {"Mã": "A", "Tên": "A bis", "Cấp": "Huyện", "Mã cấp trên": "TINH"},
        ],
        ["Dòng 3, cột Mã: " + imp.DUPLICATE_CODE.format(code="A", row=2)],
    ),
    "empty name": (
        [{"Mã": "A", "Tên": "", "Cấp": "Huyện", "Mã cấp trên": "TINH"}],
        ["Dòng 2, cột Tên: " + imp.REQUIRED_CELL],
    ),
    "name too long": (
        [{"Mã": "A", "Tên": "x" * 10_000, "Cấp": "Huyện", "Mã cấp trên": "TINH"}],
        ["Dòng 2, cột Tên: " + tabular.CELL_TOO_LONG.format(length=10_000, limit=255)],
    ),
    "demoting the parent of a stored child": (
        [{"Mã": "TINH", "Tên": "Tỉnh", "Cấp": "Cơ sở"}],
        ["Dòng 2, cột Cấp: " + imp.CHILD_NOT_LOWER.format(level="Cơ sở", child="HUYEN", child_level="Huyện")],
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_rows_reject_the_whole_file(tmp_path: Path, case: str) -> None:
    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    Organization.objects.create(code="HUYEN", name="Huyện", level=Level.DISTRICT, parent=province)
    rows, expected = BAD[case]
    good = {"Mã": "TINH_MOI", "Tên": "Tỉnh mới", "Cấp": "Tỉnh", "Mã cấp trên": ""}
    before = sorted(Organization.objects.values_list("code", "name", "level", "parent_id", "path"))
    result = organizations_import(file=write_csv(tmp_path / "org.csv", HEADERS, [*rows, good]))
    assert messages(result) == expected
    assert sorted(Organization.objects.values_list("code", "name", "level", "parent_id", "path")) == before


def test_a_cycle_through_a_stored_organization(tmp_path: Path) -> None:
    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    Organization.objects.create(code="HUYEN", name="Huyện", level=Level.DISTRICT, parent=province)
    rows = [{"Mã": "TINH", "Tên": "Tỉnh", "Cấp": "Tỉnh", "Mã cấp trên": "HUYEN"}]
    result = organizations_import(file=write_csv(tmp_path / "org.csv", HEADERS, rows))
    assert messages(result) == ["Dòng 2, cột Mã cấp trên: " + imp.CYCLE.format(chain="TINH → HUYEN → TINH")]


def test_missing_columns(tmp_path: Path) -> None:
    result = organizations_import(
        file=write_csv(tmp_path / "org.csv", ["Mã", "Tên"], [{"Mã": "A", "Tên": "A"}])
    )
    assert messages(result) == ["Dòng 1, cột Cấp: " + tabular.MISSING_COLUMN.format(header="Cấp")]


def stored_tree(tmp_path: Path) -> None:
    rows = [
        {"Mã": "TINH", "Tên": "Tỉnh", "Cấp": "Tỉnh", "Mã cấp trên": ""},
        {"Mã": "HUYEN_A", "Tên": "Huyện A", "Cấp": "Huyện", "Mã cấp trên": "TINH"},
        {"Mã": "XA_X4", "Tên": "Xã X4", "Cấp": "Xã", "Mã cấp trên": "HUYEN_A"},
        {"Mã": "CS_1", "Tên": "Chi bộ 1", "Cấp": "Cơ sở", "Mã cấp trên": "XA_X4"},
    ]
    assert organizations_import(file=write_csv(tmp_path / "tree.csv", HEADERS, rows)).ok


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_file_without_the_parent_column_keeps_stored_parents(tmp_path: Path, suffix: str) -> None:
    stored_tree(tmp_path)
    before = tree_of()
    rows = [{"Mã": "XA_X4", "Tên": "Xã X4 (đổi tên)", "Cấp": "Xã"}]
    result = organizations_import(file=write(tmp_path / f"rename{suffix}", ["Mã", "Tên", "Cấp"], rows))
    assert result.ok, messages(result)
    assert (result.organizations_created, result.organizations_updated, result.organizations_unchanged) == (
        0,
        1,
        0,
    )
    assert tree_of() == {**before, "XA_X4": ("Xã X4 (đổi tên)", Level.COMMUNE, "HUYEN_A", 2)}
    assert tree_of()["CS_1"] == ("Chi bộ 1", Level.GRASSROOTS, "XA_X4", 3)


def test_a_file_without_the_parent_column_unchanged_rows_and_new_roots(tmp_path: Path) -> None:
    stored_tree(tmp_path)
    before = tree_of()
    rows = [
        {"Mã": "HUYEN_A", "Tên": "Huyện A", "Cấp": "Huyện"},
        {"Mã": "TINH_MOI", "Tên": "Tỉnh mới", "Cấp": "Tỉnh"},
    ]
    result = organizations_import(file=write_csv(tmp_path / "org.csv", ["Mã", "Tên", "Cấp"], rows))
    assert result.ok, messages(result)
    assert (result.organizations_created, result.organizations_updated, result.organizations_unchanged) == (
        1,
        0,
        1,
    )
    assert tree_of() == {**before, "TINH_MOI": ("Tỉnh mới", Level.PROVINCE, None, 0)}


def test_a_file_without_the_parent_column_still_checks_levels(tmp_path: Path) -> None:
    stored_tree(tmp_path)
    before = tree_of()
    rows = [{"Mã": "XA_X4", "Tên": "Xã X4", "Cấp": "Tỉnh"}]
    result = organizations_import(file=write_csv(tmp_path / "org.csv", ["Mã", "Tên", "Cấp"], rows))
    assert messages(result) == [
        "Dòng 2, cột Cấp: "
        + imp.PARENT_NOT_HIGHER.format(
            parent="HUYEN_A", parent_level="Huyện", child="XA_X4", child_level="Tỉnh"
        ),
    ]
    assert tree_of() == before


def test_an_empty_parent_cell_in_a_present_column_makes_a_root(tmp_path: Path) -> None:
    stored_tree(tmp_path)
    rows = [{"Mã": "XA_X4", "Tên": "Xã X4", "Cấp": "Xã", "Mã cấp trên": ""}]
    result = organizations_import(file=write_csv(tmp_path / "org.csv", HEADERS, rows))
    assert result.ok, messages(result)
    stored = tree_of()
    assert stored["XA_X4"] == ("Xã X4", Level.COMMUNE, None, 0)
    assert stored["CS_1"] == ("Chi bộ 1", Level.GRASSROOTS, "XA_X4", 1)
