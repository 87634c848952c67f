"""append_file: a part's file appended to a report's, by the kernel or in chunks, bytes unchanged."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from apps.core import files
from apps.core.files import append_file


def _sources(tmp_path: Path) -> list[Path]:
    made = []
    for number, size in enumerate((0, 1, files.CHUNK + 12_345, 3 * files.CHUNK)):
        path = tmp_path / f"part-{number}"
        path.write_bytes(os.urandom(size))
        made.append(path)
    return made


@pytest.mark.parametrize("kernel", [True, False], ids=["copy_file_range", "chunks"])
def test_parts_are_appended_in_order_between_writes_of_the_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: bool
) -> None:
    if not kernel:
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    sources = _sources(tmp_path)
    target = tmp_path / "report"
    with target.open("wb") as stream:
        stream.write(b"[head]")  # buffered, not yet on disk: flushed before the kernel copies
        for path in sources:
            append_file(stream, path)
            stream.write(b",")
    expected = b"[head]" + b"".join(path.read_bytes() + b"," for path in sources)
    assert target.read_bytes() == expected


def test_a_stream_without_a_file_gets_the_bytes_in_chunks(tmp_path: Path) -> None:
    sources = _sources(tmp_path)
    stream = io.BytesIO(b"x")
    stream.seek(1)
    for path in sources:
        append_file(stream, path)
    assert stream.getvalue() == b"x" + b"".join(path.read_bytes() for path in sources)


def test_a_copy_the_kernel_refuses_goes_on_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """copy_file_range failing after a first piece (another file system, an old kernel): the rest is
    copied from where it stopped."""
    real = os.copy_file_range
    calls: list[int] = []

    def once(source: int, target: int, count: int, *args: object) -> int:
        calls.append(count)
        if len(calls) > 1:
            raise OSError(18, "Invalid cross-device link")
        return real(source, target, min(count, 1000))

    monkeypatch.setattr(os, "copy_file_range", once)
    source = tmp_path / "part"
    source.write_bytes(os.urandom(5000))
    target = tmp_path / "report"
    with target.open("wb") as stream:
        stream.write(b"ab")
        append_file(stream, source)
        stream.write(b"cd")
    assert target.read_bytes() == b"ab" + source.read_bytes() + b"cd"
    assert len(calls) == 2
