"""The bundled course can't be passed by test-taking habits (issue 13 §3).

Prints the three figures of the issue's table (run with `-s` to see them), in each language, and
asserts their goals; and `trainer validate --strict` passes, item-writing warnings included.
"""

from __future__ import annotations

import pytest

from trainer.cli import main
from trainer.course.itemwriting import habit_figures
from trainer.locations import bundled_course
from trainer.quiz.pack_check import check_pack


@pytest.fixture(scope="module")
def pack():
    loaded, _diagnostics = check_pack(bundled_course())
    assert loaded is not None
    return loaded


@pytest.mark.parametrize("language", ["fr", "en"])
def test_habits_do_not_pass_the_quizzes(pack, language: str) -> None:
    figures = habit_figures(pack.quizzes[language].values())
    print(f"\n{language}:", *figures.lines(), sep="\n  ")
    share = figures.share
    assert figures.single_choice and figures.true_false
    assert share(figures.longest_right, figures.single_choice) <= 0.35
    assert 0.35 <= share(figures.true_answers, figures.true_false) <= 0.65
    assert share(figures.first_right, figures.single_choice) <= 0.35


def test_the_bundled_course_passes_validate_strict(capsys) -> None:
    code = main(["validate", "--strict", "--lang", "en", str(bundled_course())])
    out, _err = capsys.readouterr()
    assert code == 0, out
