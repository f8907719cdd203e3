"""A quiz that draws its questions from a bank, taken as a learner would (the app at 80x24, plain
mode) and graded headless (`trainer quiz --answers --seed`)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.helpers.clock import FixedClock, seeds_from
from tests.helpers.packs import PACKS
from trainer.cli import main
from trainer.plain.menu import run_plain
from trainer.progress.store import Store
from trainer.quiz.attempts import draw
from trainer.quiz.pack_check import check_pack
from trainer.tui.app import TrainerApp
from trainer.tui.screens.lesson import LessonScreen
from trainer.tui.screens.quiz import QuizScreen
from trainer.tui.screens.results import ResultsScreen

BANK = PACKS / "bank"
SIZE = (80, 24)
FIRST_SEED = 7
"""The seed `seeds_from()` gives the first attempt of a run."""


@pytest.fixture(scope="module")
def pack():
    loaded, diagnostics = check_pack(BANK)
    assert loaded is not None and not diagnostics, diagnostics
    return loaded


def make_app(pack, path: Path, start: int = FIRST_SEED) -> TrainerApp:
    return TrainerApp(
        pack.course("en"),
        Store.open(path),
        clock=FixedClock(),
        seeds=seeds_from(start),
        learner_name="Anne",
    )


def number_shown(screen: QuizScreen) -> str:
    return str(screen.query_one("#question-number").render())


# the app ------------------------------------------------------------------------------------------


async def test_a_drawn_quiz_counts_its_draw_quits_resumes_the_same_and_lists_it(
    pack, tmp_path: Path
) -> None:
    path = tmp_path / "p.sqlite3"
    drawn = draw(pack.course("en").quizzes["tirage"], FIRST_SEED)
    app = make_app(pack, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first lesson
        lesson = app.screen
        assert isinstance(lesson, LessonScreen)
        assert "Start the quiz (4 questions)" in str(lesson.query_one("#start").label)
        await pilot.press("enter")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert number_shown(quiz).startswith("Question 1/4")
        seen = [quiz.question.id]
        await pilot.press("1", "enter", "enter")
        assert number_shown(quiz).startswith("Question 2/4")
        seen.append(quiz.question.id)
        await pilot.press("1", "enter", "enter")
        order = quiz.run.presentation.question_ids
        assert sorted(order) == sorted(drawn) and set(seen) <= set(drawn)
        await pilot.press("ctrl+q")  # quit mid-quiz

    # Relaunched with other seeds: the attempt under way keeps its draw and its order.
    app = make_app(pack, path, start=500)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert "Resume — question 3 of 4" in str(app.screen.query_one("#start").label)
        await pilot.press("enter")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert quiz.run.presentation.question_ids == order
        assert number_shown(quiz).startswith("Question 3/4")
        assert quiz.question.id == order[2]
        await pilot.press("1", "enter", "enter", "1", "enter", "enter")
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert [g.question_id for g in results.result.grades] == list(order)
        heads = [str(w.render()) for w in results.query(".result-head")]
        assert len(heads) == 4  # the drawn questions, not the bank's eight
        facts = " ".join(str(w.render()) for w in results.query(".dim"))
        assert "4 questions drawn from 8" in facts
        assert str(results.query_one("#summary").render()).count("right") >= 1
        await pilot.press("ctrl+q")


# plain mode ---------------------------------------------------------------------------------------


def test_plain_mode_counts_the_draw_and_resumes_it(pack, tmp_path: Path) -> None:
    course = pack.course("en")
    drawn = draw(course.quizzes["tirage"], FIRST_SEED)

    def play(lines: list[str], start: int) -> str:
        output = io.StringIO()
        store = Store.open(tmp_path / "p.sqlite3")
        try:
            run_plain(
                course,
                store,
                "Ada",
                io.StringIO("".join(line + "\n" for line in lines)),
                output,
                FixedClock(),
                seeds_from(start),
            )
        finally:
            store.close()
        return output.getvalue()

    out = play(["", "", "1", "q"], FIRST_SEED)  # lesson, its quiz, one answer, quit
    assert "This lesson has a quiz of 4 questions." in out
    assert "4 questions." in out and "Question 1 of 4" in out
    out = play(["", "", "1", "1", "1", "", "q"], 500)  # the lesson, resume, three answers
    assert "Resuming at question 2 of 4." in out
    assert "Question 4 of 4" in out and "Question 5" not in out
    assert "4 questions drawn from 8." in out
    shown = [f"Statement {qid[1:]} is true." for qid in drawn]
    assert all(prompt in out for prompt in shown[1:])


# trainer quiz --answers ---------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def answers_file(tmp_path: Path, responses: dict[str, bool]) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text("".join(f"{k}: {str(v).lower()}\n" for k, v in responses.items()), "utf-8")
    return str(path)


def test_quiz_command_grades_the_questions_a_seed_draws(pack, capsys, tmp_path: Path) -> None:
    quiz = pack.course("en").quizzes["tirage"]
    drawn = draw(quiz, 42)
    right = {qid: quiz.question(qid).answer for qid in drawn}
    first, *others = drawn
    responses = {first: not right[first], **{qid: right[qid] for qid in others}}
    args = ("quiz", "tirage", "--course", str(BANK), "--lang", "en", "--seed", "42")
    code, out, err = run(capsys, *args, "--answers", answers_file(tmp_path, responses), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["seed"] == 42 and result["drawn"] == list(drawn)
    assert [q["id"] for q in result["questions"]] == list(drawn)
    points = {qid: 2.0 if qid == "q1" else 1.0 for qid in drawn}
    assert result["score"] == pytest.approx(1 - points[first] / sum(points.values()))
    assert result["passed"] is False  # under the 80 % pass mark, over the drawn questions

    code, out, _ = run(capsys, *args, "--answers", answers_file(tmp_path, right))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Draw quiz: 100 % — passed (pass mark 80 %)"
    assert lines[1] == "4 of 8 questions drawn with --seed 42"


def test_quiz_command_refuses_an_answer_to_a_question_not_drawn(
    pack, capsys, tmp_path: Path
) -> None:
    quiz = pack.course("en").quizzes["tirage"]
    drawn = draw(quiz, 42)
    (undrawn, *_) = [q.id for q in quiz.questions if q.id not in drawn]
    path = answers_file(tmp_path, {drawn[0]: True, undrawn: True})
    args = ("quiz", "tirage", "--course", str(BANK), "--seed", "42", "--answers", path)
    code, out, err = run(capsys, *args, "--lang", "en")
    assert code == 2 and out == ""
    assert f"question `{undrawn}` was not drawn with --seed 42" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, *args, "--lang", "fr")
    assert code == 2
    assert f"la question `{undrawn}` n'a pas été tirée avec --seed 42" in err


def test_quiz_command_without_a_seed_draws_one_and_says_it(pack, capsys, tmp_path: Path) -> None:
    path = answers_file(tmp_path, {})
    args = ("quiz", "etiquettes", "--course", str(BANK), "--answers", path, "--json")
    code, out, _ = run(capsys, *args)
    assert code == 0
    result = json.loads(out)
    again = draw(pack.course("en").quizzes["etiquettes"], result["seed"])
    assert result["drawn"] == list(again) and len(again) == 3
    assert result["score"] == 0.0
