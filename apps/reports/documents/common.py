"""What the three papers of a round share: the words for codes, dates, the header and the signature."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.utils import timezone, translation

from apps.organizations.models import Level, Position
from apps.planning.models import ListKind, PlanningList
from apps.reports.documents import format as party

SEX = {"M": "Nam", "F": "Nữ"}
KIND_PHRASE = {
    ListKind.CURRENT: "nhiệm kỳ hiện tại (rà soát, bổ sung)",
    ListKind.NEXT: "nhiệm kỳ kế tiếp (xây dựng)",
}
RECIPIENTS = ("- Thường trực cấp ủy,", "- Cấp ủy cấp trên (để thẩm định),", "- Lưu hồ sơ.")


def dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def percent(value: float | None) -> str:
    """16,67% the Vietnamese way; a dash when there is nothing to divide."""
    return "—" if value is None else f"{value:.2f}".replace(".", ",") + "%"


class PlainWords:
    """Finding messages with catalogue codes (PHO_BI_THU) replaced by the posts' names (Phó Bí thư)."""

    def __init__(self, positions: Iterable[Position]) -> None:
        self.names = {p.code: p.name for p in positions}
        codes = sorted(self.names, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, codes)) + r")\b") if codes else None

    def __call__(self, message: str) -> str:
        if self.pattern is None:
            return message
        return self.pattern.sub(lambda m: self.names[m.group(1)], message)


def level_label(level: str) -> str:
    with translation.override("vi"):
        return str(dict(Level.choices).get(level, ""))


def term_phrase(planning_list: PlanningList) -> str:
    """ "nhiệm kỳ 2025–2030", from the term's name or its code."""
    name = planning_list.term.name or planning_list.term.code
    return name[0].lower() + name[1:] if name.lower().startswith("nhiệm kỳ") else f"nhiệm kỳ {name}"


def list_subject(planning_list: PlanningList) -> str:
    """ "Đảng bộ xã A1, nhiệm kỳ 2025–2030, danh sách nhiệm kỳ kế tiếp (xây dựng), phiên bản 2"."""
    kind = KIND_PHRASE.get(planning_list.kind, planning_list.kind)  # type: ignore[call-overload]
    return (
        f"{planning_list.organization.name}, {term_phrase(planning_list)} — danh sách {kind}, "
        f"phiên bản {planning_list.version}"
    )


def paper_head(
    planning_list: PlanningList, *, kind: tuple[str, str], title: tuple[str, ...], on: date | None = None
) -> party.Head:
    org = planning_list.organization
    return party.head(
        org, kind=kind, title=title, on=on or timezone.localdate(), level_label=level_label(org.level)
    )


def paper_signature(planning_list: PlanningList) -> party.Signature:
    return party.signature(planning_list.organization, recipients=RECIPIENTS)


def file_stem(planning_list: PlanningList, document: str) -> str:
    return (
        f"{document}_{planning_list.organization.code}_{planning_list.term.code}_"
        f"{planning_list.kind}_v{planning_list.version}"
    )
