"""The parts of a compliance report (issue 13): each evaluated and written on its own, then joined.

A run writes a plan (`plan.json`: the parts, the time of the report, a token of the run) in the
report's folder under `.parts/<token>/`. Each part evaluates its lists once and writes, into a temporary
folder renamed into place when complete (a part is there entirely or not at all):

- `lists.json`: its lists as they appear in the report's JSON; `rows.csv`: its CSV rows;
- `summary.jsonl`: each list without its entries, with its first ineligible entries (the PDF's table);
- `lists.jsonl` (one workbook) or `detail.xlsx` (a ZIP: the part is one child's detail workbook).

The parts run inline one after the other, or as Celery tasks on any number of workers; a part
delivered twice finds itself done. `report_files_write` then joins them into the four files (JSON and
CSV by concatenation, the workbook and the PDF from the summaries), which the caller publishes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings

from apps.organizations.models import Organization, Term
from apps.reports.exporters.json_csv import (
    RawJSON,
    json_lists_fragment,
    write_csv_head,
    write_csv_rows,
    write_json,
)
from apps.reports.exporters.pdf import PDF_ROW_LIMIT, write_pdf
from apps.reports.exporters.xlsx import write_xlsx
from apps.reports.exporters.xlsx_split import (
    SUMMARY_BOOK,
    detail_book_name,
    write_detail_xlsx,
    write_summary_xlsx,
    write_zip,
)
from apps.reports.selectors.streaming import (
    SUMMED_KEYS,
    compliance_part_lists,
    compliance_report_header,
    compliance_report_measures,
    compliance_report_parts,
    distinct_people,
    report_builder,
    totals_add,
    totals_new,
)

PARTS_FOLDER = ".parts"
PLAN_FILE = "plan.json"
MODE_SINGLE, MODE_ZIP = "single", "zip"


class PartsMissing(Exception):
    """The report's files were asked for before all its parts were written."""


def _parts_root(folder: Path, token: str) -> Path:
    return folder / PARTS_FOLDER / token


def _part_dir(folder: Path, token: str, number: int) -> Path:
    return _parts_root(folder, token) / f"part-{number:04d}"


def report_plan_write(
    *,
    folder: Path,
    organization: Organization,
    term: Term,
    kind: str | None,
    generated_at: str,
    requested_by: str,
) -> dict[str, Any]:
    """Cut the report into parts and write its plan (atomically) into the folder; returns the plan."""
    parts = compliance_report_parts(organization=organization, term=term, kind=kind)
    entries = sum(part.entries for part in parts)
    plan = {
        "token": uuid.uuid4().hex,
        "organization_id": organization.pk,
        "term_id": term.pk,
        "kind": kind,
        "generated_at": generated_at,
        "requested_by": requested_by,
        "entries": entries,
        "mode": MODE_ZIP if entries > settings.REPORT_XLSX_DETAIL_THRESHOLD else MODE_SINGLE,
        "parts": [asdict(part) for part in parts],
    }
    root = _parts_root(folder, plan["token"])
    root.mkdir(parents=True, exist_ok=True)
    temporary = root / f".{PLAN_FILE}.{uuid.uuid4().hex}"
    temporary.write_text(json.dumps(plan), encoding="utf-8")
    os.replace(temporary, folder / PARTS_FOLDER / PLAN_FILE)
    return plan


def report_plan_read(*, folder: Path) -> dict[str, Any] | None:
    """The plan of the report's current run, or None."""
    try:
        return json.loads((folder / PARTS_FOLDER / PLAN_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def parts_done(*, folder: Path, plan: dict[str, Any]) -> int:
    """How many parts of the plan are written."""
    return sum(_part_dir(folder, plan["token"], part["number"]).is_dir() for part in plan["parts"])


def _header(plan: dict[str, Any], organization: Organization, term: Term) -> dict[str, Any]:
    header = compliance_report_header(organization=organization, term=term, kind=plan["kind"])
    header["generated_at"] = plan["generated_at"]
    return header


def _summary_line(lst: dict[str, Any], shown: int) -> tuple[dict[str, Any], int]:
    """A list without its entries; its ineligible entries kept while fewer than PDF_ROW_LIMIT are shown."""
    line = {key: value for key, value in lst.items() if key != "entries_detail"}
    room = max(0, PDF_ROW_LIMIT - shown)
    ineligible = [entry for entry in lst.get("entries_detail", ()) if not entry["eligible"]][:room]
    line["ineligible_detail"] = ineligible
    return line, shown + len(ineligible)


def report_part_write(*, folder: Path, plan: dict[str, Any], number: int) -> bool:
    """Evaluate part `number` of the plan and write its files; False if it was written already."""
    target = _part_dir(folder, plan["token"], number)
    if target.is_dir():
        return False
    part = plan["parts"][number - 1]
    organization = Organization.objects.get(pk=plan["organization_id"])
    term = Term.objects.get(pk=plan["term_id"])
    lists = compliance_part_lists(list_ids=part["list_ids"], builder=report_builder())
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        (temporary / "lists.json").write_text(json_lists_fragment(lists), encoding="utf-8")
        with (temporary / "rows.csv").open("wb") as stream:
            write_csv_rows(lists, stream)
        shown = 0
        with (temporary / "summary.jsonl").open("w", encoding="utf-8") as out:
            for lst in lists:
                line, shown = _summary_line(lst, shown)
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        if plan["mode"] == MODE_ZIP:
            with (temporary / "detail.xlsx").open("wb") as stream:
                write_detail_xlsx(_header(plan, organization, term), part["organization_name"], lists, stream)
        else:
            with (temporary / "lists.jsonl").open("w", encoding="utf-8") as out:
                for lst in lists:
                    out.write(json.dumps(lst, ensure_ascii=False) + "\n")
        try:
            os.rename(temporary, target)
        except OSError:  # another delivery of this part finished first: keep its files
            if not target.is_dir():
                raise
            shutil.rmtree(temporary, ignore_errors=True)
            return False
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return True


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as source:
        for line in source:
            yield json.loads(line)


def _temporary(folder: Path, fmt: str) -> tuple[Path, Any]:
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{fmt}.", suffix=".part")
    return Path(name), os.fdopen(fd, "wb")


def _sync(stream: Any) -> None:
    stream.flush()
    os.fsync(stream.fileno())
    stream.close()


def report_files_write(
    *, folder: Path, plan: dict[str, Any], formats: tuple[str, ...] = ("json", "xlsx", "pdf", "csv")
) -> tuple[dict[str, Path], dict[str, Any]]:
    """Join the written parts into the report's files (temporary names in the folder).

    Returns the files by format and a summary (generated_at, totals, rule_sets, zipped); PartsMissing
    when a part is not written yet. The caller moves the files into place.
    """
    dirs = [_part_dir(folder, plan["token"], part["number"]) for part in plan["parts"]]
    if not all(path.is_dir() for path in dirs):
        raise PartsMissing(plan["token"])
    organization = Organization.objects.get(pk=plan["organization_id"])
    term = Term.objects.get(pk=plan["term_id"])
    # first pass over the small summaries: the totals and the rollup by child organization
    totals = totals_new()
    rule_sets: set[str] = set()
    children: list[dict[str, Any]] = []
    for part, path in zip(plan["parts"], dirs, strict=True):
        child = {
            "organization": part["organization"],
            "organization_name": part["organization_name"],
            "file": detail_book_name(part["organization"]),
            **dict.fromkeys(("lists", *SUMMED_KEYS), 0),
        }
        for lst in _lines(path / "summary.jsonl"):
            totals_add(totals, lst)
            child["lists"] += 1
            for key in SUMMED_KEYS:
                child[key] += lst[key]
            rule_sets.add(lst["rule_set"])
        children.append(child)
    totals["distinct_people"] = distinct_people(
        list_ids=[i for part in plan["parts"] for i in part["list_ids"]]
    )
    measures = compliance_report_measures(organization=organization, term=term)

    def report(lists: Any) -> dict[str, Any]:
        data = {**_header(plan, organization, term), "lists": lists, "totals": totals, "measures": measures}
        if plan.get("requested_by"):
            data["requested_by"] = plan["requested_by"]
        return data

    def summaries() -> Iterator[dict[str, Any]]:
        for path in dirs:
            yield from _lines(path / "summary.jsonl")

    files: dict[str, Path] = {}
    zipped = plan["mode"] == MODE_ZIP
    try:
        for fmt in formats:
            files[fmt], stream = _temporary(folder, fmt)
            if fmt == "json":
                write_json(
                    report(RawJSON(p / "lists.json") for p in dirs),
                    stream,
                )
            elif fmt == "csv":
                write_csv_head(stream)
                for path in dirs:
                    with (path / "rows.csv").open("rb") as source:
                        shutil.copyfileobj(source, stream, 1 << 20)
            elif fmt == "pdf":
                write_pdf(report(summaries()), stream)
            elif zipped:
                summary_book = _parts_root(folder, plan["token"]) / SUMMARY_BOOK
                with summary_book.open("wb") as book:
                    write_summary_xlsx(report(summaries()), children, book)
                members = [(SUMMARY_BOOK, summary_book)]
                members += [
                    (child["file"], path / "detail.xlsx") for child, path in zip(children, dirs, strict=True)
                ]
                write_zip(stream, members)
            else:
                write_xlsx(report(lst for path in dirs for lst in _lines(path / "lists.jsonl")), stream)
            _sync(stream)
    except BaseException:
        for path in files.values():
            with suppress(FileNotFoundError):
                path.unlink()
        raise
    summary = {
        "generated_at": plan["generated_at"],
        "totals": totals,
        "rule_sets": sorted(rule_sets),
        "zipped": zipped,
    }
    return files, summary


def report_parts_clear(*, folder: Path) -> None:
    """Remove the parts and the plan once the files are published."""
    shutil.rmtree(folder / PARTS_FOLDER, ignore_errors=True)
