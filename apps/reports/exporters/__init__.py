"""Writers of the compliance report by format, and the atomic file write they share.

Extension point: a writer is `writer(report, stream)` writing bytes to a binary stream; register a new
format by adding it to WRITERS (e.g. `WRITERS["xlsx"] = write_xlsx`). The command accepts every name of
FORMATS and answers "not available yet" for a format with no writer.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO

from apps.reports.exporters.json_csv import write_csv, write_json
from apps.reports.exporters.pdf import write_pdf
from apps.reports.exporters.xlsx import write_xlsx

Writer = Callable[[dict[str, Any], BinaryIO], None]

# Every format of contracts §6, in the order the command lists them.
FORMATS = ("json", "xlsx", "pdf", "csv")
WRITERS: dict[str, Writer] = {"json": write_json, "xlsx": write_xlsx, "pdf": write_pdf, "csv": write_csv}


class FormatNotAvailable(LookupError):
    """A format of FORMATS that has no writer yet."""


def writer_for(fmt: str) -> Writer:
    """The writer of a format; FormatNotAvailable when it has none yet."""
    try:
        return WRITERS[fmt]
    except KeyError:
        raise FormatNotAvailable(fmt) from None


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file through a temporary file in its folder and os.replace: never a half-written file."""
    # mkstemp's mode 0600 is kept on purpose: the report holds personal records of officials.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_report(report: dict[str, Any], *, fmt: str, path: Path) -> None:
    """Write the report in `fmt` to `path` atomically; FormatNotAvailable before touching the disk."""
    writer = writer_for(fmt)
    write_atomically(Path(path), lambda stream: writer(report, stream))
