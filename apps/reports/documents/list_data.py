"""The planning list as the board submits it (danh sách trích ngang, contracts §8 `list`).

One table per position group and position, with names (never codes), the check's conclusion per
candidate from the same evaluation as the list page (`planning_list_evaluate`), the structure figures
and the signature block.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from apps.organizations.models import Position, PositionGroup
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluate
from apps.reports.documents import format as party
from apps.reports.documents.common import (
    SEX,
    PlainWords,
    dmy,
    file_stem,
    list_subject,
    paper_head,
    paper_signature,
    percent,
)
from apps.reports.documents.model import Column, Document, Heading, Paragraph, Table
from apps.rules.engine import EntryResult, Severity
from apps.rules.models import QuotaCode

ROMAN = ("I", "II", "III", "IV", "V", "VI")
ELIGIBLE = "Đủ điều kiện"
INELIGIBLE = "Không đủ điều kiện"
NOTE = "Lưu ý"
FIRST_TIME, CARRIED_OVER = "Lần đầu", "Tiếp tục"
NOTHING_PLANNED = "Danh sách chưa có cán bộ nào được quy hoạch."
COLUMNS = (
    Column("STT", 3.6, "center", nowrap=True),
    Column("Họ và tên", 10),
    Column("Ngày sinh", 8.4, "center", nowrap=True),
    Column("Giới tính", 4.4, "center"),
    Column("Dân tộc", 4.6, "center"),
    Column("Chức vụ, đơn vị công tác hiện nay", 13),
    Column("Trình độ chuyên môn", 10),
    Column("Lý luận chính trị", 6.4),
    Column("Nhóm", 5, "center", nowrap=True),
    Column("Ngày nghỉ hưu", 8.4, "center", nowrap=True),
    Column("Số tháng còn lại", 5.6, "center", nowrap=True),
    Column("Lần đầu / tiếp tục", 5.2, "center"),
    Column("Kết luận kiểm tra", 22.4),
)


@dataclass(frozen=True)
class ListRow:
    """One candidate of the list, in the words of the paper (also the rows of the reading export)."""

    number: int
    group: str
    position: str
    full_name: str
    birth_date: str
    sex: str
    ethnicity: str
    current_post: str
    education: str
    political_theory: str
    target_group: str
    retirement_date: str
    months_remaining: str
    first_time: str
    conclusion: str
    eligible: bool
    birth: object = None  # the date itself (for the spreadsheet); the year's 1 January when only it is known
    retirement: object = None

    def cells(self) -> tuple[str, ...]:
        return (
            str(self.number),
            self.full_name,
            self.birth_date,
            self.sex,
            self.ethnicity,
            self.current_post,
            self.education,
            self.political_theory,
            self.target_group,
            self.retirement_date,
            self.months_remaining,
            self.first_time,
            self.conclusion,
        )


def conclusion(result: EntryResult | None, words: PlainWords) -> str:
    """ "Đủ điều kiện", or "Không đủ điều kiện: …", with the warnings after "Lưu ý: …"."""
    if result is None:
        return ""
    errors = [words(f.message).rstrip(". ") for f in result.findings if f.severity == Severity.ERROR]
    warnings = [words(f.message).rstrip(". ") for f in result.findings if f.severity != Severity.ERROR]
    text = f"{INELIGIBLE}: {'; '.join(errors)}" if errors else ELIGIBLE
    return f"{text}. {NOTE}: {'; '.join(warnings)}." if warnings else text


def _current_post(entry: PlanningEntry) -> str:
    official = entry.official
    title = official.current_position_title or (
        official.current_position.name if official.current_position else ""
    )
    workplace = official.organization.name if official.organization_id else ""
    return ", ".join(part for part in (title, workplace) if part)


def list_rows(planning_list: PlanningList) -> tuple[list[ListRow], object, PlainWords]:
    """The list's active entries as paper rows, in the list page's order, and the list's evaluation."""
    evaluation = planning_list_evaluate(planning_list=planning_list)
    results = {r.entry_id: r for r in evaluation.result.entry_results}
    words = PlainWords(Position.objects.all())
    with translation.override("vi"):
        groups = {code: str(label) for code, label in PositionGroup.choices}
    order = {code: i for i, (code, _label) in enumerate(PositionGroup.choices)}
    entries = sorted(
        planning_list.entries.filter(status=EntryStatus.ACTIVE).select_related(
            "official__organization", "official__current_position", "position"
        ),
        key=lambda e: (
            order.get(e.position.group, 9),
            e.position.sort_order,
            e.position_id,
            e.official.search_name,
            e.pk,
        ),
    )
    rows = []
    for number, entry in enumerate(entries, start=1):
        official, result = entry.official, results.get(entry.pk)
        with translation.override("vi"):
            theory = official.get_political_theory_display() if official.political_theory else ""
        rows.append(
            ListRow(
                number=number,
                group=groups.get(entry.position.group, entry.position.group),
                position=entry.position.name,
                full_name=official.full_name,
                birth_date=str(official.birth_date.year)
                if official.birth_year_only
                else dmy(official.birth_date),
                sex=SEX.get(official.sex, official.sex),
                ethnicity=official.ethnicity,
                current_post=_current_post(entry),
                education=official.education,
                political_theory=str(theory),
                target_group=str(result.target_group) if result else str(entry.target_group_override or ""),
                retirement_date=dmy(result.retirement_date) if result else "",
                months_remaining=str(result.months_remaining) if result else "",
                first_time=FIRST_TIME if entry.first_time else CARRIED_OVER,
                conclusion=conclusion(result, words),
                eligible=bool(result and result.eligible),
                birth=official.birth_date,
                retirement=result.retirement_date if result else None,
            )
        )
    return rows, evaluation, words


def structure_lines(evaluation: object, words: PlainWords) -> list[str]:
    """The structure figures (R4, R5) and the list's own findings, as sentences."""
    result = evaluation.result  # type: ignore[attr-defined]
    lines = [
        f"Số người được quy hoạch: {result.people}; số lượt quy hoạch (người × chức danh): {result.entries}."
    ]
    with translation.override("vi"):
        labels = {code: str(label) for code, label in QuotaCode.choices}
    for quota in result.quotas:
        label = labels.get(quota.code, quota.code)
        line = f"{label}: {quota.count}/{quota.total} người ({percent(quota.actual)})"
        if quota.target is not None:
            verdict = "đạt" if quota.ok else ("chưa đạt" if quota.ok is False else "chưa áp dụng")
            line += f", chỉ tiêu từ {percent(quota.target).removesuffix(',00%')}% trở lên: {verdict}"
        lines.append(line + ".")
    lines.extend(words(f.message) for f in result.findings)
    return lines


def list_document(*, planning_list: PlanningList) -> Document:
    """The paper `list` of contracts §8 for one edition of a planning list."""
    rows, evaluation, words = list_rows(planning_list)
    document = Document(
        head=paper_head(
            planning_list,
            kind=party.LIST,
            title=("trích ngang cán bộ được quy hoạch", list_subject(planning_list)),
        ),
        signature=paper_signature(planning_list),
        landscape=True,
        file_stem=file_stem(planning_list, "danh-sach"),
    )
    blocks = document.blocks
    if not rows:
        blocks.append(Paragraph(NOTHING_PLANNED, italic=True))
    section, position = 0, None
    current: list[tuple[str, ...]] = []
    for row in rows:
        if row.group != (rows[row.number - 2].group if row.number > 1 else None):
            if current:
                blocks.append(Table(COLUMNS, tuple(current)))
                current = []
            blocks.append(Heading(f"{ROMAN[section]}. {row.group}"))
            section, position = section + 1, None
        if row.position != position:
            if current:
                blocks.append(Table(COLUMNS, tuple(current)))
                current = []
            blocks.append(Heading(row.position, level=2))
            position = row.position
        current.append(row.cells())
    if current:
        blocks.append(Table(COLUMNS, tuple(current)))
    blocks.append(Heading(f"{ROMAN[min(section, len(ROMAN) - 1)]}. Cơ cấu của danh sách"))
    blocks.extend(Paragraph(f"- {line}", indent=False) for line in structure_lines(evaluation, words))
    return document
