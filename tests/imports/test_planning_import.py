"""Planning import (contracts §5) on real .csv and .xlsx files: rules, matching, idempotence, round trip."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import spreadsheets as tabular
from apps.organizations.models import Level, Organization, Position, Term, TermLevelStart
from apps.people.models import Official
from apps.planning.models import EntryStatus, ListStatus, PlanningEntry, PlanningList
from apps.planning.services import PLANNING_COLUMNS, ImportResult, planning_export_rows, planning_import
from apps.planning.services import import_format as imp
from tests.imports.files import write, write_csv, write_table, write_xlsx
from tests.imports.samples import an, binh, counts

pytestmark = pytest.mark.django_db

NEXT_REFERENCE = dt.date(2025, 6, 1)  # start of the 2025-2030 term: the default reference of a next list


def run(path: Path, tree: dict[str, Organization], term: Term, **options: Any) -> ImportResult:
    options.setdefault("kind", "next")
    return planning_import(file=path, organization=tree["HUYEN_A"], term=term, **options)


def the_list(result: ImportResult) -> PlanningList:
    assert result.planning_list_id is not None, [str(e) for e in result.errors]
    return PlanningList.objects.get(pk=result.planning_list_id)


def messages(result: ImportResult) -> list[str]:
    return [str(error) for error in result.errors]


def snapshot() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    officials = list(
        Official.objects.order_by("id").values_list(
            "id",
            "full_name",
            "birth_date",
            "birth_year_only",
            "sex",
            "ethnicity",
            "ethnic_minority",
            "national_id",
            "organization_id",
            "current_position_id",
            "current_position_title",
            "education",
            "political_theory",
            "revision",
            "updated_at",
        )
    )
    entries = list(
        PlanningEntry.objects.order_by("id").values_list(
            "id", "planning_list_id", "official_id", "position_id", "target_group_override", "note", "status"
        )
    )
    return officials, entries


# --- accepted files ---------------------------------------------------------------------------------------


def test_csv_creates_list_officials_and_entries(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), binh()], bom=True)
    result = run(path, tree, term)
    assert result.ok, messages(result)
    assert (result.rows, result.officials_created, result.entries_created) == (2, 2, 2)
    planning_list = the_list(result)
    assert (planning_list.status, planning_list.reference_date, planning_list.version) == (
        ListStatus.DRAFT,
        NEXT_REFERENCE,
        1,
    )
    b = Official.objects.get(national_id="001182000123")
    assert (b.full_name, b.sex, b.birth_date, b.birth_year_only) == (
        "Trần Thị Bình",
        "F",
        dt.date(1982, 9, 2),
        False,
    )
    assert (b.ethnicity, b.ethnic_minority, b.organization, b.education, b.education_subject) == (
        "Tày",
        True,
        tree["XA_1"],
        "Thạc sĩ",
        "Luật",
    )
    assert b.current_position == Position.objects.get(code="PCT_UBND")
    assert b.current_position_title == "Phó Chủ tịch UBND"
    assert b.political_theory == "cao_cap"
    assert b.search_name == "tran thi binh"
    entry = PlanningEntry.objects.get(official=b)
    assert (entry.position.code, entry.target_group_override, entry.note, entry.status) == (
        "CT_UBND",
        None,
        "Luân chuyển năm 2023",
        EntryStatus.ACTIVE,
    )
    a = Official.objects.get(full_name="Nguyễn Văn An")
    assert (a.ethnicity, a.ethnic_minority, a.national_id, a.current_position, a.current_position_title) == (
        "Kinh",
        False,
        None,
        None,
        "",
    )


def test_headers_match_ignoring_case_spaces_and_order(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    headers = ["  chức danh QUY HOẠCH ", "HỌ VÀ TÊN", "giới tính", " Ngày sinh", "đơn vị công tác"]
    nfd_headers = [unicodedata.normalize("NFD", h) for h in headers]
    row = an()
    rows = [
        dict(
            zip(
                nfd_headers,
                [
                    row[h]
                    for h in ["Chức danh quy hoạch", "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị công tác"]
                ],
                strict=True,
            )
        )
    ]
    result = run(write_csv(tmp_path / "ds.csv", nfd_headers, rows), tree, term)
    assert result.ok, messages(result)
    assert result.entries_created == 1


def test_xlsx_date_cells_numbers_and_leading_zero_id(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    rows = [
        an(**{"Ngày sinh": dt.datetime(1975, 3, 15), "Số định danh": 12345678901, "Đối tượng": 2, "STT": 1}),
        binh(**{"Ngày sinh": dt.date(1982, 9, 2), "Số định danh": 1182000123.0, "Đối tượng": 1.0}),
    ]
    result = run(write_xlsx(tmp_path / "ds.xlsx", PLANNING_COLUMNS, rows), tree, term)
    assert result.ok, messages(result)
    a = Official.objects.get(full_name="Nguyễn Văn An")
    assert (a.birth_date, a.national_id) == (dt.date(1975, 3, 15), "012345678901")
    assert Official.objects.get(full_name="Trần Thị Bình").national_id == "001182000123"
    # group 2 differs from PHO_BI_THU's default (1): stored as an override; group 1 equals the default
    assert PlanningEntry.objects.get(official=a).target_group_override == 2
    assert PlanningEntry.objects.get(official__full_name="Trần Thị Bình").target_group_override is None


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_year_only_birth_date(tmp_path: Path, tree: dict[str, Organization], term: Term, suffix: str) -> None:
    year: Any = 1975 if suffix == ".xlsx" else "1975"
    result = run(write(tmp_path / f"ds{suffix}", PLANNING_COLUMNS, [an(**{"Ngày sinh": year})]), tree, term)
    assert result.ok, messages(result)
    official = Official.objects.get()
    assert (official.birth_date, official.birth_year_only) == (dt.date(1975, 1, 1), True)


def test_reimporting_the_same_file_changes_nothing(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    path = write_csv(
        tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), binh(), binh(**{"Chức danh quy hoạch": "UV_BTV"})]
    )
    first = run(path, tree, term)
    assert first.ok and (first.officials_created, first.entries_created) == (2, 3)
    before = snapshot()
    again = run(path, tree, term)
    assert again.ok, messages(again)
    assert (again.officials_created, again.officials_updated, again.officials_unchanged) == (0, 0, 2)
    assert (again.entries_created, again.entries_updated, again.entries_unchanged) == (0, 0, 3)
    assert again.planning_list_id == first.planning_list_id and not again.list_created
    assert snapshot() == before


def test_matched_official_is_updated_with_the_files_values(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    run(write_csv(tmp_path / "v1.csv", PLANNING_COLUMNS, [binh()]), tree, term)
    official = Official.objects.get()
    changed = binh(
        **{
            "Đơn vị công tác": "HUYEN_A",
            "Chức vụ hiện tại": "Chuyên viên Ban Tổ chức",
            "Trình độ chuyên môn": "Tiến sĩ Luật",
            "Lý luận chính trị": "Cử nhân",
            "Dân tộc": "",
            "Đối tượng": "2",
            "Ghi chú": "Đã bổ sung",
        }
    )
    result = run(write_csv(tmp_path / "v2.csv", PLANNING_COLUMNS, [changed]), tree, term)
    assert result.ok, messages(result)
    assert (result.officials_created, result.officials_updated) == (0, 1)
    assert (result.entries_created, result.entries_updated) == (0, 1)
    official.refresh_from_db()
    assert official.organization == tree["HUYEN_A"]
    assert (official.current_position, official.current_position_title) == (None, "Chuyên viên Ban Tổ chức")
    assert (official.education, official.education_subject, official.political_theory) == (
        "Tiến sĩ",
        "Luật",
        "cu_nhan",
    )
    assert (official.ethnicity, official.ethnic_minority) == ("Kinh", False)  # empty Dân tộc = Kinh
    assert official.revision == 2
    entry = PlanningEntry.objects.get()
    assert (entry.target_group_override, entry.note) == (2, "Đã bổ sung")


def test_columns_absent_from_the_file_are_left_alone(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    run(write_csv(tmp_path / "v1.csv", PLANNING_COLUMNS, [binh()]), tree, term)
    short = ["Họ và tên", "Ngày sinh", "Giới tính", "Số định danh", "Đơn vị công tác", "Chức danh quy hoạch"]
    result = run(write_csv(tmp_path / "v2.csv", short, [binh()]), tree, term)
    assert result.ok and result.officials_updated == 0 and result.entries_unchanged == 1
    official = Official.objects.get()
    assert (
        official.ethnicity,
        official.education,
        official.education_subject,
        official.political_theory,
    ) == (
        "Tày",
        "Thạc sĩ",
        "Luật",
        "cao_cap",
    )


def test_match_by_national_id_corrects_the_accents_of_the_name(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    stored = Official.objects.create(
        full_name="Tran Thi Binh",
        birth_date=dt.date(1982, 9, 2),
        sex="F",
        national_id="001182000123",
        organization=tree["XA_1"],
    )
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [binh()]), tree, term)
    assert result.ok and (result.officials_created, result.officials_updated) == (0, 1)
    stored.refresh_from_db()
    assert stored.full_name == "Trần Thị Bình"


def test_a_stored_official_without_id_is_matched_by_name_and_receives_the_id(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    stored = Official.objects.create(
        full_name="Trần Thị Bình", birth_date=dt.date(1982, 9, 2), sex="F", organization=tree["XA_1"]
    )
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [binh()]), tree, term)
    assert result.ok and result.officials_created == 0
    stored.refresh_from_db()
    assert stored.national_id == "001182000123"


def test_nfd_names_are_stored_as_nfc_and_match_nfc_data(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    stored = Official.objects.create(
        full_name="Nguyễn Văn An", birth_date=dt.date(1975, 3, 15), sex="M", organization=tree["HUYEN_A"]
    )
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Văn An ")
    newcomer = unicodedata.normalize("NFD", "Hoàng Thị Hoà")
    rows = [
        an(**{"Họ và tên": nfd, "Giới tính": unicodedata.normalize("NFD", "Nam")}),
        an(
            **{
                "Họ và tên": newcomer,
                "Giới tính": unicodedata.normalize("NFD", "nữ"),
                "Ngày sinh": "01/01/1990",
            }
        ),
    ]
    assert nfd != "Nguyễn Văn An"
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, rows), tree, term)
    assert result.ok, messages(result)
    assert (result.officials_created, result.officials_unchanged) == (1, 1)
    assert PlanningEntry.objects.filter(official=stored).count() == 1
    created = Official.objects.exclude(pk=stored.pk).get()
    assert created.full_name == unicodedata.normalize("NFC", "Hoàng Thị Hoà")
    assert unicodedata.is_normalized("NFC", created.full_name)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_looking_cells_are_stored_verbatim_as_text(
    tmp_path: Path, tree: dict[str, Organization], term: Term, suffix: str
) -> None:
    rows = [
        an(
            **{
                "Ghi chú": "=1+1",
                "Trình độ chuyên môn": "Thạc sĩ @SUM(A1)",
                "Chức vụ hiện tại": "+84 912 345 678",
            }
        ),
        binh(**{"Ghi chú": "-5", "Chức vụ hiện tại": '=HYPERLINK("http://x")'}),  # ethnicity: a list
    ]
    result = run(write(tmp_path / f"ds{suffix}", PLANNING_COLUMNS, rows), tree, term)
    assert result.ok, messages(result)
    a = Official.objects.get(full_name="Nguyễn Văn An")
    assert (a.education, a.education_subject, a.current_position_title) == (
        "Thạc sĩ",
        "@SUM(A1)",
        "+84 912 345 678",
    )
    assert PlanningEntry.objects.get(official=a).note == "=1+1"
    b = Official.objects.get(full_name="Trần Thị Bình")
    assert b.current_position_title == '=HYPERLINK("http://x")'
    assert PlanningEntry.objects.get(official=b).note == "-5"


def test_dry_run_writes_nothing_and_reports_what_would_happen(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    before = counts()
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), binh()]), tree, term, dry_run=True)
    assert result.ok and result.dry_run
    assert (result.officials_created, result.entries_created, result.planning_list_id) == (2, 2, None)
    assert result.list_created
    assert counts() == before


def test_reference_date_defaults_and_option(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()])
    # the shipped Chỉ thị 45 month of the level, edited by an administrator: its first day is used (R3)
    TermLevelStart.objects.update_or_create(
        term=term, level=Level.DISTRICT, defaults={"start_date": dt.date(2025, 8, 20)}
    )
    result = run(path, tree, term)
    assert the_list(result).reference_date == dt.date(2025, 8, 1)
    result = run(path, tree, term, kind="current")
    assert the_list(result).reference_date == dt.date.today()
    result = run(path, tree, term, kind="current", reference_date=dt.date(2026, 1, 15))
    assert the_list(result).reference_date == dt.date(2026, 1, 15)
    assert PlanningList.objects.count() == 2


def test_entries_not_in_the_file_are_kept_and_removed_ones_are_not_revived(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    first = run(write_csv(tmp_path / "v1.csv", PLANNING_COLUMNS, [an(), binh()]), tree, term)
    entry = PlanningEntry.objects.get(official__full_name="Nguyễn Văn An")
    entry.status, entry.removed_reason, entry.removed_on = (
        EntryStatus.REMOVED,
        "Quá tuổi",
        dt.date(2025, 7, 1),
    )
    entry.save()
    result = run(write_csv(tmp_path / "v2.csv", PLANNING_COLUMNS, [an()]), tree, term)
    assert result.ok and (result.entries_created, result.entries_skipped) == (0, 1)
    assert [str(w) for w in result.warnings] == [
        "Dòng 2, cột Chức danh quy hoạch: " + imp.ENTRY_REMOVED.format(date="01/07/2025")
    ]
    assert PlanningEntry.objects.filter(planning_list_id=first.planning_list_id).count() == 2
    assert PlanningEntry.objects.filter(status=EntryStatus.ACTIVE).count() == 1


def test_a_returned_list_accepts_an_import(tmp_path: Path, tree: dict[str, Organization], term: Term) -> None:
    PlanningList.objects.create(
        organization=tree["HUYEN_A"], term=term, kind="next", reference_date=NEXT_REFERENCE, status="returned"
    )
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()]), tree, term)
    assert result.ok and not result.list_created and result.entries_created == 1


def test_validation_queries_do_not_grow_with_rows(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    def people(n: int) -> list[dict[str, Any]]:
        return [an(**{"Họ và tên": f"Người Thứ {i}", "Số định danh": f"{i:012d}"}) for i in range(1, n + 1)]

    run(write_csv(tmp_path / "seed.csv", PLANNING_COLUMNS, people(30)), tree, term)
    with CaptureQueriesContext(connection) as few:
        run(write_csv(tmp_path / "few.csv", PLANNING_COLUMNS, people(3)), tree, term, dry_run=True)
    with CaptureQueriesContext(connection) as many:
        run(write_csv(tmp_path / "many.csv", PLANNING_COLUMNS, people(30)), tree, term, dry_run=True)
    assert len(many) == len(few)


# --- export and round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_reimport_leaves_the_data_unchanged(
    tmp_path: Path, tree: dict[str, Organization], term: Term, suffix: str
) -> None:
    rows = [
        an(**{"Ngày sinh": "1975", "Ghi chú": "=1+1", "Đối tượng": "2"}),
        binh(),
        binh(**{"Chức danh quy hoạch": "UV_BTV", "Ghi chú": ""}),
    ]
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, rows), tree, term)
    planning_list = the_list(result)
    # an official entered on a web form: catalogue post without a title, empty ethnicity
    hand = Official.objects.create(
        full_name="Lê Văn Cường",
        birth_date=dt.date(1980, 12, 31),
        sex="M",
        ethnicity="",
        organization=tree["HUYEN_A"],
        current_position=Position.objects.get(code="TRUONG_PHONG"),
    )
    PlanningEntry.objects.create(
        planning_list=planning_list, official=hand, position=Position.objects.get(code="UV_BCH")
    )
    before = snapshot()

    exported = list(planning_export_rows(planning_list=planning_list))
    assert [list(row) for row in exported] == [PLANNING_COLUMNS] * 4
    assert exported[0]["Ngày sinh"] == "1975" and exported[0]["Chức danh quy hoạch"] == "PHO_BI_THU"
    path = tmp_path / f"export{suffix}"
    with path.open("wb") as handle:
        write_table(file=handle, filename=path.name, headers=PLANNING_COLUMNS, rows=exported)
    again = run(path, tree, term)
    assert again.ok, messages(again)
    assert (
        again.officials_created,
        again.officials_updated,
        again.entries_created,
        again.entries_updated,
    ) == (
        0,
        0,
        0,
        0,
    )
    assert again.entries_unchanged == 4
    assert snapshot() == before


def test_blank_template_has_the_columns_and_no_rows(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    path = tmp_path / "mau.xlsx"
    with path.open("wb") as handle:
        write_table(file=handle, filename=path.name, headers=PLANNING_COLUMNS, rows=[])
    table = tabular.tabular_read(file=path)
    assert table.headers == PLANNING_COLUMNS
    assert messages(run(path, tree, term)) == ["Dòng 2: " + tabular.NO_DATA_ROWS]


# --- bad input: one message per problem, nothing written -----------------------------------------------

LONG = "x" * 10_000

BAD_ROWS: dict[str, tuple[list[dict[str, Any]], list[str]]] = {
    "impossible date": (
        [an(**{"Ngày sinh": "31/02/1970"})],
        ["Dòng 2, cột Ngày sinh: " + imp.IMPOSSIBLE_DATE.format(value="31/02/1970")],
    ),
    "unreadable date": (
        [an(**{"Ngày sinh": "15 tháng 3 1975"})],
        ["Dòng 2, cột Ngày sinh: " + imp.BAD_DATE.format(value="15 tháng 3 1975")],
    ),
    "future birth date": (
        [an(**{"Ngày sinh": "01/01/2999"})],
        ["Dòng 2, cột Ngày sinh: " + imp.FUTURE_BIRTH.format(value="01/01/2999")],
    ),
    "under 18 at the reference date": (
        [an(**{"Ngày sinh": "02/06/2007"})],
        ["Dòng 2, cột Ngày sinh: " + imp.UNDER_AGE.format(value="02/06/2007", reference="01/06/2025")],
    ),
    "sex other than Nam/Nữ": (
        [an(**{"Giới tính": "Khác"})],
        ["Dòng 2, cột Giới tính: " + imp.BAD_SEX.format(value="Khác")],
    ),
    "empty required cell": (
        [an(**{"Họ và tên": "  "})],
        ["Dòng 2, cột Họ và tên: " + imp.REQUIRED_CELL],
    ),
    "unknown organization": (
        [an(**{"Đơn vị công tác": "KHONG_CO"})],
        ["Dòng 2, cột Đơn vị công tác: " + imp.UNKNOWN_ORGANIZATION.format(code="KHONG_CO")],
    ),
    "organization outside the list's subtree": (
        [an(**{"Đơn vị công tác": "HUYEN_B"})],
        [
            "Dòng 2, cột Đơn vị công tác: "
            + imp.ORGANIZATION_OUTSIDE.format(code="HUYEN_B", list_code="HUYEN_A", list_name="Huyện A")
        ],
    ),
    "unknown planned position": (
        [an(**{"Chức danh quy hoạch": "Giám đốc Sở"})],
        ["Dòng 2, cột Chức danh quy hoạch: " + imp.UNKNOWN_POSITION.format(value="Giám đốc Sở")],
    ),
    "duplicate row": (
        [an(), binh(), an(**{"STT": "3", "Chức danh quy hoạch": "Phó Bí thư"})],
        ["Dòng 4, cột Chức danh quy hoạch: " + imp.DUPLICATE_ROW.format(row=2)],
    ),
    "national ID not 12 digits": (
        [an(**{"Số định danh": "12345"})],
        ["Dòng 2, cột Số định danh: " + imp.BAD_NATIONAL_ID.format(value="12345")],
    ),
    "national ID twice for different people": (
        [binh(), an(**{"Số định danh": "001182000123"})],
        [
            "Dòng 3, cột Số định danh: "
            + imp.NATIONAL_ID_TWICE.format(
                value="001182000123", row=2, name="Trần Thị Bình", birth="02/09/1982"
            )
        ],
    ),
    "cell longer than its field": (
        [an(**{"Ghi chú": LONG})],
        ["Dòng 2, cột Ghi chú: " + tabular.CELL_TOO_LONG.format(length=10_000, limit=2000)],
    ),
    "name longer than its field": (
        [an(**{"Họ và tên": LONG})],
        ["Dòng 2, cột Họ và tên: " + tabular.CELL_TOO_LONG.format(length=10_000, limit=255)],
    ),
    "unknown target group": (
        [an(**{"Đối tượng": "3"})],
        ["Dòng 2, cột Đối tượng: " + imp.BAD_TARGET_GROUP.format(value="3")],
    ),
    "unknown political theory level": (
        [an(**{"Lý luận chính trị": "Đại học"})],
        ["Dòng 2, cột Lý luận chính trị: " + imp.BAD_POLITICAL_THEORY.format(value="Đại học")],
    ),
    "one person given two workplaces": (
        [binh(), binh(**{"Chức danh quy hoạch": "UV_BTV", "Đơn vị công tác": "HUYEN_A"})],
        ["Dòng 3, cột Đơn vị công tác: " + imp.CONFLICTING_ROW.format(row=2, other="XA_1")],
    ),
    "every problem of every row is reported": (
        [an(**{"Giới tính": "X", "Ngày sinh": "1/13/1970"}), binh(**{"Đơn vị công tác": "?"})],
        [
            "Dòng 2, cột Ngày sinh: " + imp.IMPOSSIBLE_DATE.format(value="1/13/1970"),
            "Dòng 2, cột Giới tính: " + imp.BAD_SEX.format(value="X"),
            "Dòng 3, cột Đơn vị công tác: " + imp.UNKNOWN_ORGANIZATION.format(code="?"),
        ],
    ),
}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_rows_reject_the_whole_file(
    tmp_path: Path, tree: dict[str, Organization], term: Term, case: str, suffix: str
) -> None:
    rows, expected = BAD_ROWS[case]
    rows = [*rows, binh(**{"Chức danh quy hoạch": "BI_THU", "STT": "99"})]  # a good row is rejected too
    before = counts()
    result = run(write(tmp_path / f"ds{suffix}", PLANNING_COLUMNS, rows), tree, term)
    assert messages(result) == expected
    assert counts() == before


def test_national_id_of_another_stored_person(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    # the holder works inside the list's subtree, so the message may name them (see test_planning_scope.py)
    Official.objects.create(
        full_name="Lê Văn Cường",
        birth_date=dt.date(1970, 1, 1),
        sex="M",
        national_id="001070000001",
        organization=tree["XA_1"],
    )
    before = counts()
    result = run(
        write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(**{"Số định danh": "001070000001"})]), tree, term
    )
    assert messages(result) == [
        "Dòng 2, cột Số định danh: "
        + imp.NATIONAL_ID_TAKEN.format(value="001070000001", name="Lê Văn Cường", birth="01/01/1970")
    ]
    assert counts() == before


def test_namesakes_without_id_are_ambiguous(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    for _ in range(2):
        Official.objects.create(
            full_name="Nguyễn Văn An", birth_date=dt.date(1975, 3, 15), sex="M", organization=tree["HUYEN_A"]
        )
    before = counts()
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()]), tree, term)
    assert messages(result) == ["Dòng 2, cột Họ và tên: " + imp.AMBIGUOUS_OFFICIAL.format(count=2)]
    assert counts() == before


def test_missing_required_columns_are_named_on_row_1(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    headers = [h for h in PLANNING_COLUMNS if h not in {"Ngày sinh", "Chức danh quy hoạch"}]
    before = counts()
    result = run(write_csv(tmp_path / "ds.csv", headers, [an()]), tree, term)
    assert messages(result) == [
        "Dòng 1, cột Ngày sinh: " + tabular.MISSING_COLUMN.format(header="Ngày sinh"),
        "Dòng 1, cột Chức danh quy hoạch: " + tabular.MISSING_COLUMN.format(header="Chức danh quy hoạch"),
    ]
    assert counts() == before


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("ds.csv", b"", "Dòng 1: " + tabular.EMPTY_FILE),
        ("ds.csv", "\ufeff\r\n \r\n".encode(), "Dòng 1: " + tabular.EMPTY_FILE),
        ("ds.csv", ",".join(PLANNING_COLUMNS).encode() + b"\r\n,,,\r\n", "Dòng 2: " + tabular.NO_DATA_ROWS),
        ("ds.txt", b"abc", tabular.WRONG_TYPE.format(name="ds.txt")),
        ("ds.xlsx", b"PK\x03\x04 not really a zip", tabular.CORRUPT_XLSX.format(name="ds.xlsx")),
        ("ds.xlsx", b"", tabular.CORRUPT_XLSX.format(name="ds.xlsx")),
        # bytes that neither UTF-8, UTF-16 nor Windows-1258 can decode
        ("ds.csv", b"Ho va ten\nJos\x81\x8a", tabular.NOT_UTF8.format(name="ds.csv")),
    ],
)
def test_unreadable_files(
    tmp_path: Path, tree: dict[str, Organization], term: Term, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = counts()
    assert messages(run(path, tree, term)) == [expected]
    assert counts() == before


def test_an_uploaded_file_object_is_read_like_a_path(tree: dict[str, Organization], term: Term) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    write_table(file=buffer, filename="x.xlsx", headers=PLANNING_COLUMNS, rows=[an()])
    upload = SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())
    result = planning_import(
        file=upload, filename=upload.name, organization=tree["HUYEN_A"], term=term, kind="next"
    )
    assert result.ok and result.entries_created == 1


def test_too_many_rows(
    tmp_path: Path, tree: dict[str, Organization], term: Term, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 2)
    rows = [an(**{"Họ và tên": f"Người {i}"}) for i in range(3)]
    before = counts()
    assert messages(run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, rows), tree, term)) == [
        tabular.TOO_MANY_ROWS.format(limit=2)
    ]
    assert counts() == before


@pytest.mark.parametrize("status", [ListStatus.SUBMITTED, ListStatus.APPROVED])
def test_a_submitted_or_approved_list_is_frozen(
    tmp_path: Path, tree: dict[str, Organization], term: Term, status: str
) -> None:
    PlanningList.objects.create(
        organization=tree["HUYEN_A"], term=term, kind="next", reference_date=NEXT_REFERENCE, status=status
    )
    before = counts()
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()]), tree, term)
    assert messages(result) == [
        imp.LIST_FROZEN.format(
            organization="HUYEN_A",
            term="2025-2030",
            kind="nhiệm kỳ kế tiếp",
            version=1,
            status=imp.STATUS_LABELS[status],  # type: ignore[index]
        )
    ]
    assert counts() == before


def test_two_ids_for_one_stored_person(tmp_path: Path, tree: dict[str, Organization], term: Term) -> None:
    Official.objects.create(
        full_name="Trần Thị Bình", birth_date=dt.date(1982, 9, 2), sex="F", organization=tree["XA_1"]
    )
    rows = [binh(), binh(**{"Số định danh": "001182000999", "Chức danh quy hoạch": "UV_BTV"})]
    before = counts()
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, rows), tree, term)
    assert messages(result) == [
        "Dòng 3, cột Số định danh: " + imp.CONFLICTING_ROW.format(row=2, other="001182000123")
    ]
    assert counts() == before
