"""Import of the organization tree from a .csv or .xlsx file (contracts §4): validate all, then write all."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction

from apps.core.spreadsheets import (
    NO_DATA_ROWS,
    RowError,
    TabularError,
    cell_text,
    check_length,
    resolve_columns,
    tabular_read,
)
from apps.core.text import to_nfc
from apps.organizations.models import LEVEL_INPUT_LABELS, LEVEL_ORDER, Level, Organization

CODE, NAME, LEVEL, PARENT = "Mã", "Tên", "Cấp", "Mã cấp trên"
ORGANIZATION_COLUMNS: dict[str, tuple[str, ...]] = {
    CODE: ("code",),
    NAME: ("name",),
    LEVEL: ("level",),
    PARENT: ("parent_code",),
}
REQUIRED = (CODE, NAME, LEVEL)
MAX_LENGTH = {CODE: 50, NAME: 255, LEVEL: 50, PARENT: 50}

REQUIRED_CELL = "Ô bắt buộc, không được để trống."
UNKNOWN_LEVEL = "Cấp “{value}” không hợp lệ; dùng một trong: Trung ương, Tỉnh, Huyện, Xã, Cơ sở."
DUPLICATE_CODE = "Mã “{code}” đã có ở dòng {row}."
UNKNOWN_PARENT = "Không có tổ chức mã “{code}” trong tệp hoặc trong dữ liệu."
OWN_PARENT = "Tổ chức không thể là cấp trên của chính nó."
CYCLE = "Quan hệ cấp trên tạo thành vòng lặp: {chain}."
PARENT_NOT_HIGHER = "Cấp trên “{parent}” ({parent_level}) phải ở cấp cao hơn “{child}” ({child_level})."
CHILD_NOT_LOWER = (
    "Đổi cấp thành {level} làm tổ chức trực thuộc “{child}” ({child_level}) không còn ở cấp thấp hơn."
)

LEVEL_LABELS: dict[str, str] = {str(level): label.capitalize() for label, level in LEVEL_INPUT_LABELS.items()}


@dataclass(frozen=True, slots=True)
class OrganizationImportResult:
    """What an organizations import did (or, with dry_run, would do)."""

    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    organizations_created: int = 0
    organizations_updated: int = 0
    organizations_unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class _Row:
    row: int
    code: str
    name: str
    level: str
    parent_code: str  # "" for a root; after _keep_stored_parents, the effective parent
    parent_given: bool = True  # False when the file has no parent column: keep the stored parent


def parse_level(value: str) -> str | None:
    """A level code or Vietnamese label (any case) -> Level value; None when unknown."""
    key = to_nfc(value).casefold()
    if key in Level.values:
        return key
    level = LEVEL_INPUT_LABELS.get(key)
    return str(level) if level else None


def organizations_import(
    *, file: IO[bytes] | str | os.PathLike[str], filename: str | None = None, dry_run: bool = False
) -> OrganizationImportResult:
    """Upsert organizations by code from a file; any bad row rejects the whole file and writes nothing."""
    try:
        table = tabular_read(file=file, filename=filename)
        columns, errors = resolve_columns(table, ORGANIZATION_COLUMNS, REQUIRED)
        if errors:
            return OrganizationImportResult(errors=errors)
        headers = {canonical: table.keys[key] for canonical, key in columns.items()}
        rows, errors = _parse_rows(table.rows, columns, headers)
    except TabularError as exc:
        return OrganizationImportResult(errors=[exc.error])
    if not rows and not errors:
        return OrganizationImportResult(errors=[RowError(table.header_row + 1, "", NO_DATA_ROWS)])
    stored = {
        org.code: org for org in Organization.objects.all().only("id", "code", "name", "level", "parent")
    }
    _keep_stored_parents(rows, stored)
    errors += _check_tree(rows, stored, headers)
    if errors:
        return OrganizationImportResult(errors=sorted(errors, key=lambda e: e.row), rows=len(rows))

    order = _topological(rows)
    created = sum(1 for r in rows if r.code not in stored)
    changed = [r for r in rows if r.code in stored and _differs(r, stored[r.code], stored)]
    result = OrganizationImportResult(
        rows=len(rows),
        organizations_created=created,
        organizations_updated=len(changed),
        organizations_unchanged=len(rows) - created - len(changed),
    )
    if dry_run:
        return result
    changed_codes = {r.code for r in changed}
    with transaction.atomic():
        for row in order:
            if row.code not in stored or row.code in changed_codes:
                _save(row, stored.get(row.code))
    return result


def _parse_rows(
    records: object, columns: dict[str, str], headers: dict[str, str]
) -> tuple[list[_Row], list[RowError]]:
    rows: list[_Row] = []
    errors: list[RowError] = []
    first_row: dict[str, int] = {}
    for number, record in records:  # type: ignore[attr-defined]
        values: dict[str, str] = {}
        row_errors: list[RowError] = []
        for canonical, key in columns.items():
            text = to_nfc(cell_text(record.get(key)))
            too_long = check_length(text, MAX_LENGTH[canonical], number, headers[canonical])
            if too_long:
                row_errors.append(too_long)
            elif not text and canonical in REQUIRED:
                row_errors.append(RowError(number, headers[canonical], REQUIRED_CELL))
            values[canonical] = text
        level = parse_level(values[LEVEL]) if values[LEVEL] else None
        if values[LEVEL] and level is None and not any(e.column == headers[LEVEL] for e in row_errors):
            row_errors.append(RowError(number, headers[LEVEL], UNKNOWN_LEVEL.format(value=values[LEVEL])))
        code = values[CODE]
        if code and code in first_row:
            row_errors.append(
                RowError(number, headers[CODE], DUPLICATE_CODE.format(code=code, row=first_row[code]))
            )
        elif code:
            first_row[code] = number
        if row_errors:
            errors += row_errors
            continue
        assert level is not None
        rows.append(_Row(number, code, values[NAME], level, values.get(PARENT, ""), PARENT in columns))
    return rows, errors


def _keep_stored_parents(rows: list[_Row], stored: dict[str, Organization]) -> None:
    """Without a parent column an existing organization keeps its stored parent; a new one is a root.

    An empty cell in a present column still means a root (contracts §4).
    """
    by_id = {org.id: org.code for org in stored.values()}
    for row in rows:
        if not row.parent_given and row.code in stored:
            row.parent_code = by_id.get(stored[row.code].parent_id or 0, "")


def _check_tree(rows: list[_Row], stored: dict[str, Organization], headers: dict[str, str]) -> list[RowError]:
    """Parents exist, no cycles, and every edge that the file touches goes from a higher to a lower level."""
    parent_header = headers.get(PARENT, PARENT)
    by_id = {org.id: org.code for org in stored.values()}
    # the tree after the import: stored edges overlaid with the file's
    parent_of: dict[str, str] = {code: by_id.get(org.parent_id or 0, "") for code, org in stored.items()}
    level_of = {code: org.level for code, org in stored.items()}
    for row in rows:
        parent_of[row.code] = row.parent_code
        level_of[row.code] = row.level
    errors: list[RowError] = []
    bad: set[str] = set()
    for row in rows:
        if row.parent_code == row.code:
            errors.append(RowError(row.row, parent_header, OWN_PARENT))
            bad.add(row.code)
        elif row.parent_code and row.parent_code not in level_of:
            errors.append(RowError(row.row, parent_header, UNKNOWN_PARENT.format(code=row.parent_code)))
            bad.add(row.code)
    reported_cycles: set[frozenset[str]] = set()
    for row in rows:
        if row.code in bad:
            continue
        chain = [row.code]
        seen = {row.code}
        current = parent_of.get(row.code, "")
        while current and current not in seen and current not in bad:
            chain.append(current)
            seen.add(current)
            current = parent_of.get(current, "")
        if current == row.code:
            members = frozenset(chain)
            if members not in reported_cycles:
                reported_cycles.add(members)
                text = " → ".join([*chain, row.code])
                errors.append(RowError(row.row, parent_header, CYCLE.format(chain=text)))
            bad.update(chain)
    for row in rows:
        if row.code in bad or not row.parent_code:
            continue
        parent_level = level_of[row.parent_code]
        if LEVEL_ORDER[parent_level] >= LEVEL_ORDER[row.level]:
            errors.append(
                RowError(
                    row.row,
                    parent_header if row.parent_given else headers[LEVEL],
                    PARENT_NOT_HIGHER.format(
                        parent=row.parent_code,
                        parent_level=LEVEL_LABELS[parent_level],
                        child=row.code,
                        child_level=LEVEL_LABELS[row.level],
                    ),
                )
            )
    # a stored child that stays under a file row must still be of a lower level
    in_file = {row.code: row for row in rows}
    for code, org in stored.items():
        parent_code = parent_of[code]
        if code in in_file or parent_code not in in_file:
            continue
        row = in_file[parent_code]
        if LEVEL_ORDER[row.level] >= LEVEL_ORDER[org.level]:
            errors.append(
                RowError(
                    row.row,
                    headers[LEVEL],
                    CHILD_NOT_LOWER.format(
                        level=LEVEL_LABELS[row.level], child=code, child_level=LEVEL_LABELS[org.level]
                    ),
                )
            )
    return errors


def _topological(rows: list[_Row]) -> list[_Row]:
    """File rows with every parent in the file before its children (the tree has no cycles here)."""
    in_file = {row.code: row for row in rows}
    ordered: list[_Row] = []
    done: set[str] = set()
    for row in rows:
        stack: list[_Row] = []
        current: _Row | None = row
        while current is not None and current.code not in done:
            stack.append(current)
            current = in_file.get(current.parent_code)
        for item in reversed(stack):
            done.add(item.code)
            ordered.append(item)
    return ordered


def _differs(row: _Row, org: Organization, stored: dict[str, Organization]) -> bool:
    parent_id = stored[row.parent_code].id if row.parent_code in stored else None
    if row.parent_code and parent_id is None:
        return True  # the parent is new in this file
    return (org.name, org.level, org.parent_id) != (row.name, row.level, parent_id)


def _save(row: _Row, org: Organization | None) -> None:
    # Paths move when an ancestor moves, so the parent and the row itself are read fresh before saving.
    parent: Organization | None = None
    if row.parent_code:
        parent = Organization.objects.get(code=row.parent_code)
    if org is None:
        org = Organization(code=row.code)
    else:
        org.refresh_from_db(fields=["path", "depth"])
    org.name, org.level, org.parent = row.name, row.level, parent
    org.save()
