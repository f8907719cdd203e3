"""The benchmarks' code runs: generators, one tiny measurement of each in-process kind, the report.

Benchmarks are not tests: nothing here looks at a time.
"""

from __future__ import annotations

from pathlib import Path

from bench.inprocess import answer_recording, pack_load, parse_with_csafeloader
from bench.packs import (
    answers_file,
    pack_files,
    write_long_lesson_pack,
    write_pack,
    write_tiny_pack,
)
from bench.report import render_markdown, render_table
from trainer.quiz.pack_check import check_pack


def test_generated_packs_are_clean_and_the_baseline_parses_them(tmp_path: Path) -> None:
    for root in (
        write_pack(tmp_path / "small", lessons=3, questions_per_quiz=6),
        write_tiny_pack(tmp_path / "tiny"),
        write_long_lesson_pack(tmp_path / "long", sections=10),
    ):
        pack, diagnostics = check_pack(root)
        assert pack is not None and diagnostics == []
        assert parse_with_csafeloader(pack_files(root)) == len(pack_files(root))
    assert "q1:" in answers_file(tmp_path / "answers.yaml").read_text(encoding="utf-8")


def test_one_tiny_measurement_of_each_in_process_kind_renders_as_a_table(tmp_path: Path) -> None:
    figures = answer_recording(tmp_path, repeat=1, block=2) + pack_load(
        tmp_path, repeat=1, lessons=2
    )
    assert [figure.target for figure in figures] == [1.5, 1.5]
    assert all(figure.value > 0 and figure.baseline > 0 for figure in figures)
    table = render_table(figures)
    assert table.count("\n") == 1 + len(figures)
    assert "## Machine" in render_markdown(
        figures, [("CPU", "test")], "python -m bench", 1.0, {"answers": 1}, ""
    )


def test_the_report_on_many_files_measures_both_counts_and_memory(tmp_path: Path) -> None:
    from bench.many_stores import report_stores

    figures = report_stores(tmp_path / "stores", repeat=1, small=2, large=6)
    assert [figure.target for figure in figures] == [3.3, 1.0]
    assert all(figure.value > 0 and figure.baseline > 0 for figure in figures)
    assert "6 collected progress files" in figures[0].name


def test_served_sessions_memory_is_read_for_both_servers(tmp_path: Path) -> None:
    """`trainer serve` and the bare app served by textual-serve, one session then two, each
    opened by a websocket client as the page opens it; memory read from /proc."""
    import pytest

    if not Path("/proc/self/smaps_rollup").is_file():
        pytest.skip("reads memory from /proc/PID/smaps_rollup")
    from bench.served import session_memory

    figures = session_memory(tmp_path, (1, 2))
    assert [figure.target for figure in figures] == [1.2, None, None]
    assert all(figure.value > 0 and figure.baseline > 0 for figure in figures)
    assert figures[2].name.startswith("2 served sessions")
