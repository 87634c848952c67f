"""Any paper (`Document`) as a PDF in the Party's format (WeasyPrint, the stylesheet of every PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from apps.reports.documents.format import format_css
from apps.reports.documents.model import Document, Heading, Paragraph

TEMPLATE = "reports/documents/document.html"
STYLESHEET = "css/party_document.css"


def _blocks(document: Document) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            shown.append({"kind": "heading", "text": block.text, "level": block.level})
        elif isinstance(block, Paragraph):
            shown.append({"kind": "paragraph", **block.__dict__})
        else:
            aligns = [c.align + (" nowrap" if c.nowrap else "") for c in block.columns]
            total = sum(c.width for c in block.columns) or 1
            shown.append(
                {
                    "kind": "table",
                    # widths as text, so that the Vietnamese decimal comma never reaches the CSS
                    "columns": [
                        {"header": c.header, "width": f"{100 * c.width / total:.2f}%"} for c in block.columns
                    ],
                    "rows": [
                        [{"text": t, "align": a} for t, a in zip(row, aligns, strict=True)]
                        for row in block.rows
                    ],
                }
            )
    return shown


def render_document_html(document: Document) -> str:
    """The HTML a paper's PDF is rendered from."""
    context = {
        "head": document.head,
        "signature": document.signature,
        "blocks": _blocks(document),
        "landscape": document.landscape,
    }
    return render_to_string(TEMPLATE, context)


def _static_root() -> Path:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    return Path(found).resolve().parent.parent


def _local_fetcher(root: Path) -> Any:
    """A URL fetcher that reads files under the static folder only: the PDF never reaches the network."""
    from weasyprint.urls import URLFetcher

    class StaticFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "file" or not Path(url2pathname(parts.path)).resolve().is_relative_to(root):
                raise ValueError(f"refused to fetch {url} while rendering a report")
            return super().fetch(url, headers)

    return StaticFetcher(allowed_protocols={"file"})


def render_party_pdf(html_text: str, extra_stylesheets: tuple[str, ...] = ()) -> Any:
    """Lay out HTML with the party stylesheet and the format's sizes (and `extra_stylesheets` after them)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    root = _static_root()
    fetcher = _local_fetcher(root)
    fonts = FontConfiguration()
    sheets = [
        CSS(filename=str(root / STYLESHEET), font_config=fonts, url_fetcher=fetcher),
        CSS(string=format_css(), font_config=fonts, url_fetcher=fetcher),
        *(
            CSS(filename=str(root / name), font_config=fonts, url_fetcher=fetcher)
            for name in extra_stylesheets
        ),
    ]
    html = HTML(string=html_text, base_url=str(root) + "/", url_fetcher=fetcher)
    return html.render(stylesheets=sheets, font_config=fonts)


def write_pdf_document(document: Document, stream: BinaryIO) -> None:
    """The paper as a PDF written to a binary stream."""
    render_party_pdf(render_document_html(document)).write_pdf(stream)
