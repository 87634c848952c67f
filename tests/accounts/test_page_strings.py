"""Every string of the workspace pages is translated: blocktranslate blocks, `_("...")` in templates and
gettext calls in the Python modules behind them (tests/test_locale.py checks plain {% translate %})."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
TEMPLATES = [
    *(ROOT / "templates").glob("*.html"),
    *(ROOT / "templates" / "people").glob("*.html"),
    *(ROOT / "templates" / "organizations").glob("*.html"),
]
MODULES = (
    [ROOT / "apps" / "accounts" / name for name in ("access.py", "selectors.py", "views.py")]
    + [
        ROOT / "apps" / "reports" / "selectors" / "home.py",
        ROOT / "apps" / "reports" / "views" / "__init__.py",
        ROOT / "apps" / "reports" / "views" / "foresight.py",
    ]
    + [ROOT / "apps" / "people" / name for name in ("filters.py", "forms.py", "views.py")]
    + sorted((ROOT / "apps" / "people" / "services").glob("*.py"))
)
TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
UNDERSCORE = re.compile(r"""_\((["'])(.+?)\1\)""")
BLOCK = re.compile(r"{%\s*blocktranslate(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktranslate\s*%}", re.S)


def template_msgids(text: str) -> set[str]:
    found = {m.group(2) for m in TRANSLATE.finditer(text)} | {m.group(2) for m in UNDERSCORE.finditer(text)}
    for m in BLOCK.finditer(text):
        assert "count" not in m.group("args").split(), "plural blocks are not in the catalogue tooling"
        body = m.group("body")
        if "trimmed" in m.group("args").split():
            body = " ".join(body.split())
        found.add(re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", body))
    return found


def python_msgids(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") in {"_", "gettext", "gettext_lazy"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value)
    return found


def test_workspace_strings_are_translated() -> None:
    translated = {
        e.msgid for e in polib.pofile(str(PO)) if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
    }
    wanted: dict[str, str] = {}
    for path in TEMPLATES:
        wanted.update({msgid: str(path.relative_to(ROOT)) for msgid in template_msgids(path.read_text())})
    for path in MODULES:
        wanted.update({msgid: str(path.relative_to(ROOT)) for msgid in python_msgids(path.read_text())})
    assert len(wanted) > 150
    assert sorted(f"{where}: {msgid}" for msgid, where in wanted.items() if msgid not in translated) == []
