"""Merge translations into locale/vi/LC_MESSAGES/django.po: `python scripts/po_add.py FILE.json`.

FILE.json maps English msgid -> Vietnamese msgstr. Existing entries are updated, new ones appended.
A file lock makes it safe when several people add strings at once.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def main(path: str) -> int:
    pairs: dict[str, str] = json.loads(Path(path).read_text(encoding="utf-8"))
    with open(PO.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(PO))
        index = {e.msgid: e for e in po if not e.msgctxt}
        added = 0
        for msgid, msgstr in pairs.items():
            entry = index.get(msgid)
            if entry is None:
                entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
                if "%(" in msgid:
                    entry.flags.append("python-format")
                po.append(entry)
                added += 1
            else:
                entry.msgstr = msgstr
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save()
        po.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"{added} added, {len(pairs) - added} updated in {PO.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
