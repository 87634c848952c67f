"""The papers of a round (contracts §8): one data builder per paper, one DOCX and one PDF writer, one format.

`build_document` makes the `Document` of a paper; `write_document` writes it as .docx or .pdf.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from apps.planning.models import PlanningList
from apps.reports.documents.docx_writer import write_docx
from apps.reports.documents.list_data import list_document
from apps.reports.documents.model import Document
from apps.reports.documents.pdf_writer import write_pdf_document
from apps.reports.documents.training_data import training_document
from apps.reports.documents.votes_data import votes_document

BUILDERS: dict[str, Callable[..., Document]] = {
    "list": list_document,
    "votes": votes_document,
    "training": training_document,
}
WRITERS: dict[str, Callable[[Document, BinaryIO], None]] = {"docx": write_docx, "pdf": write_pdf_document}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
NAMES = {
    "list": "Danh sách trích ngang",
    "votes": "Biên bản kiểm phiếu",
    "training": "Danh sách cần đào tạo, bồi dưỡng",
}


def build_document(*, planning_list: PlanningList, document: str) -> Document:
    """The paper `document` ("list" | "votes" | "training") of one edition of a planning list."""
    return BUILDERS[document](planning_list=planning_list)


def write_document(document: Document, fmt: str, stream: BinaryIO) -> None:
    """Write a paper as `fmt` ("docx" | "pdf") to a binary stream."""
    WRITERS[fmt](document, stream)


__all__ = ["BUILDERS", "CONTENT_TYPES", "NAMES", "WRITERS", "Document", "build_document", "write_document"]
