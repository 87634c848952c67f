"""The compiled Vietnamese catalogue (.mo) always matches locale/*.po: compiled at start, or a loud error.

Git keeps only the .po files. `make install` compiles them; an install without make (`pip install -e .`
then `manage.py runserver`) used to run with no catalogue at all, writing English labels into pages and
files. Now the first start compiles a missing or outdated catalogue (polib, no system gettext), and a
catalogue that cannot be written stops the start with a message saying what to run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


class CatalogueError(RuntimeError):
    """The Vietnamese catalogue is missing or outdated and could not be compiled."""


def stale_catalogues(root: Path = ROOT) -> list[Path]:
    """The .po files whose .mo is missing or older than them."""
    stale = []
    for po_path in sorted((root / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            stale.append(po_path)
    return stale


def compile_catalogues(root: Path = ROOT) -> list[Path]:
    """Compile every stale .po next to itself (atomically: parallel starts never read half a file)."""
    compiled = []
    for po_path in stale_catalogues(root):
        mo_path = po_path.with_suffix(".mo")
        tmp_name = ""
        try:
            fd, tmp_name = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
            os.close(fd)
            polib.pofile(str(po_path)).save_as_mofile(tmp_name)
            os.replace(tmp_name, mo_path)
        except (OSError, ValueError) as error:
            if tmp_name and os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise CatalogueError(
                f"Không biên dịch được bản dịch tiếng Việt {mo_path} ({error}). "
                "Chạy `python scripts/compile_messages.py` (hoặc `make install`) rồi khởi động lại."
            ) from error
        compiled.append(mo_path)
    return compiled
