"""Files written whole (`trainer.atomic.write_whole`): all or nothing, no temporary file left."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from trainer.atomic import write_whole


def test_a_file_is_written_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    write_whole(target, "nouveau — texte\n")
    assert target.read_text(encoding="utf-8") == "nouveau — texte\n"
    write_whole(target, b"%PDF")
    assert target.read_bytes() == b"%PDF"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_no_temporary_file_is_left_when_the_replace_fails(tmp_path: Path, monkeypatch) -> None:
    def refuse(source: str, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_whole(tmp_path / "certificate.pdf", b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_whole(tmp_path / "no" / "such" / "file.txt", "text")
