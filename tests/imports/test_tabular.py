"""Reading tables: CSV dialects, xlsx row numbers, limits, and the history context of an import."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pghistory.models import Context

from apps.accounts.models import User
from apps.core import spreadsheets as tabular
from apps.core.spreadsheets import Cell, RowError, TabularError, header_key, tabular_read
from apps.organizations.models import Organization, Term
from apps.people.models import Official
from apps.planning.services import PLANNING_COLUMNS, planning_import
from tests.imports.files import write_table, write_xlsx
from tests.imports.samples import an, binh


def read_all(path: Path) -> tuple[list[str], list[tuple[int, dict[str, Cell]]]]:
    table = tabular_read(file=path)
    return table.headers, list(table.rows)


def test_row_error_text() -> None:
    assert str(RowError(3, "Giới tính", "Sai.")) == "Dòng 3, cột Giới tính: Sai."
    assert str(RowError(2, "", "Trống.")) == "Dòng 2: Trống."
    assert str(RowError(0, "", "Tệp hỏng.")) == "Tệp hỏng."


def test_header_key_ignores_case_spaces_and_normal_form() -> None:
    assert header_key("  HỌ VÀ TÊN ") == header_key("Họ và tên") == header_key("Ho\u0323 va\u0300 te\u0302n")


def test_csv_with_semicolons_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes('\ufeffMã;Tên\r\nA;Xã Một\r\n\r\nB;"Xã; Hai"\r\n'.encode())
    headers, rows = read_all(path)
    assert headers == ["Mã", "Tên"]
    assert rows == [(2, {"mã": "A", "tên": "Xã Một"}), (4, {"mã": "B", "tên": "Xã; Hai"})]


def test_xlsx_rows_keep_the_numbers_excel_shows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx", ["Mã", "Ngày"], [{"Mã": "A"}, {}, {"Mã": "=1+1", "Ngày": dt.date(1970, 3, 1)}]
    )
    headers, rows = read_all(path)
    assert headers == ["Mã", "Ngày"]
    assert rows == [(2, {"mã": "A", "ngày": None}), (4, {"mã": "=1+1", "ngày": dt.datetime(1970, 3, 1)})]


def test_a_csv_cell_over_the_csv_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Mã,Tên\nA,B\nC," + "x" * (tabular.MAX_CSV_FIELD + 1) + "\n", encoding="utf-8")
    with pytest.raises(TabularError) as raised:
        read_all(path)
    assert str(raised.value) == "Dòng 3: " + tabular.CELL_TOO_LONG_CSV.format(limit=tabular.MAX_CSV_FIELD)


def test_duplicate_headers(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Mã,Tên, mã \n1,2,3\n", encoding="utf-8")
    with pytest.raises(TabularError) as raised:
        read_all(path)
    assert str(raised.value) == "Dòng 1, cột mã: " + tabular.DUPLICATE_HEADER.format(
        header="mã", first=1, second=3
    )


def test_missing_file() -> None:
    with pytest.raises(TabularError) as raised:
        tabular_read(file="/nonexistent/ds.xlsx")
    assert str(raised.value) == tabular.FILE_NOT_FOUND.format(name="ds.xlsx")


@pytest.mark.django_db
def test_import_records_its_source_and_user(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    user = User.objects.create_user(username="canbo", password="x")
    buffer = io.BytesIO()
    write_table(file=buffer, filename="ds.xlsx", headers=PLANNING_COLUMNS, rows=[an(), binh()])
    buffer.seek(0)
    result = planning_import(
        file=buffer, filename="ds.xlsx", organization=tree["HUYEN_A"], term=term, kind="next", user=user
    )
    assert result.ok
    assert set(Official.objects.values_list("updated_by", flat=True)) == {user.pk}
    contexts = Context.objects.filter(metadata__source="import")
    assert [c.metadata["user"] for c in contexts] == [user.pk]


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 600_000)
    with pytest.raises(TabularError) as raised:
        tabular_read(file=path)
    assert str(raised.value) == tabular.FILE_TOO_LARGE.format(name="big.csv", limit=2)
