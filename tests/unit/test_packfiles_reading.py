"""Reading a pack file in a buffer of its size: a file that grew since `fstat` is still read
whole, and never more than one byte past the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trainer.course import packfiles
from trainer.course.diagnostics import Report


def _read(path: Path, size: int) -> bytes:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        return packfiles._read_at_most(descriptor, size)
    finally:
        os.close(descriptor)


def test_a_file_is_read_whole_whatever_size_was_seen(tmp_path: Path) -> None:
    path = tmp_path / "one.md"
    data = bytes(range(256)) * 1000
    path.write_bytes(data)
    for seen in (0, 1, 255, len(data) - 1, len(data), len(data) + 10):
        assert _read(path, seen) == data


def test_no_more_than_one_byte_past_the_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packfiles, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 5000)
    for seen in (0, 10, 999, 1000, 5000):
        assert len(_read(path, seen)) == 1001
    report = Report()
    assert packfiles.read_text(path, "big.yaml", report) is None
    assert [d.code for d in report.diagnostics] == ["too-large"]


def test_text_is_decoded_as_before(tmp_path: Path) -> None:
    path = tmp_path / "one.md"
    path.write_bytes("\ufeffligne 1\r\nligne 2\rligne 3\n".encode())
    assert packfiles.read_text(path, "one.md", Report()) == "ligne 1\nligne 2\nligne 3\n"
