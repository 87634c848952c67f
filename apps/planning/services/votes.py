"""The ballots of one vote step (domain §4, contracts §7): typed on the grid page or read from a tally sheet.

Both ways end in `_write_step`, which locks the list and the step, refuses a list that is not editable and
a grid opened before someone else saved the same step, then writes every figure in one transaction.
Bad figures reject the whole grid or file and write nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.access import Action, can
from apps.core.spreadsheets import (
    NO_DATA_ROWS,
    Cell,
    RowError,
    TabularError,
    cell_text,
    is_blank,
    resolve_columns,
    tabular_read,
)
from apps.core.text import to_nfc
from apps.organizations.models import Organization, Position, Term
from apps.planning.models import (
    EntryStatus,
    ListKind,
    ListStatus,
    NominationVote,
    PlanningList,
    VoteSession,
    VoteStep,
)
from apps.planning.services.common import (
    EDITABLE,
    ERR_NOT_EDITOR,
    PlanningError,
    StaleError,
    _claim_list,
    _history,
    _when,
    _who,
)
from apps.planning.services.import_format import (
    BIRTH_DATE,
    FULL_NAME,
    KIND_LABELS,
    LIST_FROZEN,
    NATIONAL_ID,
    PLANNED_POST,
    REQUIRED_CELL,
    STATUS_LABELS,
    STT,
    UNKNOWN_KIND,
)
from apps.planning.services.import_rows import parse_birth_date, parse_national_id
from apps.planning.signals import lists_changed_on_commit

SUMMONED = "Số triệu tập"
PRESENT = "Số có mặt"
VALID_BALLOTS = "Số phiếu hợp lệ"
IN_FAVOUR = "Số phiếu đồng ý"
FIGURES = ("summoned", "present", "valid_ballots", "in_favour")
FIGURE_COLUMNS = {
    "summoned": SUMMONED,
    "present": PRESENT,
    "valid_ballots": VALID_BALLOTS,
    "in_favour": IN_FAVOUR,
}
VOTE_COLUMNS: list[str] = [STT, FULL_NAME, BIRTH_DATE, NATIONAL_ID, PLANNED_POST, *FIGURE_COLUMNS.values()]
VOTE_REQUIRED = (FULL_NAME, BIRTH_DATE, PLANNED_POST, *FIGURE_COLUMNS.values())
MAX_FIGURE = 1_000_000

# Messages of the figures, shared by the grid and the file (Vietnamese constants, as every import's).
NOT_A_NUMBER = "“{value}” không phải là số nguyên; ghi một số nguyên không âm (ví dụ 57)."
NEGATIVE = "{value} là số âm; ghi một số nguyên không âm."
TOO_LARGE = "{value} quá lớn; ghi một số không quá {limit}."
PRESENT_OVER_SUMMONED = (
    "Số có mặt ({present}) lớn hơn số triệu tập ({summoned}); số có mặt phải ≤ số triệu tập."
)
VALID_OVER_PRESENT = "Số phiếu hợp lệ ({valid}) lớn hơn số có mặt ({present}); phiếu hợp lệ phải ≤ số có mặt."
FAVOUR_OVER_VALID = (
    "Số phiếu đồng ý ({favour}) lớn hơn số phiếu hợp lệ ({valid}); phiếu đồng ý phải ≤ phiếu hợp lệ."
)
INCOMPLETE = "Ghi đủ bốn số (triệu tập, có mặt, hợp lệ, đồng ý) hoặc để trống cả bốn."
UNKNOWN_POSITION = "Không có chức danh “{value}” trong danh mục; ghi mã (ví dụ PHO_BI_THU) hoặc đúng tên."
NO_MATCH = (
    "Không có ai đang được quy hoạch chức danh {position} với họ tên, ngày sinh{national_id} này trong danh "
    "sách; kiểm tra lại dòng này."
)
NO_MATCH_ID = " và số định danh"
AMBIGUOUS = (
    "Có {count} người cùng họ tên và ngày sinh được quy hoạch chức danh {position}; "
    "ghi Số định danh để phân biệt."
)
DUPLICATE = "Trùng với dòng {row}: cùng người, cùng chức danh quy hoạch."
NO_LIST = "Chưa có danh sách quy hoạch {organization} – nhiệm kỳ {term} – {kind}; không có gì được ghi."
UNKNOWN_STEP = "Bước “{value}” không hợp lệ; dùng conference, standing hoặc committee."
HELD_ON_REQUIRED = "Ghi ngày tổ chức bước này."
HELD_ON_FUTURE = "Ngày tổ chức {value} ở sau ngày hôm nay."
BAD_HELD_ON = "Ngày tổ chức “{value}” không hợp lệ; ghi theo dd/mm/yyyy."
STALE_STEP = (
    "{who} đã lưu số phiếu của bước này lúc {when}, sau khi bạn mở trang. Số liệu của bạn chưa được lưu: "
    "hãy tải lại trang, xem số liệu mới rồi nhập lại."
)
CHANGED_MEANWHILE = "Bước này vừa được người khác lưu trong lúc số liệu của bạn được ghi; hãy thử lại."


@dataclass(frozen=True, slots=True)
class Figures:
    summoned: int
    present: int
    valid_ballots: int
    in_favour: int


@dataclass(frozen=True, slots=True)
class CellError:
    """A grid problem: `entry_id` 0 and `field` "" for the step as a whole."""

    entry_id: int
    field: str  # one of FIGURES, "held_on", or ""
    message: str


@dataclass(frozen=True, slots=True)
class VoteResult:
    """What saving a step did (or, with dry_run, would do); no errors means it was accepted."""

    errors: list[Any] = field(default_factory=list)  # CellError (grid) or RowError (file)
    written: int = 0
    cleared: int = 0
    rows: int = 0
    planning_list_id: int | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- checking figures ------------------------------------------------------------------------------


def parse_figure(value: Cell) -> int | str:
    """A whole non-negative number from a cell or a typed text; a Vietnamese message otherwise."""
    if isinstance(value, bool):
        return NOT_A_NUMBER.format(value=cell_text(value))
    if isinstance(value, float):
        if not value.is_integer():
            return NOT_A_NUMBER.format(value=cell_text(value))
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = cell_text(value).strip().replace(" ", "").replace("\u00a0", "")
        sign = text.startswith("-")
        digits = text[1:] if sign else text
        if not digits.isascii() or not digits.isdigit():
            return NOT_A_NUMBER.format(value=cell_text(value).strip())
        number = -int(digits) if sign else int(digits)
    if number < 0:
        return NEGATIVE.format(value=number)
    if number > MAX_FIGURE:
        return TOO_LARGE.format(value=number, limit=MAX_FIGURE)
    return number


def check_figures(raw: dict[str, Cell]) -> tuple[Figures | None, list[tuple[str, str]]]:
    """Parse the four figures and check their order; (figures, []) or (None, [(field, message)...])."""
    numbers: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    for name in FIGURES:
        parsed = parse_figure(raw.get(name))
        if isinstance(parsed, str):
            problems.append((name, parsed))
        else:
            numbers[name] = parsed
    if problems:
        return None, problems
    figures = Figures(**numbers)
    if figures.present > figures.summoned:
        problems.append(
            ("present", PRESENT_OVER_SUMMONED.format(present=figures.present, summoned=figures.summoned))
        )
    if figures.valid_ballots > figures.present:
        problems.append(
            ("valid_ballots", VALID_OVER_PRESENT.format(valid=figures.valid_ballots, present=figures.present))
        )
    if figures.in_favour > figures.valid_ballots:
        problems.append(
            ("in_favour", FAVOUR_OVER_VALID.format(favour=figures.in_favour, valid=figures.valid_ballots))
        )
    return (None, problems) if problems else (figures, [])


def parse_held_on(value: str | dt.date | None, *, required: bool) -> dt.date | None | str:
    """The step's date from dd/mm/yyyy (or a date); not after today. A message when it is bad."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return HELD_ON_REQUIRED if required else None
    if isinstance(value, str):
        text = value.strip()
        try:
            day = dt.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                return BAD_HELD_ON.format(value=text)
    else:
        day = value
    if day > timezone.localdate():
        return HELD_ON_FUTURE.format(value=day.strftime("%d/%m/%Y"))
    return day


# --- writing a step ---------------------------------------------------------------------------------


def _write_step(
    *,
    planning_list: PlanningList,
    step: str,
    held_on: dt.date | None,
    figures: dict[int, Figures],
    clear: set[int],
    revision: int | None,
    user: Any,
) -> tuple[int, int]:
    """Write (entry id -> figures) and delete the votes of `clear` for one step; (written, cleared).

    Runs inside the caller's transaction. `revision` is the step's revision the user saw (0: no record
    yet); None skips that check (commands).
    """
    # The list first: it must still be editable, and its revision moves on (findings change).
    _claim_list(planning_list, user=user, revision=None, statuses=EDITABLE)
    session = VoteSession.objects.select_for_update().filter(planning_list=planning_list, step=step).first()
    if revision is not None and (session.revision if session else 0) != revision:
        if session is None:
            raise StaleError(CHANGED_MEANWHILE)
        updated_by = session.updated_by if session.updated_by_id else None
        raise StaleError(STALE_STEP.format(who=_who(updated_by), when=_when(session.updated_at)))
    actor = user if getattr(user, "pk", None) else None
    if session is None:
        session = VoteSession.objects.create(
            planning_list=planning_list, step=step, held_on=held_on, updated_by=actor
        )
    else:
        session.revision += 1
        session.updated_by = actor
        if held_on is not None:
            session.held_on = held_on
        session.save(update_fields=["revision", "updated_by", "updated_at", "held_on"])
    day = session.held_on
    existing = {v.entry_id: v for v in NominationVote.objects.filter(entry_id__in=list(figures), step=step)}
    written = 0
    for entry_id, shown in figures.items():
        values = {
            "summoned": shown.summoned,
            "present": shown.present,
            "valid_ballots": shown.valid_ballots,
            "in_favour": shown.in_favour,
            "held_on": day,
        }
        vote = existing.get(entry_id)
        if vote is None:
            NominationVote.objects.create(entry_id=entry_id, step=step, **values)
            written += 1
        elif any(getattr(vote, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(vote, name, value)
            vote.save()
            written += 1
    cleared = 0
    if clear:
        cleared, _ = NominationVote.objects.filter(entry_id__in=clear, step=step).delete()
    if day is not None:  # the step's date is the date of each of its votes
        NominationVote.objects.filter(entry__planning_list=planning_list, step=step).exclude(
            held_on=day
        ).update(held_on=day)
    lists_changed_on_commit([planning_list.pk])
    return written, cleared


def _require_list_edit(user: Any, planning_list: PlanningList) -> None:
    if user is not None and not can(user, Action.EDIT, planning_list.organization.path):
        raise PermissionDenied(str(ERR_NOT_EDITOR))


def _frozen_message(planning_list: PlanningList) -> str:
    return LIST_FROZEN.format(
        organization=planning_list.organization.code,
        term=planning_list.term.code,
        kind=KIND_LABELS[ListKind(planning_list.kind)],
        version=planning_list.version,
        status=STATUS_LABELS[ListStatus(planning_list.status)],
    )


def planning_votes_save(
    *,
    planning_list: PlanningList,
    step: str,
    held_on: str | dt.date | None,
    cells: dict[int, dict[str, str]],
    revision: int,
    user: Any,
) -> VoteResult:
    """Save the grid of one step: entry id -> {figure name: typed text}. A row left blank clears it.

    Every cell is checked first; any problem rejects the whole grid and writes nothing.
    """
    _require_list_edit(user, planning_list)
    if step not in VoteStep.values:
        return VoteResult(errors=[CellError(0, "", UNKNOWN_STEP.format(value=step))])
    if planning_list.status not in EDITABLE:
        return VoteResult(errors=[CellError(0, "", _frozen_message(planning_list))])
    errors: list[CellError] = []
    day = parse_held_on(held_on, required=True)
    if isinstance(day, str):
        errors.append(CellError(0, "held_on", day))
        day = None
    active = set(
        planning_list.entries.filter(status=EntryStatus.ACTIVE, pk__in=list(cells)).values_list(
            "pk", flat=True
        )
    )
    figures: dict[int, Figures] = {}
    clear: set[int] = set()
    for entry_id, raw in cells.items():
        if entry_id not in active:
            continue  # removed meanwhile, or not of this list: nothing to write for it
        blanks = [name for name in FIGURES if is_blank(raw.get(name))]
        if len(blanks) == len(FIGURES):
            clear.add(entry_id)
            continue
        if blanks:
            errors.extend(CellError(entry_id, name, INCOMPLETE) for name in blanks)
            continue
        shown, problems = check_figures(dict(raw))
        errors.extend(CellError(entry_id, name, message) for name, message in problems)
        if shown is not None:
            figures[entry_id] = shown
    if errors:
        return VoteResult(errors=errors, rows=len(cells), planning_list_id=planning_list.pk)
    try:
        with transaction.atomic(), _history(user):
            written, cleared = _write_step(
                planning_list=planning_list,
                step=step,
                held_on=day,  # type: ignore[arg-type]
                figures=figures,
                clear=clear,
                revision=revision,
                user=user,
            )
    except IntegrityError:
        raise StaleError(CHANGED_MEANWHILE) from None
    return VoteResult(written=written, cleared=cleared, rows=len(cells), planning_list_id=planning_list.pk)


# --- the tally sheet (contracts §7) -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    entry_id: int
    full_name: str
    birth_date: dt.date
    year_only: bool
    national_id: str | None
    position_id: int


def _name_key(name: str) -> str:
    return " ".join(to_nfc(name).split()).casefold()


def _candidates(planning_list: PlanningList) -> list[_Candidate]:
    rows = planning_list.entries.filter(status=EntryStatus.ACTIVE).values_list(
        "pk",
        "official__full_name",
        "official__birth_date",
        "official__birth_year_only",
        "official__national_id",
        "position_id",
    )
    return [_Candidate(*row) for row in rows]


def _match(
    candidates: list[_Candidate],
    name: str,
    birth: dt.date,
    year_only: bool,
    national_id: str | None,
    position: Position,
) -> list[_Candidate]:
    """§5's matching: the national ID when given, else name and birth date; the same planned post."""
    same_post = [c for c in candidates if c.position_id == position.pk]
    if national_id:
        return [c for c in same_post if c.national_id == national_id]
    key = _name_key(name)
    found = []
    for c in same_post:
        if _name_key(c.full_name) != key:
            continue
        if (year_only or c.year_only) and c.birth_date.year == birth.year or c.birth_date == birth:
            found.append(c)
    return found


def planning_votes_import(
    *,
    file: IO[bytes] | str | os.PathLike[str],
    filename: str | None = None,
    organization: Organization,
    term: Term,
    kind: str,
    step: str,
    held_on: dt.date | None = None,
    dry_run: bool = False,
    revision: int | None = None,
    user: Any = None,
    planning_list: PlanningList | None = None,
) -> VoteResult:
    """Import a tally sheet into one step of the newest (organization, term, kind) list (contracts §7).

    Each row must match an active entry; any bad row rejects the file and writes nothing. A second file
    for the same step replaces that step's figures for the rows it names. `user` None (a command) skips
    the permission check; `revision` is the step's revision the uploading user saw (None: not checked).
    """
    if kind not in ListKind.values:
        return VoteResult(errors=[RowError(0, "", UNKNOWN_KIND.format(value=kind))], dry_run=dry_run)
    if step not in VoteStep.values:
        return VoteResult(errors=[RowError(0, "", UNKNOWN_STEP.format(value=step))], dry_run=dry_run)
    if planning_list is None:  # the page names its list (an older edition is approved, so refused below)
        planning_list = (
            PlanningList.objects.filter(organization=organization, term=term, kind=kind)
            .select_related("organization", "term")
            .order_by("-version")
            .first()
        )
    if planning_list is None:
        message = NO_LIST.format(
            organization=organization.code, term=term.code, kind=KIND_LABELS[ListKind(kind)]
        )
        return VoteResult(errors=[RowError(0, "", message)], dry_run=dry_run)
    _require_list_edit(user, planning_list)
    if planning_list.status not in EDITABLE:
        return VoteResult(
            errors=[RowError(0, "", _frozen_message(planning_list))],
            planning_list_id=planning_list.pk,
            dry_run=dry_run,
        )
    if held_on is not None and held_on > timezone.localdate():
        message = HELD_ON_FUTURE.format(value=held_on.strftime("%d/%m/%Y"))
        return VoteResult(
            errors=[RowError(0, "", message)], planning_list_id=planning_list.pk, dry_run=dry_run
        )
    try:
        table = tabular_read(file=file, filename=filename)
        columns, errors = resolve_columns(table, {name: () for name in VOTE_COLUMNS}, VOTE_REQUIRED)
        if errors:
            return VoteResult(errors=errors, planning_list_id=planning_list.pk, dry_run=dry_run)
        records = [
            (number, {name: record.get(key) for name, key in columns.items()})
            for number, record in table.rows
        ]
    except TabularError as exc:
        return VoteResult(errors=[exc.error], planning_list_id=planning_list.pk, dry_run=dry_run)
    if not records:
        return VoteResult(
            errors=[RowError(table.header_row + 1, "", NO_DATA_ROWS)],
            planning_list_id=planning_list.pk,
            dry_run=dry_run,
        )

    catalogue = list(Position.objects.all())
    positions = {to_nfc(p.name).casefold(): p for p in catalogue} | {p.code.casefold(): p for p in catalogue}
    candidates = _candidates(planning_list)
    errors = []
    figures: dict[int, Figures] = {}
    first_row: dict[int, int] = {}
    for number, values in records:
        row_errors: list[RowError] = []
        name = " ".join(to_nfc(cell_text(values.get(FULL_NAME))).split())
        if not name:
            row_errors.append(RowError(number, FULL_NAME, REQUIRED_CELL))
        birth: tuple[dt.date, bool] | None = None
        if is_blank(values.get(BIRTH_DATE)):
            row_errors.append(RowError(number, BIRTH_DATE, REQUIRED_CELL))
        else:
            parsed = parse_birth_date(values.get(BIRTH_DATE))
            if isinstance(parsed, str):
                row_errors.append(RowError(number, BIRTH_DATE, parsed))
            else:
                birth = parsed
        national_id = None
        if not is_blank(values.get(NATIONAL_ID)):
            national_id = parse_national_id(values.get(NATIONAL_ID))
            if national_id is None:
                shown = cell_text(values.get(NATIONAL_ID)).strip()
                row_errors.append(
                    RowError(number, NATIONAL_ID, f"Số định danh “{shown}” phải gồm đúng 12 chữ số.")
                )
        position: Position | None = None
        post_text = cell_text(values.get(PLANNED_POST)).strip()
        if not post_text:
            row_errors.append(RowError(number, PLANNED_POST, REQUIRED_CELL))
        else:
            position = positions.get(to_nfc(post_text).casefold())
            if position is None:
                row_errors.append(RowError(number, PLANNED_POST, UNKNOWN_POSITION.format(value=post_text)))
        blank_figures = [n for n in FIGURES if is_blank(values.get(FIGURE_COLUMNS[n]))]
        row_errors.extend(RowError(number, FIGURE_COLUMNS[n], REQUIRED_CELL) for n in blank_figures)
        shown_figures = None
        if not blank_figures:
            shown_figures, problems = check_figures({n: values.get(FIGURE_COLUMNS[n]) for n in FIGURES})
            row_errors.extend(RowError(number, FIGURE_COLUMNS[n], message) for n, message in problems)
        if not row_errors and birth is not None and position is not None:
            found = _match(candidates, name, birth[0], birth[1], national_id, position)
            if not found:
                message = NO_MATCH.format(
                    position=position.name, national_id=NO_MATCH_ID if national_id else ""
                )
                row_errors.append(RowError(number, FULL_NAME, message))
            elif len(found) > 1:
                row_errors.append(
                    RowError(number, NATIONAL_ID, AMBIGUOUS.format(count=len(found), position=position.name))
                )
            else:
                entry_id = found[0].entry_id
                if entry_id in first_row:
                    row_errors.append(RowError(number, FULL_NAME, DUPLICATE.format(row=first_row[entry_id])))
                else:
                    first_row[entry_id] = number
                    assert shown_figures is not None
                    figures[entry_id] = shown_figures
        errors.extend(row_errors)
    if errors:
        return VoteResult(
            errors=sorted(errors, key=lambda e: e.row),
            rows=len(records),
            planning_list_id=planning_list.pk,
            dry_run=dry_run,
        )
    if dry_run:
        return VoteResult(
            rows=len(records), written=len(figures), planning_list_id=planning_list.pk, dry_run=True
        )
    try:
        with transaction.atomic(), _history(user):
            written, _ = _write_step(
                planning_list=planning_list,
                step=step,
                held_on=held_on,
                figures=figures,
                clear=set(),
                revision=revision,
                user=user,
            )
    except PlanningError as exc:
        return VoteResult(errors=[RowError(0, "", str(exc))], planning_list_id=planning_list.pk)
    except IntegrityError:
        return VoteResult(errors=[RowError(0, "", CHANGED_MEANWHILE)], planning_list_id=planning_list.pk)
    return VoteResult(rows=len(records), written=written, planning_list_id=planning_list.pk)
