"""Run the compliance_report command as from a shell and read its JSON (contracts §6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from apps.reports.management.commands import compliance_report as command


def report_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, org: str, term: str = "2025-2030"
) -> dict[str, Any]:
    # run_from_argv closes every connection when done, which would end the test's transaction
    monkeypatch.setattr(connections, "close_all", lambda: None)
    output = tmp_path / "report.json"
    try:
        command.Command().run_from_argv(
            [
                "manage.py",
                "compliance_report",
                "--org",
                org,
                "--term",
                term,
                "--format",
                "json",
                "--output",
                str(output),
            ]
        )
    except SystemExit as exc:
        assert not exc.code
    return json.loads(output.read_text(encoding="utf-8"))


def list_codes(data: dict[str, Any], index: int = 0) -> list[str]:
    return [f["code"] for f in data["lists"][index]["findings"]]


def entry_codes(data: dict[str, Any], index: int = 0) -> list[list[str]]:
    return [[f["code"] for f in e["findings"]] for e in data["lists"][index]["entries_detail"]]
