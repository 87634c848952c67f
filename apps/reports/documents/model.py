"""What a paper holds, apart from how it is written: its header, blocks of text and tables, its signature.

The data builders make a `Document`; the DOCX and PDF writers write any `Document` the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.reports.documents.format import Head, Signature


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # a share of the text width (the widths of a table add up to about 100)
    align: str = "left"  # "left" | "center" | "right"
    nowrap: bool = False  # a date or a number: never broken over two lines


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a section (I., II.), 2: a position inside a group


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False
    bold: bool = False
    indent: bool = True


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Table


@dataclass
class Document:
    """One paper of a round: `landscape` for a wide table (the planning list)."""

    head: Head
    signature: Signature
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    file_stem: str = "van-ban"

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
