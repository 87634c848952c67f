"""Files as offices really save them (issue 14): .xls and .ods, CSV in UTF-16 or Windows-1258 with ';' or
tabs, dates that arrive as Excel serial numbers, and the template through LibreOffice and back.

tests/imports/fixtures/ds.xls and ds.ods were saved by LibreOffice 7.4 (soffice --convert-to) from an
.xlsx of the two sample rows; the round trip test runs LibreOffice itself when it is installed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from apps.core import spreadsheets as tabular
from apps.organizations.models import Organization, Term
from apps.people.models import Official
from apps.planning.models import PlanningList
from apps.planning.services import PLANNING_COLUMNS, ImportResult, planning_export_rows, planning_import
from apps.planning.views.imports import _xlsx_response
from tests.imports.files import write_xlsx
from tests.imports.samples import an, binh

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def run(path: Path, tree: dict[str, Organization], term: Term, **options: object) -> ImportResult:
    return planning_import(file=path, organization=tree["HUYEN_A"], term=term, kind="next", **options)  # type: ignore[arg-type]


def ok(result: ImportResult) -> ImportResult:
    assert result.ok, [str(e) for e in result.errors]
    return result


@pytest.mark.parametrize("name", ["ds.xls", "ds.ods"])
def test_xls_and_ods_are_imported(
    tmp_path: Path, tree: dict[str, Organization], term: Term, name: str
) -> None:
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    result = ok(run(path, tree, term))
    assert (result.officials_created, result.entries_created) == (2, 2)
    binh_official = Official.objects.get(national_id="001182000123")
    assert (binh_official.full_name, binh_official.birth_date) == ("Trần Thị Bình", dt.date(1982, 9, 2))


def csv_text(rows: list[dict[str, object]], separator: str) -> str:
    lines = [separator.join(PLANNING_COLUMNS)]
    lines += [separator.join(str(row.get(name, "")) for name in PLANNING_COLUMNS) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def to_cp1258(text: str) -> bytes:
    """As Vietnamese Windows writes it: a letter cp1258 lacks is a base letter plus a combining tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            # "ễ" -> "ê" + tilde, "ộ" -> "ô" + dot below: the base letter takes the mark cp1258 has it with
            base, *marks = unicodedata.normalize("NFD", char)
            for mark in marks:
                letter = unicodedata.normalize("NFC", base + mark)
                if len(letter) == 1 and letter.encode("cp1258", "ignore"):
                    marks.remove(mark)
                    base = letter
                    break
            out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-16", "\t"), ("utf-16-le", "\t"), ("cp1258", ","), ("cp1258", ";"), ("utf-8-sig", ";")],
)
def test_csv_in_the_encodings_of_excel_and_windows(
    tmp_path: Path, tree: dict[str, Organization], term: Term, encoding: str, separator: str
) -> None:
    text = csv_text([an(), binh()], separator)
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    if encoding == "cp1258":
        assert b"Nguy\xea\xden" in data  # "ễ" as Windows writes it: "ê" (0xEA) + a combining tilde (0xDE)
    path = tmp_path / "ds.csv"
    path.write_bytes(data)
    result = ok(run(path, tree, term))
    assert result.officials_created == 2
    # stored in NFC whatever the file's form
    assert Official.objects.filter(full_name="Nguyễn Văn An").exists()
    assert Official.objects.get(national_id="001182000123").full_name == "Trần Thị Bình"


def test_a_birth_date_that_arrives_as_a_serial_number(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    path = tmp_path / "ds.csv"  # the serial as text (LibreOffice, a date typed into a text cell)
    path.write_text(csv_text([an(**{"Ngày sinh": "29344"})], ","), "utf-8")
    ok(run(path, tree, term))
    sheet = write_xlsx(
        tmp_path / "ds.xlsx", PLANNING_COLUMNS, [binh(**{"Ngày sinh": 30561})]
    )  # a number cell
    ok(run(sheet, tree, term))
    assert Official.objects.get(full_name="Nguyễn Văn An").birth_date == dt.date(1980, 5, 3)
    assert Official.objects.get(full_name="Trần Thị Bình").birth_date == dt.date(1983, 9, 2)


def test_numbers_that_are_no_plausible_date_stay_errors(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(csv_text([an(**{"Ngày sinh": "123"}), binh(**{"Ngày sinh": "999999"})], ","), "utf-8")
    result = run(path, tree, term)
    assert [e.row for e in result.errors] == [2, 3]
    assert not Official.objects.exists()


def test_a_damaged_ods_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "ds.ods"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(tabular.TabularError) as raised:
        tabular.tabular_read(file=path)
    assert str(raised.value) == tabular.CORRUPT_XLSX.format(name="ds.ods")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_template_round_trips_through_libreoffice(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    first = tmp_path / "first.xlsx"
    write_xlsx(first, PLANNING_COLUMNS, [an(), binh()])
    planning_list_id = ok(run(first, tree, term)).planning_list_id
    exported = _xlsx_response(
        "ds.xlsx",
        planning_export_rows(planning_list=PlanningList.objects.get(pk=planning_list_id)),
        Organization.objects.all(),
    )
    source = tmp_path / "export.xlsx"
    source.write_bytes(exported.content)
    for target in ("ods", "xls", "xlsx"):
        out = tmp_path / target
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", target,
             "--outdir", str(out), str(source)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        result = ok(run(out / f"export.{target}", tree, term, dry_run=True))
        assert (result.officials_created, result.officials_updated, result.entries_created) == (0, 0, 0), (
            target
        )
        assert (result.entries_unchanged, result.entries_updated) == (2, 0), target
