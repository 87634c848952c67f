"""The template teaches: instructions with an example, drop-downs, the user's organizations with codes."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from apps.core.education import EDUCATION_LEVELS
from apps.core.ethnicity import ETHNIC_GROUPS
from apps.organizations.models import Position
from apps.people.models import Official
from apps.planning.services import PLANNING_COLUMNS, planning_import
from tests.authz.world import World

pytestmark = pytest.mark.django_db


def workbook_for(world: World, actor: str, url: str) -> openpyxl.Workbook:
    client = Client()
    client.force_login(world.users[actor])  # type: ignore[arg-type]
    response = client.get(url)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def validations(sheet) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Header name -> its data validation."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        first = str(validation.sqref).split(":")[0]
        column = openpyxl.utils.cell.column_index_from_string("".join(c for c in first if c.isalpha()))
        found[PLANNING_COLUMNS[column - 1]] = validation
    return found


def test_the_blank_template_has_its_drop_downs_instructions_and_codes(world: World) -> None:
    book = workbook_for(world, "editor", reverse("planning:template"))
    assert book.sheetnames == ["Danh sách quy hoạch", "Hướng dẫn", "Tổ chức", "Danh mục"]
    table = book.worksheets[0]
    assert [c.value for c in table[1]] == PLANNING_COLUMNS and table.max_row == 1  # no data row to import
    found = validations(table)
    assert set(found) == {
        "Giới tính",
        "Chức danh quy hoạch",
        "Đối tượng",
        "Lý luận chính trị",
        "Dân tộc",
        "Trình độ chuyên môn",
    }
    assert found["Giới tính"].type == "list" and found["Giới tính"].formula1 == '"Nam,Nữ"'
    assert found["Đối tượng"].formula1 == '"1,2"'
    assert found["Lý luận chính trị"].formula1 == '"Sơ cấp,Trung cấp,Cao cấp,Cử nhân"'
    assert str(found["Giới tính"].sqref) == "D2:D5001"
    lists = book["Danh mục"]
    ethnic_range = found["Dân tộc"].formula1
    assert ethnic_range == "'Danh mục'!$D$2:$D$55"
    assert sorted(lists.cell(row, 4).value for row in range(2, 56)) == sorted(ETHNIC_GROUPS)
    # education levels: a drop-down that still takes a subject after the level (a warning, not a stop)
    education = found["Trình độ chuyên môn"]
    assert education.formula1 == "'Danh mục'!$G$2:$G$6" and education.errorStyle == "warning"
    assert [lists.cell(row, 7).value for row in range(1, 7)] == ["Trình độ chuyên môn", *EDUCATION_LEVELS]
    positions = Position.objects.count()
    assert found["Chức danh quy hoạch"].formula1 == f"'Danh mục'!$A$2:$A${positions + 1}"
    assert {lists.cell(row, 2).value for row in range(2, positions + 2)} == set(
        Position.objects.values_list("code", flat=True)
    )
    # the editor's organizations (A and its commune A1), with their codes; not the sibling's B
    orgs = book["Tổ chức"]
    rows = [[c.value for c in row] for row in orgs.iter_rows(min_row=1)]
    assert rows[0] == ["Mã", "Tên", "Cấp", "Trực thuộc"]
    assert [r[:2] for r in rows[1:]] == [["AUTHZ_A", "Huyện A"], ["AUTHZ_A1", "Xã A1"]]
    assert rows[2][3] == "Huyện A"
    help_text = " ".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "mỗi dòng là một cán bộ cho một chức danh quy hoạch" in help_text
    assert "Mã tổ chức nơi cán bộ công tác" in help_text and "Đối tượng 1 và 2" in help_text
    assert "Nguyễn Thị Hoa" in help_text  # the example row


def test_the_export_is_the_same_workbook_with_the_rows(world: World) -> None:
    book = workbook_for(world, "editor", reverse("planning:export", kwargs={"pk": world.list_a.pk}))
    assert book.sheetnames[0] == "Danh sách quy hoạch" and "Hướng dẫn" in book.sheetnames
    table = book.worksheets[0]
    assert table.max_row == 1 + world.list_a.entries.filter(status="active").count()
    assert "Giới tính" in validations(table)


def test_the_example_row_of_the_instructions_imports(world: World, tmp_path: Path) -> None:
    """Copy the example row into the table, write a code for the organization: the import takes it."""
    book = workbook_for(world, "editor", reverse("planning:template"))
    help_sheet = book["Hướng dẫn"]
    header_row = next(
        row
        for row in help_sheet.iter_rows()
        if [c.value for c in row[: len(PLANNING_COLUMNS)]] == PLANNING_COLUMNS
    )
    example = [c.value for c in help_sheet[header_row[0].row + 1][: len(PLANNING_COLUMNS)]]
    example[PLANNING_COLUMNS.index("Đơn vị công tác")] = "AUTHZ_A1"
    example[PLANNING_COLUMNS.index("Dân tộc")] = "tay"  # typed by hand
    example[PLANNING_COLUMNS.index("Chức danh quy hoạch")] = Position.objects.first().name  # type: ignore[union-attr]
    table = book.worksheets[0]
    for col, value in enumerate(example, start=1):
        table.cell(2, col, value)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    result = planning_import(
        file=path, organization=world.A, term=world.list_a.term, kind="next", dry_run=False
    )
    assert result.ok, [str(e) for e in result.errors]
    assert Official.objects.get(national_id="001178000123").ethnicity == "Tày"
