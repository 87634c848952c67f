"""The compliance report's summary as a PDF laid out as an official party document (WeasyPrint).

National and party headers, the organization's name, place and date, a title, then the summary
tables; a table longer than PDF_ROW_LIMIT rows is left to the Excel file and the PDF says so. The text
is set in Noto Serif (static/fonts, SIL OFL), embedded with @font-face so that Vietnamese diacritics
print the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from django.template.loader import render_to_string
from django.utils import translation

from apps.organizations.models import Level, Organization
from apps.planning.models import ListKind, ListStatus
from apps.reports.documents import format as party
from apps.reports.documents.pdf_writer import _local_fetcher, _static_root  # noqa: F401 (tests read them)
from apps.reports.exporters.json_csv import SEX_LABELS, dmy

PDF_ROW_LIMIT = 1000
TEMPLATE = "reports/report_pdf.html"
# the organization's data of the Party's document format (apps/reports/documents/format.py)
DOCUMENT_FIELDS = (
    "document_higher_body",
    "document_issuer",
    "document_abbreviation",
    "signer_name",
    "signer_is_deputy",
)
RECIPIENTS = ("- Thường trực cấp ủy,", "- Các đơn vị trực thuộc,", "- Lưu hồ sơ.")
STYLESHEET = "css/report_pdf.css"
QUOTA_NAMES = {
    "QUOTA_YOUNG": "Cán bộ trẻ",
    "QUOTA_WOMEN": "Cán bộ nữ",
    "QUOTA_ETHNIC": "Cán bộ dân tộc thiểu số",
}
TOTAL_KEYS = {"QUOTA_YOUNG": "young", "QUOTA_WOMEN": "women", "QUOTA_ETHNIC": "ethnic"}
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
KIND_SHORT = {"current": "Hiện tại", "next": "Kế tiếp"}
TOO_LONG = (
    "Bảng này có {rows} dòng, vượt quá {limit} dòng nên không in trong báo cáo này; "
    "xem trang tính “{sheet}” trong tệp Excel (.xlsx) kèm theo."
)
NEEDS_DETAIL = "Xem trang tính “{sheet}” trong tệp Excel (.xlsx) kèm theo."


def number(value: float | int | None, places: int = 0) -> str:
    """A number written the Vietnamese way: 1.234.567 and 16,67."""
    if value is None:
        return "—"
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(count: int, total: int) -> str:
    return number(100 * count / total, 2) + "%" if total else "—"


@dataclass
class Table:
    """Rows of one section, kept up to the limit and counted beyond it."""

    limit: int
    rows: list[Any] = field(default_factory=list)
    count: int = 0

    def add(self, row: Any) -> None:
        self.count += 1
        if self.count <= self.limit:
            self.rows.append(row)

    @property
    def too_long(self) -> bool:
        return self.count > self.limit


@dataclass
class Rollup:
    name: str
    lists: int = 0
    people: int = 0
    entries: int = 0
    ineligible: int = 0
    errors: int = 0
    warnings: int = 0
    young: int = 0
    women: int = 0
    ethnic: int = 0

    def add(self, lst: dict[str, Any]) -> None:
        self.lists += 1
        for key in ("people", "entries", "ineligible", "errors", "warnings", "young", "women", "ethnic"):
            setattr(self, key, getattr(self, key) + lst.get(key, 0))

    def row(self) -> dict[str, str]:
        return {
            "name": self.name,
            "lists": number(self.lists),
            "people": number(self.people),
            "entries": number(self.entries),
            "ineligible": number(self.ineligible),
            "errors": number(self.errors),
            "warnings": number(self.warnings),
            "young": percent(self.young, self.people),
            "women": percent(self.women, self.people),
            "ethnic": percent(self.ethnic, self.people),
        }


def _organization(report: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The report's organization (name, place, level, path) and, per organization code in its subtree,
    the name of the direct child of the root it rolls up to (the root itself for its own lists)."""
    found = (
        Organization.objects.filter(code=report["organization"])
        .values("name", "place", "level", "path", *DOCUMENT_FIELDS)
        .first()
    )
    if found is None:  # a report built elsewhere: only what it says about itself
        root: dict[str, Any] = {
            "name": report.get("organization_name", report["organization"]),
            "place": "",
            "level": "",
            "path": "",
        }
        return root, {}
    root = dict(found)
    depth = len(root["path"])
    children = dict(
        Organization.objects.filter(parent__path=root["path"]).values_list("path", "name").order_by("path")
    )
    group_of: dict[str, Any] = {}  # code -> the name of its child of the root (or the root's)
    for code, path in Organization.objects.filter(path__startswith=root["path"]).values_list("code", "path"):
        head = path[: depth + len(path[depth:].split("/", 1)[0]) + 1]
        group_of[code] = children.get(head, root["name"])
    return root, group_of


def pdf_context(report: dict[str, Any], *, limit: int = PDF_ROW_LIMIT) -> dict[str, Any]:
    """What the PDF template shows, computed in one pass over the report's lists."""
    with translation.override("vi"):
        kinds = {c.value: str(c.label) for c in ListKind}
        short = {c.value: KIND_SHORT.get(c.value, str(c.label)) for c in ListKind}
        statuses = {c.value: str(c.label) for c in ListStatus}
        levels = {c.value: str(c.label) for c in Level}
    root, group_of = _organization(report)
    rollups: dict[str, Rollup] = {}
    lists, list_findings, ineligible = Table(limit), Table(limit), Table(limit)
    detail = True
    rule_sets: set[str] = set()
    for lst in report["lists"]:
        rule_sets.add(lst["rule_set"])
        group = group_of.get(lst["organization"], lst.get("organization_name", lst["organization"]))
        rollups.setdefault(group, Rollup(group)).add(lst)
        quotas = {q["code"]: q for q in lst.get("quotas", ())}
        lists.add(
            {
                "name": lst.get("organization_name", lst["organization"]),
                "kind": short.get(lst["kind"], lst["kind"]),
                "status": statuses.get(lst["status"], lst["status"]),
                "reference_date": dmy(lst["reference_date"]),
                "rule_set": lst["rule_set"],
                "people": number(lst["people"]),
                "entries": number(lst["entries"]),
                "ineligible": number(lst.get("ineligible", 0)),
                "errors": number(lst.get("errors", 0)),
                "warnings": number(lst.get("warnings", 0)),
                "quotas": [
                    _quota_cell(quotas.get(code)) for code in ("QUOTA_YOUNG", "QUOTA_WOMEN", "QUOTA_ETHNIC")
                ],
            }
        )
        for finding in lst.get("findings", ()):
            list_findings.add(
                {
                    "organization": lst.get("organization_name", lst["organization"]),
                    "kind": short.get(lst["kind"], lst["kind"]),
                    "severity": SEVERITY_LABELS.get(finding["severity"], finding["severity"]),
                    "error": finding["severity"] == "error",
                    "message": finding["message"],
                }
            )
        if "ineligible_detail" in lst:  # a part's summary line: its first ineligible entries only
            for entry in lst["ineligible_detail"]:
                ineligible.add(_ineligible_row(lst, entry))
            ineligible.count += lst.get("ineligible", 0) - len(lst["ineligible_detail"])
            continue
        if "entries_detail" not in lst:
            detail = False
            ineligible.count += lst.get("ineligible", 0)
            continue
        for entry in lst["entries_detail"]:
            if not entry["eligible"]:
                ineligible.add(_ineligible_row(lst, entry))
    totals = report.get("totals") or {}
    people = totals.get("people", 0)
    generated = (
        datetime.fromisoformat(report["generated_at"]) if report.get("generated_at") else datetime.now()
    )
    _higher, board = party.issuer_lines(root)
    kind = report.get("kind")
    return {
        "head": party.head(
            root,
            kind=party.REPORT,
            title=(
                f"kết quả kiểm tra danh sách quy hoạch cán bộ {root['name']}",
                _term_label(report) + (f" — {kinds[kind].lower()}" if kind in kinds else ""),
            ),
            on=generated.date(),
            level_label=levels.get(root["level"], ""),
        ),
        "signature": party.signature(root, recipients=RECIPIENTS),
        "board": board,
        "board_name": board.capitalize()
        .replace("tổ chức trung ương", "Tổ chức Trung ương")
        .replace("tổ chức", "Tổ chức"),
        "organization_name": root["name"],
        "term_label": _term_label(report),
        "kind_label": kinds.get(kind, "") if kind else "",
        "generated_at": generated.strftime("%d/%m/%Y %H:%M"),
        "requested_by": report.get("requested_by", ""),
        "totals": [
            ("Số danh sách quy hoạch", number(totals.get("lists", 0)), ""),
            ("Số người được quy hoạch (tính theo từng danh sách)", number(people), ""),
            ("Số người khác nhau", number(totals.get("distinct_people", 0)), ""),
            ("Số lượt quy hoạch (người × chức danh)", number(totals.get("entries", 0)), ""),
            ("Số lượt không đủ điều kiện", number(totals.get("ineligible", 0)), ""),
            ("Số lỗi phải khắc phục", number(totals.get("errors", 0)), ""),
            ("Số cảnh báo cần xem xét", number(totals.get("warnings", 0)), ""),
            *(
                (QUOTA_NAMES[code], number(totals.get(key, 0)), percent(totals.get(key, 0), people))
                for code, key in TOTAL_KEYS.items()
            ),
        ],
        "rule_sets": sorted(rule_sets),
        "rollups": [r.row() for r in rollups.values()] if len(rollups) > 1 else [],
        "rollups_total": len(rollups),
        "measures": _measures(report.get("measures")),
        "lists": lists,
        "list_findings": list_findings,
        "ineligible": ineligible,
        "ineligible_detail": detail,
        "limit": number(limit),
        "lists_note": TOO_LONG.format(rows=number(lists.count), limit=number(limit), sheet="Tổng hợp"),
        "findings_note": TOO_LONG.format(
            rows=number(list_findings.count), limit=number(limit), sheet="Vấn đề"
        ),
        "ineligible_note": (
            TOO_LONG.format(rows=number(ineligible.count), limit=number(limit), sheet="Cán bộ")
            if detail
            else NEEDS_DETAIL.format(sheet="Cán bộ")
        ),
    }


def _ineligible_row(lst: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """A row of the table of ineligible entries."""
    return {
        "full_name": entry["full_name"],
        "birth_date": dmy(entry["birth_date"]),
        "sex": SEX_LABELS.get(entry["sex"], entry["sex"]),
        "organization": lst.get("organization_name", lst["organization"]),
        "position": entry.get("position_name") or entry["position"],
        "retirement_date": dmy(entry["retirement_date"]),
        "months_remaining": entry["months_remaining"],
        "reasons": [f["message"] for f in entry["findings"] if f["severity"] == "error"],
    }


def _measures(measures: dict[str, Any] | None) -> dict[str, Any] | None:
    """R8: the other measures as table rows (figures with a decimal comma, "chưa đặt chỉ tiêu")."""
    if not measures:
        return None
    items = [
        {
            "label": m["label"],
            "figure": f"{number(m['count'])} / {number(m['total'])}",
            "actual": "—" if m["actual"] is None else number(m["actual"], 2),
            "target": "chưa đặt chỉ tiêu" if m["target"] is None else f"từ {number(m['target'], 0)}% trở lên",
            "short": m["ok"] is False,
        }
        for m in measures["items"]
    ]
    return {
        "rule_set": measures["rule_set"],
        "items": items,
        "bands": measures["age_bands"],
        "long_held": measures["long_held"],
        "long_held_count": measures.get("long_held_count", len(measures["long_held"])),
    }


def _term_label(report: dict[str, Any]) -> str:
    """ "nhiệm kỳ 2025–2030", from the term's name ("Nhiệm kỳ 2025–2030") or its code."""
    name = report.get("term_name") or ""
    if name.lower().startswith("nhiệm kỳ"):
        return "nhiệm kỳ" + name[len("nhiệm kỳ") :]
    return f"nhiệm kỳ {name or report['term'].replace('-', '–')}"


def _quota_cell(quota: dict[str, Any] | None) -> dict[str, Any]:
    """A list's share against its target: "16,67%" over "15%"; a dash where it does not apply."""
    if quota is None:
        return {"actual": "—", "target": "", "ok": None}
    actual = "—" if quota["actual"] is None else number(quota["actual"], 2) + "%"
    target = "" if quota["target"] is None else number(quota["target"], 2).removesuffix(",00") + "%"
    return {"actual": actual, "target": target, "ok": quota["ok"]}


def render_pdf_html(report: dict[str, Any]) -> str:
    """The HTML the PDF is rendered from (tests read it)."""
    return render_to_string(TEMPLATE, pdf_context(report))


def render_pdf(report: dict[str, Any]) -> Any:
    """The laid-out document (a weasyprint Document) of the report's summary, in the Party's format."""
    from apps.reports.documents.pdf_writer import render_party_pdf

    return render_party_pdf(render_pdf_html(report), extra_stylesheets=(STYLESHEET,))


def write_pdf(report: dict[str, Any], stream: BinaryIO) -> None:
    """The report's summary as a PDF document written to a binary stream."""
    render_pdf(report).write_pdf(stream)
