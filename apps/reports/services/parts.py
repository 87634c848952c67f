"""The parts of a compliance report (issue 13): each evaluated and written on its own, then joined.

A run writes a plan (`plan.json`: the parts, the time of the report, a token of the run) in the
report's folder under `.parts/<token>/`. Each part evaluates its lists once and writes, into a temporary
folder renamed into place when complete (a part is there entirely or not at all):

- `lists.json`: its lists as they appear in the report's JSON; `rows.csv`: its CSV rows;
- `summary.jsonl`: each list without its entries, with its first ineligible entries (the PDF's table);
- `lists.jsonl` (one workbook) or `detail.xlsx` (a ZIP: the part is one child's detail workbook).

The parts run inline one after the other, or as Celery tasks on any number of workers; a part
delivered twice finds itself done. The parts are then joined into the four files (JSON and CSV by
concatenation, the workbook and the PDF from the summaries), each by `report_file_write` into
`files/<format>`: inline one after the other (`report_files_write`), on workers as four tasks in
parallel. They read the run's `context.json` (totals, rule sets, the rollup by child organization,
the measures), written once by `report_context_write`. The caller publishes the files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings

from apps.core.bulk import cyclic_gc_paused
from apps.core.files import append_file
from apps.organizations.models import Organization, Term
from apps.planning.selectors import PositionsAtLevel
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
    ReportPart,
    compliance_part_lists,
    compliance_report_header,
    compliance_report_measures,
    compliance_report_parts,
    distinct_people,
    report_at_level,
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
    parts: list[ReportPart] | None = None,
) -> dict[str, Any]:
    """Cut the report into parts (unless the caller has: `parts`) and write its plan (atomically) into
    the folder; returns the plan."""
    if parts is None:
        parts = compliance_report_parts(organization=organization, term=term, kind=kind)
    entries = sum(part.entries for part in parts)
    plan: dict[str, Any] = {
        "token": uuid.uuid4().hex,
        "organization_id": organization.pk,
        "term_id": term.pk,
        "kind": kind,
        "generated_at": generated_at,
        "requested_by": requested_by,
        "entries": entries,
        "mode": MODE_ZIP if entries > settings.REPORT_XLSX_DETAIL_THRESHOLD else MODE_SINGLE,
        "parts": [asdict(part) for part in parts],
        # R6's counts, once for every part (officials over the smallest cap only: usually none)
        "at_level": [
            [*scope, official, count]
            for scope, counts in report_at_level(organization=organization, term=term, kind=kind).items()
            for official, count in counts.items()
        ],
    }
    _parts_root(folder, plan["token"]).mkdir(parents=True, exist_ok=True)
    _write_atomically(folder / PARTS_FOLDER / PLAN_FILE, orjson.dumps(plan))
    return plan


def report_plan_read(*, folder: Path) -> dict[str, Any] | None:
    """The plan of the report's current run, or None."""
    try:
        return orjson.loads((folder / PARTS_FOLDER / PLAN_FILE).read_bytes())
    except FileNotFoundError:
        return None


def _part_dirs(folder: Path, plan: dict[str, Any]) -> list[Path]:
    """The folders of the plan's parts, in report order."""
    return [_part_dir(folder, plan["token"], part["number"]) for part in plan["parts"]]


def parts_done(*, folder: Path, plan: dict[str, Any]) -> int:
    """How many parts of the plan are written."""
    return sum(path.is_dir() for path in _part_dirs(folder, plan))


def _header(plan: dict[str, Any], organization: Organization, term: Term) -> dict[str, Any]:
    header = compliance_report_header(organization=organization, term=term, kind=plan["kind"])
    header["generated_at"] = plan["generated_at"]
    return header


def _summary_line(lst: dict[str, Any], shown: int) -> tuple[dict[str, Any], int]:
    """A list without its entries; its ineligible entries kept while fewer than PDF_ROW_LIMIT are shown."""
    line = {key: value for key, value in lst.items() if key != "entries_detail"}
    room = max(0, PDF_ROW_LIMIT - shown)
    ineligible = (
        [entry for entry in lst.get("entries_detail", ()) if not entry["eligible"]][:room] if room else []
    )
    line["ineligible_detail"] = ineligible
    return line, shown + len(ineligible)


@cyclic_gc_paused()
def report_part_write(*, folder: Path, plan: dict[str, Any], number: int) -> bool:
    """Evaluate part `number` of the plan and write its files; False if it was written already."""
    target = _part_dir(folder, plan["token"], number)
    if target.is_dir():
        return False
    part = plan["parts"][number - 1]
    organization = Organization.objects.get(pk=plan["organization_id"])
    term = Term.objects.get(pk=plan["term_id"])
    at_level: PositionsAtLevel | None = None
    if "at_level" in plan:
        at_level = defaultdict(dict)
        for term_id, kind, level, official, count in plan["at_level"]:
            at_level[(term_id, kind, level)][official] = count
    lists = compliance_part_lists(list_ids=part["list_ids"], builder=report_builder(), at_level=at_level)
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        (temporary / "lists.json").write_bytes(json_lists_fragment(lists))
        with (temporary / "rows.csv").open("wb") as stream:
            write_csv_rows(lists, stream)
        shown = 0
        with (temporary / "summary.jsonl").open("wb") as out:
            for lst in lists:
                line, shown = _summary_line(lst, shown)
                out.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
        if plan["mode"] == MODE_ZIP:
            with (temporary / "detail.xlsx").open("wb") as stream:
                write_detail_xlsx(_header(plan, organization, term), part["organization_name"], lists, stream)
        else:
            with (temporary / "lists.jsonl").open("wb") as out:
                for lst in lists:
                    out.write(orjson.dumps(lst, option=orjson.OPT_APPEND_NEWLINE))
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
    """The items of a part's JSON-lines file (written by orjson, which reads them back 4 times faster
    than the json module: the workbook and the PDF read a national report's 15,710 lists)."""
    with path.open("rb") as source:
        for line in source:
            yield orjson.loads(line)


CONTEXT_FILE = "context.json"
FILES_FOLDER = "files"
FORMATS = ("json", "xlsx", "pdf", "csv")


BASE_FILE = "base.json"


def report_base_write(*, folder: Path, plan: dict[str, Any]) -> dict[str, Any]:
    """What the report's context takes from the database, not from the parts: the distinct officials
    of its lists and its measures (R8); written once for the run (a second call reads it).

    On workers it is a task of its own beside the parts, so that the join does not wait for its
    queries (a second of a national report's).
    """
    path = _parts_root(folder, plan["token"]) / BASE_FILE
    with suppress(FileNotFoundError):
        return orjson.loads(path.read_bytes())
    organization = Organization.objects.get(pk=plan["organization_id"])
    term = Term.objects.get(pk=plan["term_id"])
    base = {
        "distinct_people": distinct_people(list_ids=[i for part in plan["parts"] for i in part["list_ids"]]),
        "measures": compliance_report_measures(organization=organization, term=term),
    }
    _write_atomically(path, orjson.dumps(base))
    return base


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _context_compute(folder: Path, plan: dict[str, Any]) -> dict[str, Any]:
    """A first pass over the parts' small summaries: the totals, the rule sets, the rollup by child
    organization, how many list findings there are; with the report's base (report_base_write)."""
    dirs = _part_dirs(folder, plan)
    if not all(path.is_dir() for path in dirs):
        raise PartsMissing(plan["token"])
    totals = totals_new()
    rule_sets: set[str] = set()
    children: list[dict[str, Any]] = []
    list_findings = 0
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
            list_findings += len(lst.get("findings", ()))
        children.append(child)
    base = report_base_write(folder=folder, plan=plan)
    totals["distinct_people"] = base["distinct_people"]
    return {
        "totals": totals,
        "rule_sets": sorted(rule_sets),
        "children": children,
        "list_findings": list_findings,
        "measures": base["measures"],
    }


def report_context_write(*, folder: Path, plan: dict[str, Any]) -> dict[str, Any]:
    """The report's context (what every file needs besides the parts), written once for the run.

    PartsMissing when a part is not written yet. The file tasks of a run read it instead of each
    summing the parts again; a second call finds it written.
    """
    path = _parts_root(folder, plan["token"]) / CONTEXT_FILE
    with suppress(FileNotFoundError):
        return orjson.loads(path.read_bytes())
    context = _context_compute(folder, plan)
    _write_atomically(path, orjson.dumps(context))
    return context


def _file_path(folder: Path, plan: dict[str, Any], fmt: str) -> Path:
    return _parts_root(folder, plan["token"]) / FILES_FOLDER / fmt


@cyclic_gc_paused()
def report_file_write(*, folder: Path, plan: dict[str, Any], fmt: str) -> Path:
    """Join the written parts into the report's file of one format (JSON and CSV by concatenation, the
    workbook and the PDF from the summaries); returns its path in the run's folder.

    Written under a temporary name and renamed when complete, so that the file is there entirely or
    not at all; a second call finds it written. The four formats are independent: inline they are
    written one after the other, on workers as four tasks in parallel.
    """
    target = _file_path(folder, plan, fmt)
    if target.is_file():
        return target
    context = report_context_write(folder=folder, plan=plan)
    dirs = _part_dirs(folder, plan)
    organization = Organization.objects.get(pk=plan["organization_id"])
    term = Term.objects.get(pk=plan["term_id"])

    def report(lists: Any) -> dict[str, Any]:
        data = {
            **_header(plan, organization, term),
            "lists": lists,
            "totals": context["totals"],
            "measures": context["measures"],
        }
        if plan.get("requested_by"):
            data["requested_by"] = plan["requested_by"]
        return data

    def summaries() -> Iterator[dict[str, Any]]:
        for path in dirs:
            yield from _lines(path / "summary.jsonl")

    target.parent.mkdir(exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{fmt}.", suffix=".part")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as stream:
            if fmt == "json":
                write_json(report(RawJSON(p / "lists.json") for p in dirs), stream)
            elif fmt == "csv":
                write_csv_head(stream)
                for path in dirs:
                    append_file(stream, path / "rows.csv")
            elif fmt == "pdf":
                write_pdf(report(summaries()), stream)
            elif plan["mode"] == MODE_ZIP:
                summary_book = temporary.with_name(f".{SUMMARY_BOOK}.{uuid.uuid4().hex}")
                try:
                    with summary_book.open("wb") as book:
                        write_summary_xlsx(
                            report(()),
                            context["children"],
                            book,
                            lists=summaries,
                            list_count=context["totals"]["lists"],
                            finding_count=context["list_findings"],
                        )
                    members = [(SUMMARY_BOOK, summary_book)]
                    members += [
                        (child["file"], path / "detail.xlsx")
                        for child, path in zip(context["children"], dirs, strict=True)
                    ]
                    write_zip(stream, members)
                finally:
                    with suppress(FileNotFoundError):
                        summary_book.unlink()
            else:
                write_xlsx(report(lst for path in dirs for lst in _lines(path / "lists.jsonl")), stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return target


def report_files_summary(*, folder: Path, plan: dict[str, Any]) -> dict[str, Any]:
    """What the report records once published: generated_at, totals, rule_sets, zipped."""
    context = report_context_write(folder=folder, plan=plan)
    return {
        "generated_at": plan["generated_at"],
        "totals": context["totals"],
        "rule_sets": context["rule_sets"],
        "zipped": plan["mode"] == MODE_ZIP,
    }


def files_done(*, folder: Path, plan: dict[str, Any]) -> int:
    """How many of the run's four files are written."""
    return sum(_file_path(folder, plan, fmt).is_file() for fmt in FORMATS)


def report_files_write(
    *, folder: Path, plan: dict[str, Any], formats: tuple[str, ...] = FORMATS
) -> tuple[dict[str, Path], dict[str, Any]]:
    """Join the written parts into the report's files, one format after the other.

    Returns the files by format (in the run's folder) and the summary of report_files_summary;
    PartsMissing when a part is not written yet. The caller moves the files into place.
    """
    files = {fmt: report_file_write(folder=folder, plan=plan, fmt=fmt) for fmt in formats}
    return files, report_files_summary(folder=folder, plan=plan)


def report_parts_clear(*, folder: Path) -> None:
    """Remove the parts and the plan once the files are published."""
    shutil.rmtree(folder / PARTS_FOLDER, ignore_errors=True)
