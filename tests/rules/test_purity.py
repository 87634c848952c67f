"""The engine is pure Python: no Django, no database, no clock (contracts.md §2, style.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "apps" / "rules" / "engine"
ROOT = ENGINE.parents[2]
FORBIDDEN_MODULES = {"django", "psycopg", "psycopg2", "sqlite3", "celery", "time", "apps"}
CLOCK_CALLS = {"today", "now", "utcnow", "time", "monotonic", "perf_counter"}


def engine_modules() -> list[Path]:
    modules = sorted(ENGINE.glob("*.py"))
    assert {p.name for p in modules} >= {"__init__.py", "types.py", "evaluate.py", "retirement.py"}
    return modules


def imported_modules(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_engine_module_imports_django_a_database_or_the_clock() -> None:
    for path in engine_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        assert not imported_modules(tree) & FORBIDDEN_MODULES, path.name
        dynamic = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"__import__", "exec", "eval"}
        ]
        assert dynamic == [], path.name


def test_no_engine_module_reads_the_clock() -> None:
    for path in engine_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        calls = [
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_CALLS
        ]
        assert calls == [], path.name


def test_importing_the_engine_loads_no_django() -> None:
    code = (
        "import sys, apps.rules.engine as e; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'psycopg', 'celery'}); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
