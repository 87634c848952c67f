"""The tally minutes of every recorded vote step (biên bản kiểm phiếu, contracts §8 `votes`)."""

from __future__ import annotations

from collections import Counter

from django.utils import translation

from apps.planning.models import PlanningList, VoteStep
from apps.planning.selectors import planning_list_params, vote_step_sheet
from apps.reports.documents import format as party
from apps.reports.documents.common import dmy, file_stem, list_subject, paper_head, paper_signature, percent
from apps.reports.documents.list_data import ROMAN
from apps.reports.documents.model import Column, Document, Heading, Paragraph, Table
from apps.rules.engine import Vote, vote_passed

PASSED, NOT_PASSED = "Đạt", "Không đạt"
NO_STEP = "Chưa có bước lấy phiếu nào được ghi nhận cho danh sách này."
THRESHOLD = "Một bước đạt khi số phiếu đồng ý vượt quá {threshold} số phiếu hợp lệ (quy định của bộ quy tắc)."
STEP_FIGURES = "Số người được triệu tập: {summoned}; số người có mặt: {present}; số phiếu hợp lệ: {valid}."
COLUMNS = (
    Column("STT", 6, "center", nowrap=True),
    Column("Họ và tên", 24),
    Column("Chức danh quy hoạch", 22),
    Column("Số phiếu hợp lệ", 12, "center", nowrap=True),
    Column("Số phiếu đồng ý", 12, "center", nowrap=True),
    Column("Tỷ lệ đồng ý", 12, "center", nowrap=True),
    Column("Kết quả", 12, "center"),
)


def _share(vote: Vote) -> float | None:
    return round(100 * vote.in_favour / vote.valid_ballots, 2) if vote.valid_ballots else None


def votes_document(*, planning_list: PlanningList) -> Document:
    """The paper `votes` of contracts §8: per recorded step its date and figures, per candidate the result."""
    threshold = planning_list_params(planning_list=planning_list).vote_threshold_percent
    document = Document(
        head=paper_head(
            planning_list,
            kind=party.MINUTES,
            title=("kiểm phiếu giới thiệu cán bộ quy hoạch", list_subject(planning_list)),
        ),
        signature=paper_signature(planning_list),
        file_stem=file_stem(planning_list, "bien-ban-kiem-phieu"),
    )
    blocks = document.blocks
    blocks.append(Paragraph(THRESHOLD.format(threshold=percent(threshold).removesuffix(",00%") + "%")))
    section = 0
    with translation.override("vi"):
        steps = [(code, str(label)) for code, label in VoteStep.choices]
    for step, label in steps:
        sheet = vote_step_sheet(planning_list=planning_list, step=step)
        recorded = [e for e in sheet.entries if e.pk in sheet.figures]
        if not recorded:
            continue
        held = f", ngày {dmy(sheet.held_on)}" if sheet.held_on else ""
        blocks.append(Heading(f"{ROMAN[section]}. {label}{held}"))
        section += 1
        figures = [sheet.figures[e.pk] for e in recorded]
        common = Counter((f.summoned, f.present, f.valid_ballots) for f in figures).most_common(1)[0][0]
        blocks.append(Paragraph(STEP_FIGURES.format(summoned=common[0], present=common[1], valid=common[2])))
        rows = []
        for number, entry in enumerate(recorded, start=1):
            f = sheet.figures[entry.pk]
            vote = Vote(step, f.held_on, f.summoned, f.present, f.valid_ballots, f.in_favour)
            rows.append(
                (
                    str(number),
                    entry.official.full_name,
                    entry.position.name,
                    str(f.valid_ballots),
                    str(f.in_favour),
                    percent(_share(vote)),
                    PASSED if vote_passed(vote, threshold) else NOT_PASSED,
                )
            )
        blocks.append(Table(COLUMNS, tuple(rows)))
    if section == 0:
        blocks.append(Paragraph(NO_STEP, italic=True))
    return document
