"""The Vietnamese catalogue is complete for the pages' strings and compiles without system gettext."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.utils import translation

from apps.core.catalogue import compile_catalogues

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
TEMPLATE_STRING = re.compile(r"""{%\s*(?:translate|trans)\s+"([^"]+)"(?:\s+[^%]*)?%}""")


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def test_catalogue_has_no_untranslated_or_fuzzy_entries() -> None:
    po = catalogue()
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_every_template_string_is_in_the_catalogue() -> None:
    known = {e.msgid for e in catalogue() if not e.obsolete}
    missing = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for msgid in TEMPLATE_STRING.findall(template.read_text()):
            if msgid not in known:
                missing.append(f"{template.relative_to(ROOT)}: {msgid}")
    assert missing == []


def test_compiled_catalogue_is_used() -> None:
    # compiled when stale, atomically: commands started by other tests read the catalogue meanwhile
    compile_catalogues()
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
