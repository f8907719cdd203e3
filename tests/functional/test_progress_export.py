"""`trainer progress --excel`: a CSV French spreadsheets open right; `--csv` as scripts expect."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import BILINGUAL, FixedClock
from tests.learner_paths import take_course
from trainer.progress.store import Store

ROOT = Path(__file__).resolve().parents[2]


def progress(data: Path, *flags: str, lang: str = "fr") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LANG": f"{lang}_{lang.upper()}.UTF-8",
        "TZ": "UTC",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "progress",
            "--course",
            str(BILINGUAL),
            "--data-dir",
            str(data),
            *flags,
        ],
        capture_output=True,
        env=env,
        timeout=60,
    )


def test_excel_flavour_has_a_bom_semicolons_and_french_headers(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    take_course(store, pack, "Anne", FixedClock(), right=False)
    store.close()
    run = progress(tmp_path, "--excel")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte order mark
    rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == [
        "Heure",
        "Événement",
        "Leçon",
        "Quiz",
        "Question",
        "Langue",
        "Réponse",
        "Score",
        "Réussi",
    ]
    assert rows[1][:3] == ["2026-03-02 09:00:02", "leçon ouverte", "premiere"]
    finished = [row for row in rows if row[1] == "quiz terminé"]
    assert finished and finished[0][7] == "0,0" and finished[0][8] == "non"
    assert b"\r\n" in run.stdout
    assert progress(tmp_path, "--csv", "--excel").stdout == run.stdout


def test_plain_csv_stays_as_scripts_know_it(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    take_course(store, pack, "Anne", FixedClock())
    store.close()
    run = progress(tmp_path, "--csv")
    text = run.stdout.decode("utf-8")
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "time",
        "event",
        "lesson",
        "quiz",
        "question",
        "language",
        "response",
        "score",
        "passed",
    ]
    assert rows[1][1] == "lesson_opened" and rows[1][0].startswith("2026-03-02T09:00:02")
    assert any(
        row[1] == "attempt_finished" and row[7] == "1.0" and row[8] == "true" for row in rows
    )
