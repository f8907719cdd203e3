"""The trainer's report figures, on hand-made rows whose figures are worked out by hand below."""

from __future__ import annotations

import pytest

from tests.helpers.builders import make_course, make_lesson, make_quiz
from trainer.course.model import (
    Choice,
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.report.figures import (
    AnswerRow,
    AttemptRow,
    LessonRow,
    Records,
    analyse,
    discrimination,
    first_answers,
    most_chosen_wrong,
    response_words,
)

CAPITAL = SingleChoice(
    id="q1", prompt="Capital?", choices=(Choice("A", True), Choice("B"), Choice("C"))
)
TRUE = TrueFalse(id="q2", prompt="True?", answer=True)
CITY = TextAnswer(id="q3", prompt="City?", accept=("paris",))
PICK = MultipleChoice(
    id="q4", prompt="Pick", choices=(Choice("Flow", True), Choice("Talk", True), Choice("Paper"))
)
STEPS = Ordering(id="q5", prompt="Order", items=("First", "Second", "Third"))
PAIRS = Matching(
    id="q6", prompt="Match", pairs=(("Pharos", "reporting"), ("17Cyber", "assistance"))
)


@pytest.fixture
def course():
    """Lesson `a` with quiz `a` (q1, q2, q3), lesson `b` without a quiz."""
    return make_course(
        {"m": [make_lesson("a"), make_lesson("b")]}, [make_quiz("a", [CAPITAL, TRUE, CITY])]
    )


def answer(learner, question, score, response, at, quiz="a", attempt="t1"):
    return AnswerRow(
        learner,
        quiz,
        question,
        score,
        response,
        f"{learner}-{attempt}",
        f"2026-03-02T09:{at:02d}:00+00:00",
    )


# First answers (score, response) of six learners, and their overall score (the mean of the three):
#        q1       q2       q3              overall
#  L1    1 A      1 true   1 "paris"       1
#  L2    1 A      1 true   0 "Lyon"        2/3
#  L3    0 B      1 true   1 "Paris"       2/3   (tied with L2)
#  L4    1 A      0 false  0 " LYON "      1/3
#  L5    0 B      0 false  0 "Marseille"   0
#  L6    0 C      1 true   0 no answer     1/3   (tied with L4)
# Ranked: L1, {L2, L3}, {L4, L6}, L5. Six learners: groups of round(0.27 × 6) = 2.
# Upper: L1, and one place for the two tied L2 and L3 (half each); lower: L5, and one place for
# the tied L4 and L6 (half each). Whatever the learners' keys, the same D:
#   q1 right L1 L2 L4:       difficulty 3/6; D = ((1 + 1/2) − (0 + 1/2)) / 2 = 0.5
#   q2 right L1 L2 L3 L6:    difficulty 4/6; D = ((1 + 2/2) − (0 + 1/2)) / 2 = 0.75
#   q3 right L1 L3:          difficulty 2/6; D = ((1 + 1/2) − 0) / 2 = 0.75
FIRSTS = {
    "L1": [(1, 1), (1, True), (1, "paris")],
    "L2": [(1, 1), (1, True), (0, "Lyon")],
    "L3": [(0, 2), (1, True), (1, "Paris")],
    "L4": [(1, 1), (0, False), (0, " LYON ")],
    "L5": [(0, 2), (0, False), (0, "Marseille")],
    "L6": [(0, 3), (1, True), (0, None)],
}


@pytest.fixture
def records() -> Records:
    answers = [
        answer(learner, question, score, response, minute)
        for learner, firsts in FIRSTS.items()
        for minute, (question, (score, response)) in enumerate(
            zip(("q1", "q2", "q3"), firsts, strict=True), 10
        )
    ]
    # Later answers never count: L5 gets q1 right at a second attempt; L4's second attempt comes
    # first in the rows, but later in time.
    answers.append(answer("L5", "q1", 1, 1, 30, attempt="t2"))
    answers.insert(0, answer("L4", "q1", 0, 3, 40, attempt="t2"))
    # An answer to a quiz the course no longer has: left out (it would lift L6 above L4).
    answers.append(answer("L6", "gone", 1, 1, 5, quiz="gone"))
    attempts = [
        AttemptRow("L1", "a", 1.0, True),
        AttemptRow("L2", "a", 0.67, False),
        AttemptRow("L2", "a", 1.0, True),
        AttemptRow("L3", "a", 0.67, False),
        AttemptRow("L4", "a", 0.33, False),
        AttemptRow("L4", "a", 0.33, False),
        AttemptRow("L5", "a", 0.0, False),
        # L6 never finished an attempt
    ]
    lessons = [
        LessonRow("L1", "a"),
        LessonRow("L1", "b"),
        LessonRow("L2", "a"),
        LessonRow("L2", "b"),
        LessonRow("L2", "a"),
        LessonRow("L3", "a"),
        LessonRow("L3", "b"),
        LessonRow("L4", "a"),
        LessonRow("L7", "b"),  # opened a lesson, answered nothing
    ]
    return Records(tuple(answers), tuple(attempts), tuple(lessons))


def test_learners_are_everyone_with_a_row(course, records) -> None:
    assert analyse(course, records).learners == 7


def test_completion_is_every_lesson_opened_and_every_quiz_passed(course, records) -> None:
    report = analyse(course, records)
    # L1 and L2 opened a and b and passed a; L3 did not pass; L4 did not open b.
    assert report.completed == 2
    assert report.completion == pytest.approx(2 / 7)


def test_pass_rate_is_learners_who_passed_once_over_learners_who_finished_an_attempt(
    course, records
) -> None:
    (quiz,) = analyse(course, records).quizzes
    assert (quiz.quiz_id, quiz.attempted, quiz.passed) == ("a", 5, 2)
    assert quiz.pass_rate == pytest.approx(0.4)


def test_difficulty_is_the_share_of_first_answers_fully_right(course, records) -> None:
    questions = {q.question_id: q for q in analyse(course, records).questions}
    assert {qid: (q.answered, q.right) for qid, q in questions.items()} == {
        "q1": (6, 3),
        "q2": (6, 4),
        "q3": (6, 2),
    }
    assert questions["q1"].difficulty == pytest.approx(0.5)
    assert questions["q3"].difficulty == pytest.approx(1 / 3)


def test_discrimination_by_hand(course, records) -> None:
    questions = {q.question_id: q for q in analyse(course, records).questions}
    assert questions["q1"].discrimination == pytest.approx(0.5)
    assert questions["q2"].discrimination == pytest.approx(0.75)
    assert questions["q3"].discrimination == pytest.approx(0.75)


def test_discrimination_does_not_depend_on_the_learners_keys() -> None:
    """A store names a learner `file#id`, an LRS `homePage::uuid`: the same learners and answers
    give the same D (ties at a group's edge are shared, not broken by the key)."""
    from trainer.report.figures import discrimination

    scores = [1.0, 0.8, 0.8, 0.8, 0.5, 0.5, 0.2, 0.2, 0.2, 0.0]
    right = [True, True, False, True, False, True, False, True, False, False]
    values = set()
    for names in (list("abcdefghij"), list("jihgfedcba"), list("cadbehgfji")):
        overall = dict(zip(names, scores, strict=True))
        values.add(discrimination(overall, [n for n, r in zip(names, right, strict=True) if r]))
    assert len(values) == 1


def test_questions_hardest_first_and_most_missed(course, records) -> None:
    report = analyse(course, records)
    assert [q.question_id for q in report.by_difficulty()] == ["q3", "q1", "q2"]
    assert [(q.question_id, q.missed) for q in report.most_missed()] == [
        ("q3", 4),
        ("q1", 3),
        ("q2", 2),
    ]


def test_the_most_chosen_wrong_answer_is_in_words(course, records) -> None:
    questions = {q.question_id: q for q in analyse(course, records).questions}
    assert (questions["q1"].wrong.text, questions["q1"].wrong.count) == ("B", 2)
    assert (questions["q2"].wrong.text, questions["q2"].wrong.count) == ("False", 2)
    # " LYON " and "Lyon" are one answer once normalised, shown as first given.
    assert (questions["q3"].wrong.text, questions["q3"].wrong.count) == ("Lyon", 2)


def test_nobody_answered(course) -> None:
    report = analyse(course, Records())
    assert report.learners == 0 and report.completion is None
    assert all(
        q.difficulty is None and q.discrimination is None and q.wrong is None
        for q in report.questions
    )
    assert report.quizzes[0].pass_rate is None
    assert report.by_difficulty() == [] and report.most_missed() == []


def test_first_answer_is_by_time_then_by_row_order() -> None:
    rows = [
        answer("L1", "q1", 0, 2, 20),
        answer("L1", "q1", 1, 1, 10),
        AnswerRow("L2", "a", "q1", 1, 1, None, "2026-03-02T10:00:00+01:00"),  # 09:00 UTC: first
        AnswerRow("L2", "a", "q1", 0, 3, None, "2026-03-02T09:30:00"),  # no offset: UTC
    ]
    firsts = first_answers(rows)
    assert firsts[("L1", ("a", "q1"))].response == 1
    assert firsts[("L2", ("a", "q1"))].response == 1


@pytest.mark.parametrize("count", [0, 1, 4])
def test_discrimination_needs_five_learners(count: int) -> None:
    overall = {f"L{n}": n / 10 for n in range(count)}
    assert discrimination(overall, overall) is None


def test_discrimination_with_five_learners_compares_the_best_and_the_worst() -> None:
    # round(0.27 × 5) = 1: the upper group is L5 alone, the lower L1 alone.
    overall = {"L1": 0.1, "L2": 0.2, "L3": 0.3, "L4": 0.4, "L5": 0.5}
    assert discrimination(overall, {"L5"}) == 1.0
    assert discrimination(overall, {"L1"}) == -1.0
    assert discrimination(overall, {"L1", "L5", "L3"}) == 0.0


def test_discrimination_with_ten_learners_uses_groups_of_three() -> None:
    overall = {f"L{n:02d}": n / 10 for n in range(10)}  # L09 best … L00 worst
    right = {"L09", "L08", "L07", "L00"}
    assert discrimination(overall, right) == pytest.approx((3 - 1) / 3)


@pytest.mark.parametrize(
    ("question", "response", "words"),
    [
        (CAPITAL, 2, "B"),
        (PICK, [3, 1], "Paper + Flow"),
        (PICK, [], "(nothing picked)"),
        (TRUE, False, "False"),
        (CITY, "Lyon", "Lyon"),
        (STEPS, [2, 1, 3], "Second → First → Third"),
        (PAIRS, [2, None], "Pharos → assistance; 17Cyber → ?"),
        (CAPITAL, None, "No answer"),
        (CAPITAL, 7, "7"),  # the pack changed since: shown as recorded
        (STEPS, "oops", '"oops"'),
    ],
)
def test_response_words(question, response, words: str) -> None:
    assert response_words(question, response) == words


def test_multiple_choice_picks_in_any_order_are_one_answer() -> None:
    wrong = most_chosen_wrong(PICK, [[1, 3], [2], [3, 1]])
    assert (wrong.text, wrong.count) == ("Flow + Paper", 2)


def test_a_tie_goes_to_the_wrong_answer_given_first() -> None:
    assert most_chosen_wrong(CAPITAL, [3, 2, 2, 3]).text == "C"
    assert most_chosen_wrong(CAPITAL, []) is None


def test_quizzes_in_course_order(build) -> None:
    q = TrueFalse(id="q", prompt="?")
    course = build.course(
        {"m": [build.lesson("z"), build.lesson("a", quiz="y")]},
        [build.quiz("a", [q]), build.quiz("y", [q]), build.quiz("z", [q]), build.quiz("b", [q])],
    )
    assert [quiz.quiz_id for quiz in analyse(course, Records()).quizzes] == ["z", "y", "a", "b"]


@pytest.mark.parametrize(
    "times",
    [
        # The store's own form: sorted as written.
        ["2026-03-02T09:00:00.000+00:00", "2026-03-02T08:00:00.000+00:00"] * 3,
        # Another offset, no offset, a 13th month, not a time: parsed (a bad time sorts first).
        ["2026-03-02T10:00:00+01:00", "2026-03-02T08:30:00", "2026-13-02T09:00:00.000+00:00"],
        ["2026-03-02T09:00:00.000+00:00", "2026-03-02T08:00:00.000+00:00", "hier"],
    ],
)
def test_first_answers_grouped_by_question_are_the_first_answers(times: list[str]) -> None:
    from trainer.report.figures import firsts_by_question, overall_of, overall_scores

    rows = [
        AnswerRow(f"L{n % 2}", "a", f"q{n % 3}", n / 10, n, None, at)
        for n, at in enumerate(times * 2)
    ]
    firsts = first_answers(rows)
    grouped = firsts_by_question(rows)
    expected: dict[tuple[str, str], list[AnswerRow]] = {}
    for (_learner, key), row in firsts.items():
        expected.setdefault(key, []).append(row)
    assert grouped == expected  # the same rows, in the same order
    assert overall_of(grouped) == overall_scores(firsts)


def test_responses_repeated_by_rows_are_kept_once_but_never_mixed_up() -> None:
    from trainer.report.sources import _Rows

    rows = _Rows()
    kept = [rows.response(value) for value in ([1, 2], [1, 2], [True, 2], [1.0, 2], "x", [[1, 2]])]
    assert kept[0] is kept[1]
    assert [type(value[0]) for value in kept[:4]] == [int, int, bool, float]
    assert kept[2] is not kept[0] and kept[3] is not kept[0]
    assert kept[4:] == ["x", [[1, 2]]]
