"""Plain mode, driven as a screen-reader user or a script would: lines in, lines out."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BILINGUAL, FixedClock, seeds_from
from trainer.course.model import Question
from trainer.locations import bundled_course
from trainer.plain.menu import run_plain
from trainer.plain.markdown import WIDTH, markdown_lines
from trainer.plain.responses import Unreadable, read_response
from trainer.progress.store import Store
from trainer.quiz.attempts import present
from trainer.quiz.pack_check import check_pack
from trainer.session import Session

ROOT = Path(__file__).resolve().parents[2]
FIRST_SEED, SECOND_SEED = 7, 8
"""The seeds seeds_from() gives the first and second attempts started in a run."""


def play(
    course, store: Store, lines: list[str], learner_name: str | None = None, seeds=None
) -> tuple[int, str]:
    """Run plain mode with these lines typed; the exit code and everything written."""
    output = io.StringIO()
    code = run_plain(
        course,
        store,
        learner_name,
        io.StringIO("".join(line + "\n" for line in lines)),
        output,
        FixedClock(),
        seeds or seeds_from(),
    )
    return code, output.getvalue()


def shown(quiz, seed: int, question_id: str) -> tuple[int, ...]:
    """The authored positions of a question's choices, items or right sides, in the order shown."""
    return present(quiz, seed).order_of(quiz.question(question_id))


def typed(quiz, seed: int, question_id: str, *authored: int) -> str:
    """The numbers to type for authored positions, given the order the attempt shows them in."""
    order = shown(quiz, seed, question_id)
    return " ".join(str(order.index(p) + 1) for p in authored)


def first_answers(quiz, seed: int) -> dict[str, str]:
    """Right answers to the first lesson's quiz, as typed."""
    return {
        "moteur": typed(quiz, seed, "moteur", 1),
        "traits": typed(quiz, seed, "traits", 1, 2),
        "flux": "2",
    }


def second_answers(quiz, seed: int) -> dict[str, str]:
    """Right answers to the second lesson's quiz, as typed."""
    return {
        "article": "Article 226-4-1",
        "etapes": typed(quiz, seed, "etapes", 1, 2, 3),
        "paires": typed(quiz, seed, "paires", 1, 2),
    }


@pytest.fixture
def course(pack):
    return pack.course("en")


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "progress.sqlite3")
    yield opened
    opened.close()


def learner_session(course, store: Store, name: str = "Ada") -> Session:
    return Session(course, store, store.learner(name), FixedClock(), seeds_from())


# a whole journey ---------------------------------------------------------------------------------


def test_a_whole_journey_from_the_name_to_the_score(course, store: Store) -> None:
    quiz = course.quizzes["premiere"]
    right = first_answers(quiz, FIRST_SEED)
    again = first_answers(quiz, FIRST_SEED + 1)
    wrong_engine = typed(quiz, FIRST_SEED, "moteur", 2)
    code, out = play(
        course,
        store,
        [
            "Ada",  # the name, on a first run
            "",  # enter opens the lesson proposed: the first
            "",  # enter starts its quiz
            wrong_engine,
            right["traits"],
            right["flux"],
            "r",  # another attempt, its choices shuffled anew
            again["moteur"],
            again["traits"],
            again["flux"],
            "",  # back to the menu
            "q",
        ],
    )
    assert code == 0
    assert "What name should your progress be kept under?" in out
    assert "Next lesson to do: 1. First lesson" in out
    assert "1. First lesson: not started." in out
    assert "Lesson 1 of 3: First lesson" in out
    assert "Situation\n\nThe town hall posts a notice.\n\n- one point\n- another point" in out
    assert "- A source (https://example.org/)" in out
    assert "Question 1 of 3\nWhich search engine dominates in France?\n1. " in out
    assert "Question 3 of 3" in out
    # the wrong answer: verdict, feedback of the choice picked, the right answer, the explanation
    assert (
        "Wrong.\nYou answered: Qwant — No, its share is small.\nThe right answer: Google\n" in out
    )
    assert "Qwant: No" not in out  # each answer said once
    assert "Explanation: Google handles about 90% of searches in France." in out
    assert "Right.\nYou answered: False\nExplanation: Feeds are sorted by algorithms." in out
    assert "2 of 3 questions right.\nScore: 67 %. Pass mark: 80 %.\nNot passed yet." in out
    assert (
        "3 of 3 questions right.\nScore: 100 %. Pass mark: 80 %.\nPassed.\nYour best score: 100 %."
        in out
    )
    assert "Next lesson to do: 2. Second lesson" in out
    assert out.rstrip().endswith("Goodbye. Your progress is saved.")
    # the same store as the app: the session the app uses sees the lesson complete
    standing = learner_session(course, store).standing()
    assert standing.statuses["premiere"].value == "done"
    assert standing.next_lesson == "deuxieme"


def test_every_question_type_answered_right(course, store: Store) -> None:
    first = first_answers(course.quizzes["premiere"], FIRST_SEED)
    second = second_answers(course.quizzes["deuxieme"], SECOND_SEED)
    code, out = play(
        course,
        store,
        [
            "Ada",
            "1",
            "",
            first["moteur"],
            first["traits"],
            first["flux"],
            "",
            "2",
            "",
            second["article"],
            second["etapes"],
            second["paires"],
            "",
            "3",  # a lesson without a quiz is complete once read
            "l",
            "q",
        ],
    )
    assert code == 0
    assert out.count("Passed.") == 2
    assert "Left sides:\n1. Pharos\n2. 17Cyber\nRight sides:\n" in out
    said = " ".join(out.split())  # instructions are wrapped over two lines
    assert (
        "Type the numbers of all the items in the right order, first item first, for example 2 1 "
        "3, then enter." in said
    )
    assert (
        "For each left side, in order, type the number of its right side, for example 2 1, then "
        "enter." in said
    )
    assert "This lesson has no quiz: it is complete once read." in out
    assert "The course is complete: well done." in out
    assert (
        "1. First lesson: complete, best score 100 %.\n"
        "2. Second lesson: complete, best score 100 %." in out
    )
    assert "3. A reading without a quiz: complete." in out
    record = store.course_record(store.learner("Ada"), course.id)
    assert record.passed == {"premiere", "deuxieme"}


def test_wrong_order_and_partial_match_are_explained(course, store: Store) -> None:
    quiz = course.quizzes["deuxieme"]
    swapped = typed(quiz, FIRST_SEED, "paires", 2, 1)
    code, out = play(
        course,
        store,
        ["Ada", "2", "", "226 4 1", typed(quiz, FIRST_SEED, "etapes", 2, 1, 3), swapped, "q"],
    )
    assert code == 0
    assert "Wrong.\nYou answered: 226 4 1\nThe right answer: 226-4-1" in out
    assert "The right order:\n1. First\n2. Second\n3. Third" in out
    assert (
        "Your pairs:\n- Pharos: assistance\n- 17Cyber: reporting\nThe right pairs:\n"
        "- Pharos: reporting" in out
    )
    assert "Score: 0 %. Pass mark: 50 %." in out


def test_hint_and_skip(course, store: Store) -> None:
    quiz = course.quizzes["premiere"]
    code, out = play(
        course, store, ["Ada", "", "", "h", typed(quiz, FIRST_SEED, "moteur", 1), "s", "s", "q"]
    )
    assert code == 0
    assert "A hint is available: type h." in out
    assert "Hint: It starts with G." in out
    assert "This question has no hint." not in out
    assert out.count("Skipped: this question counts 0.") == 2
    assert "1 of 3 questions right.\nScore: 33 %." in out
    (attempt,) = store.attempts(store.learner("Ada"), course.id, "premiere")
    assert attempt.answers["moteur"].hinted is True
    assert attempt.answers["traits"].response is None and attempt.answers["traits"].score == 0


# the end of the input -----------------------------------------------------------------------------


def test_end_of_input_mid_quiz_keeps_the_answers_and_the_next_run_resumes(
    course, store: Store
) -> None:
    quiz = course.quizzes["premiere"]
    right = first_answers(quiz, FIRST_SEED)
    code, out = play(course, store, ["Ada", "", "", right["moteur"]])
    assert code == 0
    assert out.rstrip().endswith("End of input: everything you answered is saved.")
    (attempt,) = store.attempts(store.learner("Ada"), course.id, "premiere")
    assert not attempt.finished and set(attempt.answers) == {"moteur"}

    code, out = play(
        course, store, ["", "", right["traits"], right["flux"], "q"], seeds=seeds_from(100)
    )
    assert code == 0
    assert "What name" not in out  # the only learner is taken
    assert "1. First lesson: read, quiz in progress." in out
    # one line says which lesson and where the quiz resumes; the lesson is not written again
    assert "Lesson 1 of 3: First lesson — Resuming at question 2 of 3." in out
    assert "The town hall posts a notice." not in out and "Objectives" not in out
    assert "Resuming at question 2 of 3: your earlier answers are kept." in out
    assert "Question 1 of 3" not in out
    assert "Question 2 of 3" in out and "Passed." in out
    (attempt,) = store.attempts(store.learner("Ada"), course.id, "premiere")
    assert attempt.finished and attempt.passed


@pytest.mark.parametrize("lines", [[], ["Ada"], ["Ada", ""], ["Ada", "", ""], ["Ada", "", "", "h"]])
def test_end_of_input_at_any_prompt_exits_cleanly(course, store: Store, lines: list[str]) -> None:
    code, out = play(course, store, lines)
    assert code == 0
    assert out.rstrip().endswith("End of input: everything you answered is saved.")


def test_quitting_mid_quiz_pauses_it(course, store: Store) -> None:
    quiz = course.quizzes["premiere"]
    code, out = play(course, store, ["Ada", "", "", typed(quiz, FIRST_SEED, "moteur", 1), "m", "q"])
    assert code == 0
    assert "Quiz paused, your answers are kept: it will resume at question 2 of " in out
    assert store.open_attempt(store.learner("Ada"), course.id, "premiere") is not None


# invalid input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("7", "There is no number 7: type numbers from 1 to 3."),
        ("abc", "abc is not a number: type numbers from 1 to 3."),
        ("1 2", "Only one answer is right here: type one number."),
        ("", "Type at least one number."),
        ("-1", "-1 is not a number: type numbers from 1 to 3."),
    ],
)
def test_an_unreadable_answer_says_why_and_asks_again(
    course, store: Store, bad: str, message: str
) -> None:
    quiz = course.quizzes["premiere"]
    code, out = play(course, store, ["Ada", "", "", bad, typed(quiz, FIRST_SEED, "moteur", 1), "q"])
    assert code == 0
    assert f"{message}\nTry again, or type ? for help.\nYour answer: " in out
    (attempt,) = store.attempts(store.learner("Ada"), course.id, "premiere")
    assert attempt.answers["moteur"].score == 1.0


def test_unreadable_answers_of_each_kind_are_asked_again(course, store: Store) -> None:
    quiz = course.quizzes["deuxieme"]
    right = second_answers(quiz, FIRST_SEED)
    code, out = play(
        course,
        store,
        [
            "Ada",
            "99",
            "x",  # no such lesson
            "2",
            "start",
            "?",
            "",  # not a command after the lesson; help; enter
            "   ",
            right["article"],
            "1 2",
            "1 1 2",
            "?",
            right["etapes"],
            "1",
            "1 2 3",
            right["paires"],
            "q",
        ],
    )
    assert code == 0
    assert out.count("Please type a lesson number from 1 to 3, or ? for help.") == 2
    assert "Please type one of: enter, r, m, q, or ? for help." in out
    assert "Commands after a lesson:" in out
    assert "Type an answer, or s to skip the question." in out
    assert "Put all 3 items in order: you typed 2 numbers." in out
    assert "Number 1 is given twice." in out
    assert (
        "Commands in a quiz:\nh: the hint, when the question has one.\n"
        "s: skip the question; it counts 0." in out
    )
    assert "Type one number for each of the 2 left sides: you typed 1." in out
    assert "There is no number 3: type numbers from 1 to 2." in out
    assert "Score: 100 %." in out


def test_a_blank_name_is_asked_again(course, store: Store) -> None:
    code, out = play(course, store, ["", "  ", "Ada", "q"])
    assert code == 0
    assert out.count("Please type a name.") == 2
    assert [learner.name for learner in store.learners()] == ["Ada"]


# learners and the app's progress ------------------------------------------------------------------


def test_the_learner_named_is_used_or_created(course, store: Store) -> None:
    code, out = play(course, store, ["q"], learner_name="Bea")
    assert code == 0 and "What name" not in out and "Learner: Bea." in out
    assert [learner.name for learner in store.learners()] == ["Bea"]


def test_several_learners_are_offered_by_number(course, store: Store, clock) -> None:
    store.add_learner("Ada", clock())
    store.add_learner("Bea", clock())
    code, out = play(course, store, ["5", "2", "q"])
    assert "Who is learning?\n1. Ada\n2. Bea" in out
    assert "There is no learner 5: type a number from 1 to 2." in out
    assert "Learner: Bea." in out
    code, out = play(course, store, ["Cy", "q"])
    assert code == 0
    assert "Learner: Cy." in out and len(store.learners()) == 3


def test_progress_made_in_the_app_shows_in_plain_mode(course, store: Store, clock) -> None:
    store.add_learner("Ada", clock())
    session = learner_session(course, store)
    session.open_lesson(course.lesson("premiere"))
    session.open_lesson(course.lesson("lecture"))
    run = session.start(course.quizzes["deuxieme"], "deuxieme")
    run.answer(course.quizzes["deuxieme"].question("article"), "226-4-1")
    code, out = play(course, store, ["q"])
    assert code == 0
    # (starting the quiz recorded its lesson opened first: no quiz under way in a lesson
    # never opened)
    assert "1. First lesson: read.\n2. Second lesson: read, quiz in progress.\n" in out
    assert "3. A reading without a quiz: complete." in out
    assert "Learner: Ada. 1 of 3 lessons complete." in out


def test_french_content_and_words_for_true_and_false(pack, store: Store) -> None:
    course = pack.course("fr")
    quiz = course.quizzes["premiere"]
    right = first_answers(quiz, FIRST_SEED)
    code, out = play(course, store, ["Ada", "", "", right["moteur"], right["traits"], "vrai", "q"])
    assert code == 0
    assert "Quel moteur de recherche domine en France ?" in out
    assert "Un fil d'actualité garde tout en ordre chronologique." in out
    assert "Wrong.\nYou answered: True\nThe right answer: False" in out


# the bundled course -------------------------------------------------------------------------------


def test_the_bundled_course_reads_tables_as_lines(store: Store) -> None:
    pack, _diagnostics = check_pack(bundled_course())
    course = pack.course("en")
    number = [lesson.id for lesson in course.lessons].index("discretion-secret") + 1
    quiz = course.quiz_of(course.lesson("discretion-secret"))
    code, out = play(course, store, ["Ada", str(number), "", *["s"] * len(quiz.questions), "", "q"])
    assert code == 0
    assert (
        "Table of 4 rows and 3 columns:\n| Discretion | Secrecy\nText | CGFP L121-7 | CGFP L121-6\n"
        in out
    )
    assert (
        "1. He asks Sophie, privately and right away, to take the photo down. The\n   longer" in out
    )
    assert f"Question {len(quiz.questions)} of {len(quiz.questions)}" in out
    assert "Score: 0 %." in out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    # nothing a screen reader would stumble on: no escape sequences, boxes, bullets or marks
    assert not re.search("[\x1b\u2500-\u257f\u2022\u25cb\u25d0\u25cf\u2713\u2717\u25b6\u2192]", out)


# pure parts ---------------------------------------------------------------------------------------


def test_numbers_typed_are_turned_into_positions_as_authored(course) -> None:
    single: Question = course.quizzes["premiere"].question("moteur")
    multiple = course.quizzes["premiere"].question("traits")
    order = course.quizzes["deuxieme"].question("etapes")
    match = course.quizzes["deuxieme"].question("paires")
    assert read_response(single, (3, 1, 2), "1") == 3
    assert read_response(multiple, (3, 1, 2), "1, 3") == [2, 3]
    assert read_response(multiple, (1, 2, 3), "2;1") == [1, 2]
    assert read_response(order, (2, 3, 1), "3 1 2") == [1, 2, 3]
    assert read_response(match, (2, 1), "2 1") == [1, 2]
    assert read_response(match, (2, 1), "1 1") == [2, 2]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("1", True),
        ("2", False),
        ("vrai", True),
        ("FAUX", False),
        (" true ", True),
        ("False", False),
    ],
)
def test_true_or_false_by_number_or_word(course, line: str, value: bool) -> None:
    question = course.quizzes["premiere"].question("flux")
    assert read_response(question, (), line) is value


@pytest.mark.parametrize("line", ["3", "oui", "", "1 2"])
def test_true_or_false_refuses_anything_else(course, line: str) -> None:
    with pytest.raises(Unreadable):
        read_response(course.quizzes["premiere"].question("flux"), (), line)


def test_markdown_as_plain_lines() -> None:
    text = (
        "# A title\n\nSome *text* with [a link](https://example.org) and <https://x.org>.\n\n"
        "- one\n- two\n  - nested\n\n3. three\n4. four\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "> said\n\n```\ncode\n```\n\nThe end."
    )
    assert markdown_lines(text) == [
        "A title",
        "",
        "Some text with a link (https://example.org) and https://x.org.",
        "",
        "- one",
        "- two",
        "  - nested",
        "",
        "3. three",
        "4. four",
        "",
        "Table of 2 rows and 2 columns:",
        "a | b",
        "1 | 2",
        "",
        "Quotation:",
        "  said",
        "",
        "    code",
        "",
        "The end.",
    ]


def test_markdown_lines_are_wrapped_without_cutting_words() -> None:
    long = "word " * 40 + "https://example.org/a/very/long/address/that/stays/whole/on/its/line"
    lines = markdown_lines(long, width=30)
    assert all(len(line) <= 30 for line in lines[:-1])
    assert lines[-1].endswith("its/line")


def test_pack_text_cannot_drive_the_terminal() -> None:
    assert markdown_lines("Hello \x1b[2J world") == ["Hello \\x1b[2J world"]


# headless -----------------------------------------------------------------------------------------


def test_plain_mode_never_imports_textual_or_rich() -> None:
    code = "import sys, trainer.plain; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.split() == ["False", "False"]


def _plain_is_wired() -> bool:
    from trainer.cli import build_parser

    return "--plain" in build_parser().format_help()


@pytest.mark.skipif(
    not _plain_is_wired(), reason="`trainer --plain` is not wired into the command line yet"
)
def test_answers_piped_into_trainer_plain(tmp_path: Path) -> None:
    pack, _diagnostics = check_pack(BILINGUAL)
    quiz = pack.course("en").quizzes["premiere"]
    # The seed is random in a real run: read the order each question shows, and answer from it.
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trainer",
            "--plain",
            "--lang",
            "en",
            "--course",
            str(BILINGUAL),
            "--data-dir",
            str(tmp_path),
            "--learner",
            "Ada",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TRAINER_DATA_DIR": str(tmp_path)},
    )
    out, err = process.communicate("\n\ns\ns\n2\n", timeout=60)
    assert process.returncode == 0, err
    assert "Question 3 of 3" in out
    assert "End of input: everything you answered is saved." in out
    assert "Traceback" not in err
    store = Store.open(tmp_path / "progress.sqlite3")
    try:
        (attempt,) = store.attempts(store.learner("Ada"), "demo", quiz.id)
        assert attempt.finished and attempt.answers["flux"].score == 1.0
    finally:
        store.close()


def test_plain_mode_follows_the_learners_saved_language(tmp_path) -> None:
    import io

    from tests.conftest import BILINGUAL, FixedClock
    from trainer.plain.menu import run_plain
    from trainer.progress.store import Store
    from trainer.quiz.pack_check import check_pack

    pack, _ = check_pack(BILINGUAL)
    store = Store.open(tmp_path / "p.sqlite3")
    store.save_setting(store.add_learner("Anne", FixedClock()()), "language", "en")
    output = io.StringIO()
    assert (
        run_plain(
            pack.course("fr"), store, "Anne", io.StringIO("q\n"), output, FixedClock(), pack=pack
        )
        == 0
    )
    assert "First lesson" in output.getvalue() and "Première leçon" not in output.getvalue()
