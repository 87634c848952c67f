"""The import forgives usual spellings: "tay" is Tày, an organization may be given by its exact name."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.organizations.models import Level, Organization, Term
from apps.people.models import Official
from apps.planning.services import PLANNING_COLUMNS, planning_import
from apps.planning.services import import_format as imp
from tests.imports.files import write_csv, write_xlsx
from tests.imports.samples import an, binh, counts

pytestmark = pytest.mark.django_db


def run(path: Path, tree: dict[str, Organization], term: Term):  # type: ignore[no-untyped-def]
    return planning_import(file=path, organization=tree["HUYEN_A"], term=term, kind="next")


@pytest.mark.parametrize(
    ("typed", "stored", "minority"),
    [("tay", "Tày", True), ("TAY", "Tày", True), ("Hán", "Hoa", True), ("Mông", "H'Mông", True),
     ("ê-đê", "Ê Đê", True), ("kinh", "Kinh", False), ("Việt", "Kinh", False)],
)  # fmt: skip
def test_usual_spellings_of_ethnic_groups_are_stored_as_listed(
    tmp_path: Path, tree: dict[str, Organization], term: Term, typed: str, stored: str, minority: bool
) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", PLANNING_COLUMNS, [binh(**{"Dân tộc": typed})])
    result = run(path, tree, term)
    assert result.ok, [str(e) for e in result.errors]
    official = Official.objects.get(national_id="001182000123")
    assert (official.ethnicity, official.ethnic_minority) == (stored, minority)


def test_an_unknown_ethnicity_is_refused_naming_the_row(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    before = counts()
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), binh(**{"Dân tộc": "Tày Nùng"})])
    result = run(path, tree, term)
    assert [str(e) for e in result.errors] == [
        "Dòng 3, cột Dân tộc: " + imp.UNKNOWN_ETHNICITY.format(value="Tày Nùng")
    ]
    assert counts() == before


@pytest.mark.parametrize(
    ("typed", "level", "subject"),
    [("ĐH", "Đại học", ""), ("đại học", "Đại học", ""), ("Cử nhân", "Đại học", ""),
     ("Cử nhân Kinh tế", "Đại học", "Cử nhân Kinh tế"), ("ThS", "Thạc sĩ", ""),
     ("ThS. Quản lý công", "Thạc sĩ", "Quản lý công"), ("TS", "Tiến sĩ", ""),
     ("PGS.TS Kinh tế", "Tiến sĩ", "Kinh tế"), ("Cao đẳng sư phạm", "Cao đẳng", "sư phạm")],
)  # fmt: skip
def test_usual_spellings_of_education_are_stored_as_a_level(
    tmp_path: Path, tree: dict[str, Organization], term: Term, typed: str, level: str, subject: str
) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", PLANNING_COLUMNS, [binh(**{"Trình độ chuyên môn": typed})])
    result = run(path, tree, term)
    assert result.ok, [str(e) for e in result.errors]
    official = Official.objects.get(national_id="001182000123")
    assert (official.education, official.education_subject) == (level, subject)


def test_an_education_naming_no_level_is_refused_naming_the_row(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    before = counts()
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), binh(**{"Trình độ chuyên môn": "12/12"})])
    result = run(path, tree, term)
    assert [str(e) for e in result.errors] == [
        "Dòng 3, cột Trình độ chuyên môn: " + imp.UNKNOWN_EDUCATION.format(value="12/12")
    ]
    assert counts() == before


def test_the_organization_column_takes_a_code_or_an_exact_name(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    path = write_csv(
        tmp_path / "ds.csv",
        PLANNING_COLUMNS,
        [an(**{"Đơn vị công tác": "Huyện A"}), binh(**{"Đơn vị công tác": "Xã 1"})],
    )
    result = run(path, tree, term)
    assert result.ok, [str(e) for e in result.errors]
    assert Official.objects.get(full_name="Nguyễn Văn An").organization == tree["HUYEN_A"]
    assert Official.objects.get(full_name="Trần Thị Bình").organization == tree["XA_1"]


def test_a_name_shared_inside_the_list_organization_asks_for_the_code(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    Organization.objects.create(code="XA_1_BIS", name="Xã 1", level=Level.COMMUNE, parent=tree["HUYEN_A"])
    # the same name elsewhere (under HUYEN_B) does not count: the list is HUYEN_A's
    Organization.objects.create(code="XA_B", name="Xã Bờ", level=Level.COMMUNE, parent=tree["HUYEN_B"])
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [binh(**{"Đơn vị công tác": "Xã 1"})])
    result = run(path, tree, term)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột Đơn vị công tác: " + imp.AMBIGUOUS_ORGANIZATION.format(name="Xã 1", count=2)
    ]
    outside = write_csv(tmp_path / "b.csv", PLANNING_COLUMNS, [binh(**{"Đơn vị công tác": "Xã Bờ"})])
    assert [str(e) for e in run(outside, tree, term).errors] == [
        "Dòng 2, cột Đơn vị công tác: "
        + imp.ORGANIZATION_OUTSIDE.format(code="Xã Bờ", list_code="HUYEN_A", list_name="Huyện A")
    ]
