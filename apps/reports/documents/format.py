"""The Party's document format (domain §4; Hướng dẫn 36-HD/VPTW, 2018), in one place for every PDF and DOCX.

The header blocks, the number line, the place and date, the document type, the signature and the sizes
are decided here; the DOCX writer reads these constants and the PDF writers read `format_css()` and the
partials `reports/documents/_head.html` and `_signature.html`. Quy định 399-QĐ/TW (09/01/2026) may change
details: change them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
STAR = "*"
DEFAULT_ISSUER = "BAN TỔ CHỨC"
CENTRAL_HIGHER_BODY = "BAN CHẤP HÀNH TRUNG ƯƠNG"
CENTRAL_ISSUER = "BAN TỔ CHỨC TRUNG ƯƠNG"
DEFAULT_ABBREVIATION = "BTC"
CENTRAL_PLACE = "Hà Nội"
HEAD = "TRƯỞNG BAN"
DEPUTY_FOR = "K/T TRƯỞNG BAN"
DEPUTY = "PHÓ TRƯỞNG BAN"
RECIPIENTS_LABEL = "Nơi nhận:"
NUMBER_GAP = "\u00a0" * 6  # the number itself is given when the paper is signed and registered

# The kinds of paper and their abbreviation in the number line ("Số 12-BC/BTCTU").
REPORT = ("BÁO CÁO", "BC")
LIST = ("DANH SÁCH", "DS")
MINUTES = ("BIÊN BẢN", "BB")

# Sizes (points) and margins (millimetres): body 14 pt as the format asks; tables smaller so that a
# wide table fits the page.
FONT_DOCX = "Times New Roman"
PARTY_PT = 15
HEAD_PT = 14
NUMBER_PT = 14
TYPE_PT = 15
BODY_PT = 14
TABLE_PT = 11
WIDE_TABLE_PT = 10
RECIPIENTS_PT = 11
SIGNATURE_SPACE_MM = 25
MARGIN_TOP_MM, MARGIN_RIGHT_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM = 20, 15, 20, 30
A4_MM = (210, 297)


@dataclass(frozen=True)
class Head:
    """The header blocks of one paper: left the higher and the issuing body, right the party line."""

    higher_body: str
    issuer: str
    number: str  # "Số      -BC/BTCTU"
    place_date: str  # "Hà Giang, ngày 02 tháng 12 năm 2026"
    doc_type: str  # "BÁO CÁO"
    title: tuple[str, ...]  # the subject lines under the type (trích yếu)


@dataclass(frozen=True)
class Signature:
    """The signature block: the recipients on the left, the signer's title and name on the right."""

    lines: tuple[str, ...]  # ("TRƯỞNG BAN",) or ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    name: str
    recipients: tuple[str, ...]


def document_date(moment: date) -> str:
    """The date line of a document: "ngày 05 tháng 03 năm 2026"."""
    return f"ngày {moment.day:02d} tháng {moment.month:02d} năm {moment.year}"


def number_line(kind: tuple[str, str], abbreviation: str) -> str:
    """ "Số      -BC/BTCTU": no colon, the number left blank, the issuer's abbreviation from its data."""
    return f"Số{NUMBER_GAP}-{kind[1]}/{abbreviation or DEFAULT_ABBREVIATION}"


def _value(org: Any, key: str) -> Any:
    return org.get(key, "") if isinstance(org, dict) else getattr(org, key, "")


def issuer_lines(org: Any) -> tuple[str, str]:
    """The higher body and the issuing body, from the organization's data or from its name."""
    higher, issuer = _value(org, "document_higher_body"), _value(org, "document_issuer")
    if _value(org, "level") == "central":
        return higher or CENTRAL_HIGHER_BODY, issuer or CENTRAL_ISSUER
    if not higher:
        name = str(_value(org, "name")).upper()
        higher = name if name.startswith("ĐẢNG BỘ") else f"ĐẢNG BỘ {name}"
    return higher, issuer or DEFAULT_ISSUER


def place_name(org: Any, level_label: str = "") -> str:
    """Where the paper is issued: the organization's place name, else its name without the level word."""
    if _value(org, "place"):
        return str(_value(org, "place"))
    if _value(org, "level") == "central":
        return CENTRAL_PLACE
    name = str(_value(org, "name"))
    if level_label and name.lower().startswith(level_label.lower()):
        return name[len(level_label) :].strip() or name
    return name


def head(org: Any, *, kind: tuple[str, str], title: tuple[str, ...], on: date, level_label: str = "") -> Head:
    """The header of a paper of `kind` issued by the organization board of `org` on `on`."""
    higher, issuer = issuer_lines(org)
    return Head(
        higher_body=higher,
        issuer=issuer,
        number=number_line(kind, str(_value(org, "document_abbreviation") or "")),
        place_date=f"{place_name(org, level_label)}, {document_date(on)}",
        doc_type=kind[0],
        title=title,
    )


def signature(org: Any, *, recipients: tuple[str, ...]) -> Signature:
    """ "TRƯỞNG BAN", or "K/T TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN", with the signer's name from the data."""
    lines = (DEPUTY_FOR, DEPUTY) if _value(org, "signer_is_deputy") else (HEAD,)
    return Signature(lines=lines, name=str(_value(org, "signer_name") or ""), recipients=recipients)


def format_css() -> str:
    """The sizes and margins of the format as CSS, for WeasyPrint (the PDF papers and the report)."""
    margins = f"{MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm"
    return f"""
@page {{ size: A4 portrait; margin: {margins}; }}
@page landscape {{ size: A4 landscape; margin: {margins}; }}
html {{ font-size: {BODY_PT}pt; }}
.party-head .party {{ font-size: {PARTY_PT}pt; }}
.party-head .higher, .party-head .issuer {{ font-size: {HEAD_PT}pt; }}
.party-head .number, .party-head .place-date {{ font-size: {NUMBER_PT}pt; }}
.doc-type {{ font-size: {TYPE_PT}pt; }}
table.data {{ font-size: {TABLE_PT}pt; }}
.landscape table.data {{ font-size: {WIDE_TABLE_PT}pt; }}
.party-foot .recipients {{ font-size: {RECIPIENTS_PT}pt; }}
.party-foot .space {{ height: {SIGNATURE_SPACE_MM}mm; }}
"""
