"""Question banks: a quiz that draws N of its questions (or so many per tag) for each attempt.

The draw comes from the attempt's seed, is kept with the attempt, resumes identically, and the
attempt is scored over the questions drawn; review schedules only questions the learner has seen.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from tests.helpers.clock import FixedClock
from tests.helpers.packs import PACKS
from trainer.course.gift.export import export_quiz
from trainer.course.model import Draw, Quiz, TrueFalse
from trainer.progress.records import drawn_of
from trainer.progress.store import Store
from trainer.quiz.attempts import asked, draw, present
from trainer.quiz.pack_check import check_pack
from trainer.quiz.scoring import score_quiz
from trainer.records import replace
from trainer.session import Session
from trainer.xapi.statements import StatementOptions, learner_statements

BANK = PACKS / "bank"


def bank_quiz(draw_: Draw | None, count: int = 8, tags: dict[int, str] | None = None) -> Quiz:
    """A quiz of `count` true/false questions q1…, q1 worth 2 points, tagged as `tags` says."""
    tags = tags or {}
    questions = tuple(
        TrueFalse(
            id=f"q{i}",
            prompt=f"Statement {i}.",
            answer=True,
            points=2.0 if i == 1 else 1.0,
            tags=(tags[i],) if i in tags else (),
        )
        for i in range(1, count + 1)
    )
    return Quiz(id="bank", language="en", title="Bank", questions=questions, draw=draw_)


@pytest.fixture(scope="module")
def pack():
    loaded, diagnostics = check_pack(BANK)
    assert loaded is not None and not diagnostics, diagnostics
    return loaded


def session_on(pack, store: Store, seed: int = 7, language: str = "en") -> Session:
    learner = store.learner_or_new("Anne", FixedClock()())
    return Session(pack.course(language), store, learner, clock=FixedClock(), seeds=lambda: seed)


# the draw -----------------------------------------------------------------------------------------


def test_a_draw_is_the_same_for_the_same_seed_and_varies_with_it() -> None:
    quiz = bank_quiz(Draw(count=3))
    draws = {seed: draw(quiz, seed) for seed in range(200)}
    assert all(draw(quiz, seed) == drawn for seed, drawn in draws.items())
    assert all(len(drawn) == 3 and len(set(drawn)) == 3 for drawn in draws.values())
    # in the authored order, whatever was drawn
    assert all(list(drawn) == sorted(drawn, key=lambda q: int(q[1:])) for drawn in draws.values())
    assert len(set(draws.values())) > 40  # 56 possible sets of 3 among 8: the seed matters
    # every question is drawn about as often as the others (3/8 of 200 = 75)
    counts = Counter(qid for drawn in draws.values() for qid in drawn)
    assert set(counts) == {f"q{i}" for i in range(1, 9)}
    assert all(40 <= n <= 110 for n in counts.values()), counts


def test_a_quiz_without_draw_asks_every_question_as_before() -> None:
    quiz = bank_quiz(None)
    assert draw(quiz, 5) == tuple(f"q{i}" for i in range(1, 9))
    assert asked(quiz, None).questions == quiz.questions
    assert present(asked(quiz, None), 5) == present(quiz, 5)
    assert quiz.asked == 8


def test_a_per_tag_draw_takes_so_many_of_each_tag() -> None:
    tags = {1: "cas", 2: "cas", 3: "cas", 4: "cas", 5: "loi", 6: "loi", 7: "loi"}
    quiz = bank_quiz(Draw(per_tag=(("cas", 2), ("loi", 1))), tags=tags)
    assert quiz.asked == 3
    for seed in range(100):
        drawn = draw(quiz, seed)
        assert Counter(tags.get(int(qid[1:])) for qid in drawn) == {"cas": 2, "loi": 1}
        assert "q8" not in drawn  # carries no tag of the draw: never drawn
    # The order the tags are written in does not change what is drawn.
    swapped = replace(quiz, draw=Draw(per_tag=(("loi", 1), ("cas", 2))))
    assert all(draw(swapped, seed) == draw(quiz, seed) for seed in range(50))


def test_the_drawn_quiz_keeps_its_settings_and_draws_no_more() -> None:
    quiz = replace(bank_quiz(Draw(count=3)), pass_mark=0.5, max_attempts=2, shuffle=True)
    drawn = quiz.drawn(["q8", "q2", "gone"])
    assert [q.id for q in drawn.questions] == ["q2", "q8"]  # authored order; a lost id dropped
    assert (drawn.draw, drawn.pass_mark, drawn.max_attempts, drawn.shuffle) == (None, 0.5, 2, True)


def test_score_is_points_weighted_over_the_drawn_questions_only() -> None:
    quiz = bank_quiz(Draw(count=3))
    graded = quiz.drawn(["q1", "q2", "q3"])  # q1 is worth 2
    result = score_quiz(graded, {"q1": True, "q2": False}, 0.5)
    assert result.score == pytest.approx(2 / 4)  # not 2 / 9: the undrawn do not count
    assert result.passed
    assert [g.question_id for g in result.grades] == ["q1", "q2", "q3"]
    assert not score_quiz(graded, {"q2": True, "q3": True}, 0.8).passed  # 2 / 4 < 0.8


# attempts: recorded, resumed, scored --------------------------------------------------------------


def test_an_attempt_records_its_draw_and_resumes_with_the_same_questions(
    pack, tmp_path: Path
) -> None:
    path = tmp_path / "p.sqlite3"
    store = Store.open(path)
    session = session_on(pack, store, seed=11)
    quiz = session.course.quizzes["tirage"]
    run = session.start(quiz, "tirage")
    drawn = draw(quiz, 11)
    assert run.attempt.drawn == drawn and len(drawn) == 4
    assert sorted(run.presentation.question_ids) == sorted(drawn)
    assert run.total == 4 and [q.id for q in run.asked.questions] == list(drawn)
    first, second = run.questions[:2]
    run.answer(first, True)
    run.answer(second, True)
    store.close()

    # Quit and come back, in the other language: the same questions, in the same order.
    store = Store.open(path)
    again = session_on(pack, store, seed=99, language="fr")
    resumed = again.resume_or_start(again.course.quizzes["tirage"], "tirage")
    assert resumed.attempt.drawn == drawn
    assert resumed.presentation.question_ids == run.presentation.question_ids
    assert resumed.current is not None and resumed.number_of(resumed.current) == 3
    assert again.resume_point(again.course.quizzes["tirage"]) == 3
    store.close()


def test_a_finished_attempt_is_scored_over_its_draw_with_the_pass_mark(pack, tmp_path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    session = session_on(pack, store, seed=3)
    quiz = session.course.quizzes["tirage"]
    run = session.start(quiz, "tirage")
    asked_quiz = run.asked
    for question in run.questions:
        run.answer(question, question.answer)  # every drawn question right
    result = run.finish()
    assert result.score == 1.0 and result.passed
    assert [g.question_id for g in result.grades] == list(run.presentation.question_ids)
    assert len(result.grades) == 4
    (attempt,) = session.finished_attempts(quiz)
    assert attempt.score == 1.0 and attempt.passed and attempt.drawn == run.attempt.drawn
    # A new attempt draws again, from its own seed.
    session.seeds = lambda: 4
    retry = session.start(quiz, "tirage")
    assert retry.attempt.drawn == draw(quiz, 4)
    assert asked_quiz.draw is None and quiz.draw == Draw(count=4)


def test_an_attempt_begun_before_the_draw_asks_every_question(pack, tmp_path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    session = session_on(pack, store)
    quiz = session.course.quizzes["tirage"]
    learner = session.learner
    assert session.questions_asked(quiz) == 4  # a new attempt would draw 4
    store.start_attempt(learner, "bank", "tirage", "tirage", 5, "en", FixedClock()())
    run = session.resume_or_start(quiz, "tirage")
    assert run.attempt.drawn is None and run.total == 8
    assert session.questions_asked(quiz) == 8


@pytest.mark.parametrize(
    ("payload", "drawn"),
    [
        ({"seed": 7, "drawn": ["q2", "q5"]}, ("q2", "q5")),
        ({"seed": 7}, None),
        ({"seed": 7, "drawn": 3}, None),  # a file edited by hand: every question rather than fail
        ({"seed": 7, "drawn": ["q2", 5]}, None),
    ],
)
def test_the_draw_read_back_from_a_stored_attempt(payload: dict, drawn) -> None:
    assert drawn_of(payload) == drawn


def test_review_schedules_only_the_questions_drawn(pack, tmp_path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    session = session_on(pack, store, seed=21)
    quiz = session.course.quizzes["tirage"]
    run = session.start(quiz, "tirage")
    for question in run.questions:
        run.answer(question, not question.answer)  # all wrong: each due again tomorrow
    run.finish()
    later = session.clock() + timedelta(days=3)
    due = session.due_reviews(later)
    assert sorted(qid for _quiz, qid in due) == sorted(run.attempt.drawn or ())
    assert len(due) == 4


def test_statements_score_an_attempt_over_its_draw(pack, tmp_path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    session = session_on(pack, store, seed=5)
    quiz = session.course.quizzes["tirage"]
    run = session.start(quiz, "tirage")
    for question in run.questions:
        run.answer(question, question.answer)
    run.finish()
    drawn = set(run.attempt.drawn or ())
    courses = {lang: pack.course(lang) for lang in pack.languages}
    statements = learner_statements(
        store.events(session.learner), courses, "anne", StatementOptions()
    )
    bodies = [s.body for s in statements]
    answered = {
        b["object"]["id"].rsplit("/", 1)[-1] for b in bodies if "answered" in b["verb"]["id"]
    }
    assert answered == drawn
    (finished,) = [b for b in bodies if b["verb"]["id"].endswith("passed")]
    points = sum(2.0 if qid == "q1" else 1.0 for qid in drawn)
    assert finished["result"]["score"] == {"scaled": 1.0, "raw": points, "min": 0.0, "max": points}


# exports ------------------------------------------------------------------------------------------


def test_gift_export_writes_the_whole_bank_and_says_moodle_draws(pack) -> None:
    course = pack.course("en")
    exported = export_quiz(course.quizzes["tirage"], "bank")
    assert all(f"::q{i}::" in exported.text for i in range(1, 9))
    (warning,) = [w for w in exported.warnings if w.code == "gift-draw"]
    assert "all 8 questions are exported" in warning.message
    assert "add 4 random questions" in warning.message
    tagged = export_quiz(course.quizzes["etiquettes"], "bank")
    (warning,) = [w for w in tagged.warnings if w.code == "gift-draw"]
    assert "by tag (cas: 2, loi: 1)" in warning.message
