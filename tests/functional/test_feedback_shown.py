"""The author's feedback for every type, shown after answering: in the app (Pilot) and in plain
mode; `trainer quiz --answers --json` lists it per question."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.helpers.clock import FixedClock, seeds_from
from tests.helpers.packs import write_pack
from trainer import cli
from trainer.progress.store import Store
from trainer.quiz.pack_check import check_pack
from trainer.tui.app import TrainerApp
from trainer.tui.screens.quiz import QuizScreen

QUIZ = """title: Feedback
questions:
  - id: tf
    type: true_false
    prompt: A feed shows posts by date.
    answer: false
    feedback_true: "Not so: an algorithm sorts the feed."
    feedback_false: Right, the algorithm decides.
    explanation: Feeds are sorted by algorithms.
  - id: article
    type: text
    prompt: Which article punishes online impersonation?
    accept:
      - text: 226-4-1
        feedback: Exactly, one year in prison.
      - article 226-4-1
    feedback_wrong: Look among the offences against privacy, 226-1 and after.
    explanation: Article 226-4-1 of the penal code.
  - id: steps
    type: order
    prompt: Put the steps in order.
    items:
      - Regain control
      - text: Warn the followers
        feedback: Warn them before they get phished.
      - Report to the platform
    explanation: Regain, warn, report.
  - id: weighted
    type: multiple
    prompt: Which ones?
    choices:
      - {text: Change the password, weight: 0.6}
      - {text: Warn the followers, weight: 0.4}
      - {text: Delete the account, weight: -1, feedback: You would lose its history.}
    explanation: Change, warn, never delete.
"""


def feedback_pack(tmp_path: Path):
    pack, diagnostics = check_pack(write_pack(tmp_path / "pack", quiz=QUIZ))
    assert pack is not None and not diagnostics, diagnostics
    return pack


def shown(quiz: QuizScreen) -> str:
    return str(quiz.query_one("#feedback").render())


async def test_the_app_shows_the_feedback_each_answer_earns(tmp_path: Path) -> None:
    pack = feedback_pack(tmp_path)
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Anne", FixedClock()())
    app = TrainerApp(
        pack.course("en"),
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        default_name="agent",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.question.id == "tf"
        await pilot.press("1", "enter")  # true: wrong, and its own feedback
        assert "Feedback: Not so: an algorithm sorts the feed." in shown(quiz)
        assert "Right, the algorithm decides." not in shown(quiz)
        await pilot.press("enter")
        assert quiz.question.id == "article"
        await pilot.press(*"226-4-1", "enter")
        assert quiz.answered is not None and quiz.answered.correct
        assert "Feedback: Exactly, one year in prison." in shown(quiz)
        await pilot.press("enter")
        assert quiz.question.id == "steps"
        order = quiz.panel.order
        # The shuffled items, typed back in the order that puts « Warn » first: misplaced.
        wanted = [2, 1, 3]
        await pilot.press(*(str(order.index(p) + 1) for p in wanted), "enter")
        assert quiz.answered is not None and quiz.answered.response == wanted
        text = shown(quiz)
        assert "Feedback on “Warn the followers”: Warn them before they get phished." in text
        await pilot.press("enter")
        assert quiz.question.id == "weighted"
        order = quiz.panel.order
        await pilot.press(*(str(order.index(p) + 1) for p in (1, 3)), "enter")
        assert quiz.answered is not None and quiz.answered.score == 0  # 0.6 − 1, never below 0


def test_plain_mode_says_the_feedback(tmp_path: Path) -> None:
    from trainer.plain.conversation import Conversation
    from trainer.plain.quiz import show_feedback
    from trainer.quiz.grading import grade

    pack = feedback_pack(tmp_path)
    quiz = pack.course("en").quizzes["one"]
    output = io.StringIO()
    talk = Conversation(io.StringIO(), output)
    show_feedback(talk, quiz.question("tf"), grade(quiz.question("tf"), False))
    show_feedback(talk, quiz.question("steps"), grade(quiz.question("steps"), [1, 3, 2]))
    show_feedback(talk, quiz.question("article"), grade(quiz.question("article"), "226-4"))
    lines = output.getvalue().splitlines()
    assert "Feedback: Look among the offences against privacy, 226-1 and after." in lines
    assert "Feedback: Right, the algorithm decides." in lines
    assert "Feedback on “Warn the followers”: Warn them before they get phished." in lines


def test_quiz_answers_json_lists_the_feedback(tmp_path: Path, capsys) -> None:
    root = write_pack(tmp_path / "pack", quiz=QUIZ)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "tf: true\narticle: ' 226-4-1.'\nsteps: [3, 2, 1]\nweighted: [1, 3]\n", encoding="utf-8"
    )
    code = cli.main(["quiz", "one", "--answers", str(answers), "--course", str(root), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    feedback = {q["id"]: q["feedback"] for q in result["questions"]}
    assert feedback == {
        "tf": [{"text": "Not so: an algorithm sorts the feed.", "about": None}],
        "article": [{"text": "Exactly, one year in prison.", "about": None}],
        "steps": [],  # « Warn the followers » stays in the middle, its place
        "weighted": [{"text": "You would lose its history.", "about": "Delete the account"}],
    }
    assert {q["id"]: q["score"] for q in result["questions"]}["weighted"] == 0
