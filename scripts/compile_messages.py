"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib: no system gettext needed on a fresh machine.

The same code runs when Django starts (apps/core/catalogue.py), so an install without make gets the
catalogue too; this script is what `make install` runs and what the error message asks for.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from apps.core.catalogue import CatalogueError, compile_catalogues  # noqa: E402


def main() -> int:
    try:
        compiled = compile_catalogues(ROOT)
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    for mo_path in compiled:
        print(f"compiled {mo_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
