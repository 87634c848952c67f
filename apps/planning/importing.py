"""Import and export of a planning list as a table (contracts §5): validate every row, then write all."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import IO, Any

import pghistory
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.core.spreadsheets import (
    NO_DATA_ROWS,
    Cell,
    RowError,
    TabularError,
    cell_text,
    check_length,
    resolve_columns,
    tabular_read,
)
from apps.core.text import fold_name, to_nfc
from apps.organizations.models import Organization, Position, Term, TermLevelStart
from apps.people.models import Official, PoliticalTheory, Sex, is_ethnic_minority
from apps.planning.models import EntryStatus, ListKind, ListStatus, PlanningEntry, PlanningList
from apps.planning.signals import lists_changed_on_commit
from apps.rules.engine import age_in_years

STT = "STT"
FULL_NAME = "Họ và tên"
BIRTH_DATE = "Ngày sinh"
SEX = "Giới tính"
ETHNICITY = "Dân tộc"
NATIONAL_ID = "Số định danh"
WORKPLACE = "Đơn vị công tác"
CURRENT_POST = "Chức vụ hiện tại"
PLANNED_POST = "Chức danh quy hoạch"
TARGET_GROUP = "Đối tượng"
EDUCATION = "Trình độ chuyên môn"
POLITICAL_THEORY = "Lý luận chính trị"
NOTE = "Ghi chú"

# The template's columns, in order: a blank template, the export and the import all use this list.
PLANNING_COLUMNS: list[str] = [
    STT,
    FULL_NAME,
    BIRTH_DATE,
    SEX,
    ETHNICITY,
    NATIONAL_ID,
    WORKPLACE,
    CURRENT_POST,
    PLANNED_POST,
    TARGET_GROUP,
    EDUCATION,
    POLITICAL_THEORY,
    NOTE,
]
REQUIRED_COLUMNS = (FULL_NAME, BIRTH_DATE, SEX, WORKPLACE, PLANNED_POST)
MAX_LENGTH = {
    STT: 20,
    FULL_NAME: 255,
    BIRTH_DATE: 30,
    SEX: 20,
    ETHNICITY: 100,
    NATIONAL_ID: 30,
    WORKPLACE: 50,
    CURRENT_POST: 255,
    PLANNED_POST: 255,
    TARGET_GROUP: 10,
    EDUCATION: 255,
    POLITICAL_THEORY: 50,
    NOTE: 2000,
}
MIN_AGE = 18
MIN_BIRTH_YEAR = 1900
LOOKUP_CHUNK = 5_000
WRITE_BATCH = 1_000

REQUIRED_CELL = "Ô bắt buộc, không được để trống."
BAD_DATE = "Ngày sinh “{value}” không hợp lệ; ghi theo dd/mm/yyyy hoặc chỉ năm sinh (yyyy)."
IMPOSSIBLE_DATE = "Ngày “{value}” không có trong lịch."
FUTURE_BIRTH = "Ngày sinh {value} ở sau ngày hôm nay."
UNDER_AGE = "Cán bộ sinh {value} chưa đủ 18 tuổi vào ngày mốc {reference} của danh sách."
BAD_SEX = "Giới tính “{value}” không hợp lệ; ghi “Nam” hoặc “Nữ”."
BAD_NATIONAL_ID = "Số định danh “{value}” phải gồm đúng 12 chữ số."
NATIONAL_ID_TAKEN = "Số định danh {value} đã thuộc cán bộ khác trong dữ liệu ({name}, sinh {birth})."
# The holder works outside the list's organization: the message must not tell the importer anything of them.
NATIONAL_ID_ELSEWHERE = (
    "Số định danh {value} đã được dùng cho một cán bộ thuộc đơn vị khác; vui lòng kiểm tra lại. "
    "Nếu cán bộ đã chuyển công tác về đơn vị này, đề nghị cấp quản lý chung chuyển hồ sơ trước khi nhập."
)
NATIONAL_ID_TWICE = "Số định danh {value} đã dùng ở dòng {row} cho người khác ({name}, sinh {birth})."
UNKNOWN_ORGANIZATION = "Không có tổ chức mã “{code}”."
ORGANIZATION_OUTSIDE = (
    "Tổ chức “{code}” không thuộc “{list_code}” ({list_name}) hay các tổ chức trực thuộc; "
    "cán bộ nơi khác không đưa được vào danh sách này."
)
UNKNOWN_POSITION = (
    "Không có chức danh “{value}” trong danh mục; ghi mã (ví dụ PHO_BI_THU) hoặc đúng tên chức danh."
)
BAD_TARGET_GROUP = "Đối tượng “{value}” không hợp lệ; ghi 1 hoặc 2."
BAD_POLITICAL_THEORY = (
    "Lý luận chính trị “{value}” không hợp lệ; ghi Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân."
)
DUPLICATE_ROW = "Trùng với dòng {row}: cùng cán bộ, cùng chức danh quy hoạch."
CONFLICTING_ROW = "Khác với dòng {row} của cùng cán bộ (“{other}”)."
AMBIGUOUS_OFFICIAL = (
    "Có {count} cán bộ cùng họ tên, ngày sinh và giới tính trong dữ liệu; hãy ghi Số định danh để phân biệt."
)
UNKNOWN_KIND = "Loại danh sách “{value}” không hợp lệ; dùng current hoặc next."
LIST_FROZEN = (
    "Danh sách quy hoạch {organization} – nhiệm kỳ {term} – {kind} (phiên bản {version}) đang ở trạng thái "
    "“{status}”, không sửa được; không có gì được ghi."
)
LIST_CREATED_MEANWHILE = (
    "Danh sách quy hoạch {organization} – nhiệm kỳ {term} – {kind} vừa được tạo bởi một lần nhập hoặc "
    "người dùng khác trong lúc tệp này được kiểm tra; không có gì được ghi. "
    "Hãy xem danh sách đó rồi nhập lại tệp."
)
CHANGED_MEANWHILE = (
    "Dữ liệu cán bộ hoặc danh sách vừa được người khác thay đổi trong lúc tệp này được ghi; "
    "không có gì được ghi. Hãy nhập lại tệp."
)
ENTRY_REMOVED = "Cán bộ đã được đưa ra khỏi quy hoạch chức danh này ngày {date}; dòng này được bỏ qua."

SEX_INPUT = {"nam": Sex.MALE, "nữ": Sex.FEMALE}
SEX_OUTPUT = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
THEORY_OUTPUT = {
    PoliticalTheory.ELEMENTARY: "Sơ cấp",
    PoliticalTheory.INTERMEDIATE: "Trung cấp",
    PoliticalTheory.ADVANCED: "Cao cấp",
    PoliticalTheory.BACHELOR: "Cử nhân",
}
THEORY_INPUT = {label.casefold(): code for code, label in THEORY_OUTPUT.items()} | {
    code: code for code in PoliticalTheory.values
}
KIND_LABELS = {ListKind.CURRENT: "rà soát nhiệm kỳ hiện tại", ListKind.NEXT: "nhiệm kỳ kế tiếp"}
STATUS_LABELS = {ListStatus.SUBMITTED: "đã trình", ListStatus.APPROVED: "đã phê duyệt"}

DATE_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
YEAR_RE = re.compile(r"\d{4}")
NATIONAL_ID_RE = re.compile(r"\d{12}")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a planning import did (or, with dry_run, would do); `errors` empty means it was accepted."""

    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    rows: int = 0
    officials_created: int = 0
    officials_updated: int = 0
    officials_unchanged: int = 0
    entries_created: int = 0
    entries_updated: int = 0
    entries_unchanged: int = 0
    entries_skipped: int = 0
    planning_list_id: int | None = None
    list_created: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class _Row:
    """One valid data row; None means 'not given' (absent column or, for optional cells, empty)."""

    row: int
    full_name: str
    birth_date: dt.date
    year_only: bool
    sex: str
    organization: Organization
    planned: Position
    ethnicity: str | None = None
    national_id: str | None = None
    current_post: str | None = None
    current_position: Position | None = None
    target_group: int | None = None
    education: str | None = None
    political_theory: str | None = None
    note: str | None = None
    key: tuple[Any, ...] = ()


# Official fields a row carries, with the column that reports a conflict between two rows of one person
_PERSON_FIELDS = (
    ("full_name", FULL_NAME),
    ("birth_date", BIRTH_DATE),
    ("sex", SEX),
    ("national_id", NATIONAL_ID),
    ("ethnicity", ETHNICITY),
    ("organization", WORKPLACE),
    ("current_post", CURRENT_POST),
    ("education", EDUCATION),
    ("political_theory", POLITICAL_THEORY),
)


class _Lookups:
    """Everything the rows refer to, loaded in a few set-based queries."""

    def __init__(self, org_codes: set[str]) -> None:
        self.positions = list(Position.objects.all())
        self.position_by_id = {p.id: p for p in self.positions}
        self.position_by_key: dict[str, Position] = {}
        for position in self.positions:
            self.position_by_key[to_nfc(position.name).casefold()] = position
        for position in self.positions:
            self.position_by_key[position.code.casefold()] = position  # a code wins over a name
        self.organizations: dict[str, Organization] = {}
        codes = sorted(org_codes)
        for start in range(0, len(codes), LOOKUP_CHUNK):
            for org in Organization.objects.filter(code__in=codes[start : start + LOOKUP_CHUNK]):
                self.organizations[org.code] = org

    def position(self, text: str) -> Position | None:
        return self.position_by_key.get(to_nfc(text).casefold())


def planning_import(
    *,
    file: IO[bytes] | str | os.PathLike[str],
    filename: str | None = None,
    organization: Organization,
    term: Term,
    kind: str,
    reference_date: dt.date | None = None,
    dry_run: bool = False,
    user: Any = None,
) -> ImportResult:
    """Import one planning list from a table; any bad row rejects the whole file and writes nothing.

    Only officials working in `organization`'s subtree are matched and updated. A real import runs in one
    transaction that first locks the newest (organization, term, kind) list, so that it cannot be
    submitted, approved or edited while the file is checked and written, and then moves the list's
    `revision` on when anything was written (pages opened before cannot save over the import).
    Permission is the caller's business (see apps.planning.services.planning_list_import).
    """
    if kind not in ListKind.values:
        return ImportResult(errors=[RowError(0, "", UNKNOWN_KIND.format(value=kind))], dry_run=dry_run)
    arguments: dict[str, Any] = {
        "file": file,
        "filename": filename,
        "organization": organization,
        "term": term,
        "kind": kind,
        "reference_date": reference_date,
        "user": user,
    }
    if dry_run:
        return _import(**arguments, dry_run=True)
    try:
        with transaction.atomic(), pghistory.context(source="import", user=getattr(user, "pk", None)):
            result = _import(**arguments, dry_run=False)
            if result.ok and result.planning_list_id:
                lists_changed_on_commit([result.planning_list_id])
            return result
    except IntegrityError:
        # a unique constraint met a row written by someone else meanwhile (an official's national ID...)
        return ImportResult(errors=[RowError(0, "", CHANGED_MEANWHILE)])


def _import(
    *,
    file: IO[bytes] | str | os.PathLike[str],
    filename: str | None,
    organization: Organization,
    term: Term,
    kind: str,
    reference_date: dt.date | None,
    dry_run: bool,
    user: Any,
) -> ImportResult:
    newest = PlanningList.objects.filter(organization=organization, term=term, kind=kind).latest_versions()
    if not dry_run:
        # Lock the newest edition before anything is read: submitting, approving and every edit of its
        # entries update this row, so they wait until the import is written (or refused).
        newest = newest.select_for_update(of=("self",))
    planning_list = newest.order_by("-version").first()
    if planning_list is not None and planning_list.is_frozen:
        return _frozen(planning_list, dry_run)
    if reference_date is not None:
        list_date = reference_date
    elif planning_list is not None:
        list_date = planning_list.reference_date
    else:
        list_date = default_reference_date(organization=organization, term=term, kind=kind)

    try:
        table = tabular_read(file=file, filename=filename)
        columns, errors = resolve_columns(table, {name: () for name in PLANNING_COLUMNS}, REQUIRED_COLUMNS)
        if errors:
            return ImportResult(errors=errors, dry_run=dry_run)
        records = [
            (number, {name: record.get(key) for name, key in columns.items()})
            for number, record in table.rows
        ]
    except TabularError as exc:
        return ImportResult(errors=[exc.error], dry_run=dry_run)
    if not records:
        return ImportResult(errors=[RowError(table.header_row + 1, "", NO_DATA_ROWS)], dry_run=dry_run)

    org_codes = {to_nfc(cell_text(values.get(WORKPLACE))) for _, values in records}
    lookups = _Lookups(org_codes)
    today = timezone.localdate()
    rows: list[_Row] = []
    errors = []
    for number, values in records:
        row, row_errors = _parse_row(number, values, lookups, organization, list_date, today)
        errors += row_errors
        if row is not None:
            rows.append(row)
    officials = _match_officials(rows, errors, organization)
    _check_rows_together(rows, errors)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: e.row), rows=len(records), dry_run=dry_run)

    plan = _plan(rows, officials, planning_list, lookups, user)
    warnings = plan.warnings
    result = ImportResult(
        warnings=warnings,
        rows=len(records),
        officials_created=len(plan.new_officials),
        officials_updated=len(plan.changed_officials),
        officials_unchanged=len(officials) - len(plan.changed_officials),
        entries_created=len(plan.new_entries),
        entries_updated=len(plan.changed_entries),
        entries_unchanged=plan.entries_unchanged,
        entries_skipped=len(warnings),
        planning_list_id=planning_list.pk if planning_list else None,
        list_created=planning_list is None,
        dry_run=dry_run,
    )
    if dry_run:
        return result
    if planning_list is None:
        try:
            with transaction.atomic():
                planning_list = PlanningList.objects.create(
                    organization=organization,
                    term=term,
                    kind=kind,
                    reference_date=list_date,
                    updated_by=_user_or_none(user),
                )
        except IntegrityError:
            # another import (or a user) created version 1 after the lookup above: there was no row to lock
            return _created_meanwhile(organization, term, kind)
    else:
        changed_fields = []
        if planning_list.reference_date != list_date:
            planning_list.reference_date = list_date
            changed_fields.append("reference_date")
        if changed_fields or plan.writes:
            # The import writes entries and officials directly: move the list on so that pages opened
            # before it cannot save over it (see services._claim_list).
            planning_list.revision += 1
            planning_list.updated_by = _user_or_none(user)
            planning_list.save(update_fields=[*changed_fields, "revision", "updated_by", "updated_at"])
    _write(plan, planning_list)
    return replace(result, planning_list_id=planning_list.pk)


def _created_meanwhile(organization: Organization, term: Term, kind: str) -> ImportResult:
    message = LIST_CREATED_MEANWHILE.format(
        organization=organization.code, term=term.code, kind=KIND_LABELS[ListKind(kind)]
    )
    return ImportResult(errors=[RowError(0, "", message)])


def _frozen(planning_list: PlanningList, dry_run: bool) -> ImportResult:
    message = LIST_FROZEN.format(
        organization=planning_list.organization.code,
        term=planning_list.term.code,
        kind=KIND_LABELS[ListKind(planning_list.kind)],
        version=planning_list.version,
        status=STATUS_LABELS[ListStatus(planning_list.status)],
    )
    return ImportResult(errors=[RowError(0, "", message)], planning_list_id=planning_list.pk, dry_run=dry_run)


def default_reference_date(*, organization: Organization, term: Term, kind: str) -> dt.date:
    """Domain R3: 'next' lists use the term's start at the organization's level; 'current' ones today."""
    if kind == ListKind.NEXT:
        start = (
            TermLevelStart.objects.filter(term=term, level=organization.level)
            .values_list("start_date", flat=True)
            .first()
        )
        return start or term.start_date
    return timezone.localdate()


def planning_export_rows(*, planning_list: PlanningList) -> Iterator[dict[str, str]]:
    """The active entries of a list as rows of PLANNING_COLUMNS; importing them back changes nothing."""
    entries = (
        PlanningEntry.objects.filter(planning_list=planning_list, status=EntryStatus.ACTIVE)
        .select_related("official__organization", "official__current_position", "position")
        .order_by("position__sort_order", "official__search_name", "official__birth_date", "id")
    )
    for number, entry in enumerate(entries.iterator(chunk_size=2_000), start=1):
        official = entry.official
        birth = official.birth_date
        current = official.current_position_title or (
            official.current_position.name if official.current_position else ""
        )
        yield {
            STT: str(number),
            FULL_NAME: official.full_name,
            BIRTH_DATE: str(birth.year) if official.birth_year_only else birth.strftime("%d/%m/%Y"),
            SEX: SEX_OUTPUT.get(Sex(official.sex), official.sex),
            ETHNICITY: official.ethnicity,
            NATIONAL_ID: official.national_id or "",
            WORKPLACE: official.organization.code,
            CURRENT_POST: current,
            PLANNED_POST: entry.position.code,
            TARGET_GROUP: str(entry.target_group_override or entry.position.default_target_group),
            EDUCATION: official.education,
            POLITICAL_THEORY: THEORY_OUTPUT.get(official.political_theory, ""),  # type: ignore[call-overload]
            NOTE: entry.note,
        }


# --- parsing one row -------------------------------------------------------------------------------


def parse_birth_date(value: Cell) -> tuple[dt.date, bool] | str:
    """A birth cell -> (date, year only); a Vietnamese message when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date(), False
    if isinstance(value, dt.date):
        return value, False
    text = cell_text(value).strip()
    year = month = day = None
    if YEAR_RE.fullmatch(text):
        year = int(text)
        if year < MIN_BIRTH_YEAR:
            return BAD_DATE.format(value=text)
        return dt.date(year, 1, 1), True
    if match := DATE_RE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE_RE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    if year is None or month is None or day is None:
        return BAD_DATE.format(value=text)
    try:
        birth = dt.date(year, month, day)
    except ValueError:
        return IMPOSSIBLE_DATE.format(value=text)
    if year < MIN_BIRTH_YEAR:
        return BAD_DATE.format(value=text)
    return birth, False


def parse_national_id(value: Cell) -> str | None:
    """A 12-digit ID from text or a number cell (whose leading zeros Excel dropped); None if invalid."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        # ID numbers start with a province code 001-096: a number cell loses at most two leading zeros
        return digits.zfill(12) if 10 <= len(digits) <= 12 else None
    text = cell_text(value).strip()
    return text if NATIONAL_ID_RE.fullmatch(text) else None


def parse_target_group(value: Cell) -> int | None:
    """1 or 2 from a text or number cell; None when it is neither."""
    text = cell_text(value).strip()
    return int(text) if text in {"1", "2"} else None


def _parse_row(
    number: int,
    values: dict[str, Cell],
    lookups: _Lookups,
    list_org: Organization,
    list_date: dt.date,
    today: dt.date,
) -> tuple[_Row | None, list[RowError]]:
    errors: list[RowError] = []
    texts: dict[str, str | None] = {}
    for name, value in values.items():
        if name not in (BIRTH_DATE, NATIONAL_ID, TARGET_GROUP) or isinstance(value, str):
            cell = to_nfc(cell_text(value))
        else:
            cell = cell_text(value).strip()
        too_long = check_length(cell, MAX_LENGTH[name], number, name)
        if too_long:
            errors.append(too_long)
            texts[name] = None
            continue
        texts[name] = cell
        if not cell and name in REQUIRED_COLUMNS:
            errors.append(RowError(number, name, REQUIRED_CELL))
            texts[name] = None

    def given(name: str) -> str | None:
        """The cell's normalized text; None when the column is absent, the cell empty or already wrong."""
        return texts.get(name) or None

    birth: tuple[dt.date, bool] | None = None
    if given(BIRTH_DATE) is not None:
        parsed = parse_birth_date(values[BIRTH_DATE])
        if isinstance(parsed, str):
            errors.append(RowError(number, BIRTH_DATE, parsed))
        elif parsed[0] > today:
            errors.append(RowError(number, BIRTH_DATE, FUTURE_BIRTH.format(value=_shown(parsed))))
        elif age_in_years(parsed[0], list_date) < MIN_AGE:
            errors.append(
                RowError(
                    number,
                    BIRTH_DATE,
                    UNDER_AGE.format(value=_shown(parsed), reference=list_date.strftime("%d/%m/%Y")),
                )
            )
        else:
            birth = parsed

    sex: str | None = None
    if (sex_text := given(SEX)) is not None:
        sex = SEX_INPUT.get(sex_text.casefold())
        if sex is None:
            errors.append(RowError(number, SEX, BAD_SEX.format(value=sex_text)))

    organization: Organization | None = None
    if (code := given(WORKPLACE)) is not None:
        organization = lookups.organizations.get(code)
        if organization is None:
            errors.append(RowError(number, WORKPLACE, UNKNOWN_ORGANIZATION.format(code=code)))
        elif not organization.path.startswith(list_org.path):
            errors.append(
                RowError(
                    number,
                    WORKPLACE,
                    ORGANIZATION_OUTSIDE.format(code=code, list_code=list_org.code, list_name=list_org.name),
                )
            )
            organization = None

    planned: Position | None = None
    if (planned_text := given(PLANNED_POST)) is not None:
        planned = lookups.position(planned_text)
        if planned is None:
            errors.append(RowError(number, PLANNED_POST, UNKNOWN_POSITION.format(value=planned_text)))

    national_id: str | None = None
    if given(NATIONAL_ID) is not None:
        national_id = parse_national_id(values[NATIONAL_ID])
        if national_id is None:
            errors.append(RowError(number, NATIONAL_ID, BAD_NATIONAL_ID.format(value=given(NATIONAL_ID))))

    target_group: int | None = None
    if given(TARGET_GROUP) is not None:
        target_group = parse_target_group(values[TARGET_GROUP])
        if target_group is None:
            errors.append(RowError(number, TARGET_GROUP, BAD_TARGET_GROUP.format(value=given(TARGET_GROUP))))

    theory: str | None = None
    if (theory_text := given(POLITICAL_THEORY)) is not None:
        theory = THEORY_INPUT.get(theory_text.casefold())
        if theory is None:
            errors.append(RowError(number, POLITICAL_THEORY, BAD_POLITICAL_THEORY.format(value=theory_text)))

    if errors:
        return None, errors
    assert birth is not None and sex is not None and organization is not None and planned is not None
    full_name = given(FULL_NAME)
    assert full_name is not None
    current_post = given(CURRENT_POST)
    ethnicity = texts.get(ETHNICITY)
    return (
        _Row(
            row=number,
            full_name=full_name,
            birth_date=birth[0],
            year_only=birth[1],
            sex=sex,
            organization=organization,
            planned=planned,
            # contracts §5: an empty ethnicity cell means Kinh
            ethnicity=(ethnicity or "Kinh") if ETHNICITY in texts else None,
            national_id=national_id,
            current_post=current_post,
            current_position=lookups.position(current_post) if current_post else None,
            target_group=target_group,
            education=given(EDUCATION),
            political_theory=theory,
            note=given(NOTE),
        ),
        [],
    )


def _shown(birth: tuple[dt.date, bool]) -> str:
    return str(birth[0].year) if birth[1] else birth[0].strftime("%d/%m/%Y")


# --- matching officials and checks across rows ----------------------------------------------------------


def _same_person(name: str, birth: dt.date, year_only: bool, other_name: str, other_birth: dt.date) -> bool:
    """The same name (ignoring accents and case) and birth date, where a birth year alone matches its year."""
    if fold_name(name) != fold_name(other_name):
        return False
    return birth == other_birth or (year_only and birth.year == other_birth.year)


def _match_officials(rows: list[_Row], errors: list[RowError], scope: Organization) -> dict[int, Official]:
    """Give each row its person key; return the stored officials matched, by id. Bad rows are dropped.

    Only officials whose workplace is in `scope`'s subtree are matched (and so updated): an import never
    changes, or moves in, the record of another organization. National IDs are unique in the whole
    database, so an ID held by an official elsewhere is an error that says nothing about them; a namesake
    elsewhere (same name, birth date and sex, no ID in the row) cannot be told apart and is not matched.
    """
    ids = sorted({row.national_id for row in rows if row.national_id})
    by_national_id: dict[str, Official] = {}
    elsewhere: set[str] = set()  # IDs held by officials outside the subtree
    for start in range(0, len(ids), LOOKUP_CHUNK):
        holders = Official.objects.filter(national_id__in=ids[start : start + LOOKUP_CHUNK]).annotate(
            workplace_path=F("organization__path")
        )
        for official in holders:
            if official.workplace_path.startswith(scope.path):  # type: ignore[attr-defined]
                by_national_id[official.national_id] = official  # type: ignore[index]
            else:
                elsewhere.add(official.national_id)  # type: ignore[arg-type]
    folded = sorted({fold_name(row.full_name) for row in rows})
    by_identity: dict[tuple[str, dt.date, str], list[Official]] = defaultdict(list)
    for start in range(0, len(folded), LOOKUP_CHUNK):
        namesakes = Official.objects.filter(
            search_name__in=folded[start : start + LOOKUP_CHUNK], organization__path__startswith=scope.path
        )
        for official in namesakes:
            by_identity[(to_nfc(official.full_name), official.birth_date, official.sex)].append(official)

    matched: dict[int, Official] = {}
    first_with_id: dict[str, _Row] = {}
    identity_to_id: dict[tuple[str, dt.date, str], set[str]] = defaultdict(set)
    bad: set[int] = set()
    # rows with an ID first, so that a row without one can join the same new person
    for row in sorted(rows, key=lambda r: (r.national_id is None, r.row)):
        identity = (row.full_name, row.birth_date, row.sex)
        if row.national_id:
            earlier = first_with_id.get(row.national_id)
            if earlier is not None and not _same_person(
                row.full_name, row.birth_date, row.year_only, earlier.full_name, earlier.birth_date
            ):
                errors.append(
                    RowError(
                        row.row,
                        NATIONAL_ID,
                        NATIONAL_ID_TWICE.format(
                            value=row.national_id,
                            row=earlier.row,
                            name=earlier.full_name,
                            birth=_shown((earlier.birth_date, earlier.year_only)),
                        ),
                    )
                )
                bad.add(row.row)
                continue
            first_with_id.setdefault(row.national_id, row)
            if row.national_id in elsewhere:
                errors.append(
                    RowError(row.row, NATIONAL_ID, NATIONAL_ID_ELSEWHERE.format(value=row.national_id))
                )
                bad.add(row.row)
                continue
            official = by_national_id.get(row.national_id)
            if official is not None:
                if not _same_person(
                    row.full_name, row.birth_date, row.year_only, official.full_name, official.birth_date
                ):
                    errors.append(
                        RowError(
                            row.row,
                            NATIONAL_ID,
                            NATIONAL_ID_TAKEN.format(
                                value=row.national_id,
                                name=official.full_name,
                                birth=_shown((official.birth_date, official.birth_year_only)),
                            ),
                        )
                    )
                    bad.add(row.row)
                    continue
            else:
                # a stored person without an ID, known by name + birth date + sex, receives it
                candidates = [o for o in by_identity.get(identity, []) if not o.national_id]
                official = candidates[0] if len(candidates) == 1 else None
            if official is not None:
                matched[official.pk] = official
                row.key = ("db", official.pk)
            else:
                row.key = ("id", row.national_id)
                identity_to_id[identity].add(row.national_id)
            continue
        candidates = by_identity.get(identity, [])
        if len(candidates) > 1:
            errors.append(RowError(row.row, FULL_NAME, AMBIGUOUS_OFFICIAL.format(count=len(candidates))))
            bad.add(row.row)
        elif candidates:
            matched[candidates[0].pk] = candidates[0]
            row.key = ("db", candidates[0].pk)
        elif len(identity_to_id[identity]) == 1:
            row.key = ("id", next(iter(identity_to_id[identity])))
        else:
            row.key = ("new", *identity)
    rows[:] = [row for row in rows if row.row not in bad]
    return matched


def _check_rows_together(rows: list[_Row], errors: list[RowError]) -> None:
    """Report a person planned twice for one position, and two rows giving one person different data."""
    first_entry: dict[tuple[Any, ...], _Row] = {}
    first_person: dict[tuple[Any, ...], _Row] = {}
    bad: set[int] = set()
    for row in rows:
        entry_key = (row.key, row.planned.pk)
        earlier = first_entry.get(entry_key)
        if earlier is not None:
            errors.append(RowError(row.row, PLANNED_POST, DUPLICATE_ROW.format(row=earlier.row)))
            bad.add(row.row)
            continue
        first_entry[entry_key] = row
        person = first_person.setdefault(row.key, row)
        if person is row:
            continue
        for attribute, column in _PERSON_FIELDS:
            mine, theirs = getattr(row, attribute), getattr(person, attribute)
            if mine is not None and theirs is not None and mine != theirs:
                other = _display(attribute, theirs, person)
                errors.append(RowError(row.row, column, CONFLICTING_ROW.format(row=person.row, other=other)))
                bad.add(row.row)
    rows[:] = [row for row in rows if row.row not in bad]


def _display(attribute: str, value: Any, row: _Row) -> str:
    if attribute == "birth_date":
        return _shown((value, row.year_only))
    if attribute == "sex":
        return SEX_OUTPUT[value]
    if attribute == "organization":
        return str(value.code)
    if attribute == "political_theory":
        return THEORY_OUTPUT[value]
    return str(value)


# --- planning the writes and writing ------------------------------------------------------------------


@dataclass(slots=True)
class _Plan:
    new_officials: dict[tuple[Any, ...], Official] = field(default_factory=dict)
    changed_officials: dict[int, tuple[Official, set[str]]] = field(default_factory=dict)
    new_entries: list[tuple[_Row, PlanningEntry]] = field(default_factory=list)
    changed_entries: list[PlanningEntry] = field(default_factory=list)
    entries_unchanged: int = 0
    warnings: list[RowError] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        """True when carrying out the plan changes a stored row (warnings alone write nothing)."""
        return bool(self.new_officials or self.changed_officials or self.new_entries or self.changed_entries)


def _user_or_none(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def _plan(
    rows: list[_Row],
    officials: dict[int, Official],
    planning_list: PlanningList | None,
    lookups: _Lookups,
    user: Any,
) -> _Plan:
    plan = _Plan()
    by_person: dict[tuple[Any, ...], list[_Row]] = defaultdict(list)
    for row in rows:
        by_person[row.key].append(row)
    for key, person_rows in by_person.items():
        merged = _merge(person_rows)
        if key[0] == "db":
            official = officials[key[1]]
            changed = _apply(official, merged, lookups)
            if changed:
                official.updated_by = _user_or_none(user)
                plan.changed_officials[official.pk] = (official, changed)
        else:
            official = Official(
                full_name=merged.full_name,
                birth_date=merged.birth_date,
                birth_year_only=merged.year_only,
                sex=merged.sex,
                organization=merged.organization,
            )
            _apply(official, merged, lookups)
            official.updated_by = _user_or_none(user)
            plan.new_officials[key] = official

    active: dict[tuple[int, int], PlanningEntry] = {}
    removed: dict[tuple[int, int], PlanningEntry] = {}
    if planning_list is not None and officials:
        stored = PlanningEntry.objects.filter(planning_list=planning_list, official_id__in=list(officials))
        for entry in stored.order_by("removed_on", "id"):
            target = active if entry.status == EntryStatus.ACTIVE else removed
            target[(entry.official_id, entry.position_id)] = entry
    for row in rows:
        default = row.planned.default_target_group
        if row.key[0] == "db":
            pair = (row.key[1], row.planned.pk)
            entry = active.get(pair)
            if entry is None and pair in removed:
                day = removed[pair].removed_on
                shown = day.strftime("%d/%m/%Y") if day else ""
                plan.warnings.append(RowError(row.row, PLANNED_POST, ENTRY_REMOVED.format(date=shown)))
                continue
            if entry is not None:
                entry_changed = False
                effective = entry.target_group_override or default
                if row.target_group is not None and row.target_group != effective:
                    entry.target_group_override = row.target_group if row.target_group != default else None
                    entry_changed = True
                if row.note is not None and row.note != entry.note:
                    entry.note = row.note
                    entry_changed = True
                if entry_changed:
                    plan.changed_entries.append(entry)
                else:
                    plan.entries_unchanged += 1
                continue
        override = row.target_group if row.target_group not in (None, default) else None
        entry = PlanningEntry(position=row.planned, target_group_override=override, note=row.note or "")
        plan.new_entries.append((row, entry))
    return plan


def _merge(rows: list[_Row]) -> _Row:
    """One person's values over all their rows (rows agree where both give a value: checked before)."""
    merged = replace(rows[0])
    for row in rows[1:]:
        for item in fields(_Row):
            if getattr(merged, item.name) is None and getattr(row, item.name) is not None:
                setattr(merged, item.name, getattr(row, item.name))
    return merged


def _apply(official: Official, row: _Row, lookups: _Lookups) -> set[str]:
    """Copy the values a row gives onto an official; return the names of the fields that changed."""
    changed: set[str] = set()

    def put(name: str, value: Any) -> None:
        if getattr(official, name) != value:
            setattr(official, name, value)
            changed.add(name)

    put("full_name", row.full_name)
    keep_precise = row.year_only and not official.birth_year_only and official.birth_date is not None
    if not (keep_precise and official.birth_date.year == row.birth_date.year):
        put("birth_date", row.birth_date)
        put("birth_year_only", row.year_only)
    put("sex", row.sex)
    if row.ethnicity is not None and (fold_name(row.ethnicity) or "kinh") != (
        fold_name(official.ethnicity or "") or "kinh"
    ):
        put("ethnicity", row.ethnicity)
    if row.national_id and not official.national_id:
        put("national_id", row.national_id)
    if official.organization_id != row.organization.pk:
        official.organization = row.organization
        changed.add("organization")
    if row.current_post is not None:
        stored_position = lookups.position_by_id.get(official.current_position_id or 0)
        shown = official.current_position_title or (stored_position.name if stored_position else "")
        if row.current_post != shown:
            official.current_position = row.current_position
            changed.add("current_position")
            put("current_position_title", row.current_post)
    if row.education is not None:
        put("education", row.education)
    if row.political_theory is not None:
        put("political_theory", row.political_theory)
    return changed


def _write(plan: _Plan, planning_list: PlanningList) -> None:
    now = timezone.now()
    new_officials = list(plan.new_officials.values())
    for official in new_officials:
        _derive(official)
    Official.objects.bulk_create(new_officials, batch_size=WRITE_BATCH)

    changed_fields: set[str] = {"search_name", "ethnic_minority", "revision", "updated_at", "updated_by"}
    changed = []
    for official, names in plan.changed_officials.values():
        _derive(official)
        official.revision += 1
        official.updated_at = now
        changed.append(official)
        changed_fields |= names
    if changed:
        Official.objects.bulk_update(changed, sorted(changed_fields), batch_size=WRITE_BATCH)

    entries = []
    for row, entry in plan.new_entries:
        entry.planning_list = planning_list
        if row.key[0] == "db":
            entry.official_id = row.key[1]
        else:
            entry.official = plan.new_officials[row.key]
        entries.append(entry)
    PlanningEntry.objects.bulk_create(entries, batch_size=WRITE_BATCH)
    for entry in plan.changed_entries:
        entry.revision += 1
        entry.updated_at = now
    if plan.changed_entries:
        PlanningEntry.objects.bulk_update(
            plan.changed_entries,
            ["target_group_override", "note", "revision", "updated_at"],
            batch_size=WRITE_BATCH,
        )


def _derive(official: Official) -> None:
    # bulk writes skip Official.save(): compute its derived columns with the same helpers
    official.search_name = fold_name(official.full_name)
    official.ethnic_minority = is_ethnic_minority(official.ethnicity)
