"""The trainer's report: figures over the answers of many learners. Pure: no store, no network.

The rows come from collected progress files or from an LRS (see `trainer.report.sources`); the
figures are those of the course as it is now: answers to a quiz or a question the course no longer
has are left out, and spaced-review answers are not rows (only answers given in quiz attempts).

- **Learners**: everyone with at least one row in the course.
- **Completion**: learners whose lessons opened and quizzes passed complete the course, by
  `trainer.quiz.completion.standing`.
- **Pass rate** of a quiz: learners who passed it at least once / learners who finished at least
  one attempt at it.
- **Difficulty** of a question (the classical "p-value", higher is easier): the share of learners
  whose FIRST answer to it was fully right (score 1). Only the first answer counts, because later
  attempts come after the feedback and the explanation, and measure memory of them.
- **Discrimination**: the upper-lower index D = p(upper) − p(lower), see `discrimination`.
- **Most missed**: the questions with the most learners whose first answer was not fully right,
  each with the wrong answer given most often among those first answers, in words.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from trainer.course.model import (
    ChoiceQuestion,
    Course,
    Question,
    Quiz,
    TextAnswer,
)
from trainer.i18n import _
from trainer.quiz import wording
from trainer.quiz.completion import standing
from trainer.quiz.grading import normalise

MIN_LEARNERS = 5
"""Below this many learners answering a question, its discrimination is not computed: with four,
one learner's slip swings D by 0.5 or more."""
GROUP_SHARE = 0.27
"""Kelley's 27 %: the share of learners in each of the upper and lower groups."""
RIGHT = 1.0 - 1e-9
"""A score from this up is fully right (scores may come back from an LRS rounded to 4 places)."""
MOST_MISSED = 5


# rows --------------------------------------------------------------------------------------------


# The rows are slotted: a report on thousands of files holds hundreds of thousands of them.


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One answer a learner gave in a quiz attempt."""

    learner: str
    """An opaque key, unique across sources (a file and a learner id, an LRS account)."""
    quiz_id: str
    question_id: str
    score: float
    response: object
    """As the store records it: positions as authored (see `trainer.quiz.grading`)."""
    attempt_id: str | None
    at: str
    """ISO 8601 time; a time without an offset is taken as UTC."""


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """One finished attempt at a quiz."""

    learner: str
    quiz_id: str
    score: float
    passed: bool
    at: str = ""


@dataclass(frozen=True, slots=True)
class LessonRow:
    """A lesson a learner opened."""

    learner: str
    lesson_id: str
    at: str = ""


@dataclass(frozen=True)
class Records:
    """Every row of a course, from every source."""

    answers: tuple[AnswerRow, ...] = ()
    attempts: tuple[AttemptRow, ...] = ()
    lessons: tuple[LessonRow, ...] = ()
    groups: Mapping[str, str] = field(default_factory=dict)
    """Learner key → their group (service, direction, cohort), for those who have one."""
    skipped: tuple[str, ...] = ()
    """Why each source that could not be read was left out, one line each (naming it)."""

    def __add__(self, other: Records) -> Records:
        return Records(
            self.answers + other.answers,
            self.attempts + other.attempts,
            self.lessons + other.lessons,
            {**self.groups, **other.groups},
            self.skipped + other.skipped,
        )

    @property
    def learners(self) -> frozenset[str]:
        """Every learner key with a row."""
        # Kind after kind: one tuple of every row would be as long as all of them together.
        kinds: tuple[Iterable[AnswerRow | AttemptRow | LessonRow], ...] = (
            self.answers,
            self.attempts,
            self.lessons,
        )
        return frozenset(row.learner for rows in kinds for row in rows)


# figures -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizFigures:
    """How learners fared at one quiz."""

    quiz_id: str
    title: str
    attempted: int
    """Learners with at least one finished attempt."""
    passed: int
    """Learners who passed at least once (0 when withheld)."""
    withheld: bool = False
    """Too few learners attempted it to show how they fared (see `trainer.report.groups`)."""

    @property
    def pass_rate(self) -> float | None:
        """passed / attempted; None when nobody finished an attempt, or when withheld."""
        return self.passed / self.attempted if self.attempted and not self.withheld else None


@dataclass(frozen=True)
class WrongAnswer:
    """The wrong answer given most often to a question, in words, and by how many learners."""

    text: str
    count: int


@dataclass(frozen=True)
class QuestionFigures:
    """How learners fared at one question, on their first answers."""

    quiz_id: str
    question_id: str
    prompt: str
    answered: int
    """Learners who answered it."""
    right: int
    """Learners whose first answer was fully right."""
    discrimination: float | None
    """D from −1 to 1; None below `MIN_LEARNERS`."""
    wrong: WrongAnswer | None = None
    withheld: bool = False
    """Too few learners answered it to show how they fared: `right`, `discrimination` and
    `wrong` are emptied (see `trainer.report.groups`)."""

    @property
    def difficulty(self) -> float | None:
        """right / answered: the share answered right (1 is easy); None when nobody answered, or
        when withheld."""
        return self.right / self.answered if self.answered and not self.withheld else None

    @property
    def missed(self) -> int:
        """Learners whose first answer was not fully right (0 when withheld)."""
        return 0 if self.withheld else self.answered - self.right


@dataclass(frozen=True)
class Report:
    """The trainer's report on a course."""

    course_id: str
    learners: int
    completed: int
    quizzes: tuple[QuizFigures, ...]
    questions: tuple[QuestionFigures, ...]
    """In course order."""
    sources: tuple[str, ...] = field(default=())
    """Where the rows came from, for the header."""
    skipped: tuple[str, ...] = field(default=())
    """The sources left out because they could not be read: why, one line each."""
    group: str | None = None
    """The group the report is limited to (`trainer report --group`); None: every learner."""
    min_learners: int = 1
    """Figures over fewer learners than this are withheld from the shared outputs (see
    `trainer.report.groups`): `trainer report` sets it to 5 unless told otherwise."""
    shown_for: str | None = None
    """The trainer the threshold was lowered for (`--min-learners` under 5, `--for-trainer`)."""

    @property
    def completion_withheld(self) -> bool:
        """Too few learners to say how many completed the course (`completed` is then 0)."""
        return 0 < self.learners < self.min_learners

    @property
    def completion(self) -> float | None:
        """completed / learners; None without learners, or when withheld."""
        return (
            self.completed / self.learners
            if self.learners and not self.completion_withheld
            else None
        )

    @property
    def withheld(self) -> bool:
        """Some figure of the report is withheld for too few learners."""
        return (
            self.completion_withheld
            or any(quiz.withheld for quiz in self.quizzes)
            or any(question.withheld for question in self.questions)
        )

    def by_difficulty(self) -> list[QuestionFigures]:
        """The answered questions, hardest (lowest share right) first; then by quiz and id. Those
        withheld are left out: their place in the order would tell how they fared."""
        answered = [q for q in self.questions if q.answered and not q.withheld]
        return sorted(answered, key=lambda q: (q.difficulty, q.quiz_id, q.question_id))

    def most_missed(self, count: int = MOST_MISSED) -> list[QuestionFigures]:
        """The questions most learners missed on their first answer (at least one did)."""
        missed = [q for q in self.questions if q.missed]
        return sorted(missed, key=lambda q: (-q.missed, q.difficulty, q.quiz_id, q.question_id))[
            :count
        ]


def analyse(course: Course, records: Records, sources: Sequence[str] = ()) -> Report:
    """The report's figures for `course` from every learner's rows."""
    quizzes = course_quizzes(course)
    questions = {(quiz.id, q.id): q for quiz in quizzes for q in quiz.questions}
    by_question = firsts_by_question(
        a for a in records.answers if (a.quiz_id, a.question_id) in questions
    )
    overall = overall_of(by_question)
    learners = records.learners
    opened: dict[str, set[str]] = defaultdict(set)
    for lesson_row in records.lessons:
        opened[lesson_row.learner].add(lesson_row.lesson_id)
    passed: dict[str, set[str]] = defaultdict(set)
    attempted: dict[str, set[str]] = defaultdict(set)
    for attempt_row in records.attempts:
        attempted[attempt_row.quiz_id].add(attempt_row.learner)
        if attempt_row.passed:
            passed[attempt_row.learner].add(attempt_row.quiz_id)
    completed = sum(
        1 for learner in learners if standing(course, opened[learner], passed[learner]).complete
    )
    quiz_figures = tuple(
        QuizFigures(
            quiz.id,
            quiz.title,
            len(attempted[quiz.id]),
            sum(1 for learner in attempted[quiz.id] if quiz.id in passed[learner]),
        )
        for quiz in quizzes
    )
    question_figures = []
    for (quiz_id, question_id), question in questions.items():
        answers = by_question.get((quiz_id, question_id), [])
        right = {row.learner for row in answers if row.score >= RIGHT}
        question_figures.append(
            QuestionFigures(
                quiz_id,
                question_id,
                question.prompt,
                len(answers),
                len(right),
                discrimination({row.learner: overall[row.learner] for row in answers}, right),
                most_chosen_wrong(
                    question, [row.response for row in answers if row.learner not in right]
                ),
            )
        )
    return Report(
        course.id,
        len(learners),
        completed,
        quiz_figures,
        tuple(question_figures),
        tuple(sources),
        records.skipped,
    )


def course_quizzes(course: Course) -> list[Quiz]:
    """The course's quizzes in course order: lesson after lesson, then any quiz no lesson takes."""
    ordered: dict[str, Quiz] = {}
    for lesson in course.lessons:
        quiz = course.quiz_of(lesson)
        if quiz is not None:
            ordered.setdefault(quiz.id, quiz)
    for quiz_id in sorted(course.quizzes):
        ordered.setdefault(quiz_id, course.quizzes[quiz_id])
    return list(ordered.values())


def first_answers(answers: Iterable[AnswerRow]) -> dict[tuple[str, tuple[str, str]], AnswerRow]:
    """(learner, (quiz id, question id)) → the learner's first answer to it, by time (rows of the
    same instant keep the order they came in)."""
    firsts: dict[tuple[str, tuple[str, str]], AnswerRow] = {}
    questions: dict[tuple[str, str], tuple[str, str]] = {}  # each question's key made once
    # sorted() is stable: rows of the same instant keep their order with no index beside them
    # (a report on thousands of files sorts hundreds of thousands of rows).
    for row in sorted(answers, key=lambda row: _instant(row.at)):
        key = (row.quiz_id, row.question_id)
        firsts.setdefault((row.learner, questions.setdefault(key, key)), row)
    return firsts


def firsts_by_question(answers: Iterable[AnswerRow]) -> dict[tuple[str, str], list[AnswerRow]]:
    """(quiz id, question id) → the first answer of each learner to it, in the time order of
    those answers (rows of the same instant keep the order they came in): what `first_answers`
    gives, grouped by question. Question after question, so that only one question's learners
    are looked up at a time (a report on thousands of files holds hundreds of thousands of
    answers)."""
    grouped: dict[tuple[str, str], list[AnswerRow]] = {}
    for row in answers:
        grouped.setdefault((row.quiz_id, row.question_id), []).append(row)
    order = _time_order(row for rows in grouped.values() for row in rows)
    for key, rows in grouped.items():
        rows.sort(key=order)  # stable: sorting each question's rows keeps the order of all rows
        seen: set[str] = set()
        firsts = []
        for row in rows:
            if row.learner not in seen:
                seen.add(row.learner)
                firsts.append(row)
        grouped[key] = firsts
    return grouped


def overall_of(by_question: Mapping[tuple[str, str], Sequence[AnswerRow]]) -> dict[str, float]:
    """`overall_scores` from the first answers grouped by question (fsum's exact sum does not
    depend on the order the scores come in)."""
    scores: dict[str, list[float]] = defaultdict(list)
    for rows in by_question.values():
        for row in rows:
            scores[row.learner].append(row.score)
    return {learner: math.fsum(values) / len(values) for learner, values in scores.items()}


_STORED_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00")
"""How the store writes a time: fixed width, always UTC, so that text order is time order."""


def _time_order(rows: Iterable[AnswerRow]) -> Callable[[AnswerRow], str | datetime]:
    """The sort key for time order: the time as written when every row's is a valid time in the
    store's own form (no object made per row), else the time parsed (`_instant`)."""
    for row in rows:
        at = row.at
        if type(at) is not str or _STORED_TIME.fullmatch(at) is None:
            return _parsed_time
        try:
            datetime.fromisoformat(at)
        except ValueError:  # the right shape, not a time (a 13th month): parsed, as it sorts
            return _parsed_time
    return _written_time


def _written_time(row: AnswerRow) -> str:
    return row.at


def _parsed_time(row: AnswerRow) -> datetime:
    return _instant(row.at)


def overall_scores(firsts: Mapping[tuple[str, tuple[str, str]], AnswerRow]) -> dict[str, float]:
    """Learner → the mean score of their first answers over every question they answered: what
    ranks learners from strong to weak for discrimination."""
    scores: dict[str, list[float]] = defaultdict(list)
    for (learner, _key), row in firsts.items():
        scores[learner].append(row.score)
    return {learner: math.fsum(values) / len(values) for learner, values in scores.items()}


def discrimination(
    overall: Mapping[str, float], right: Iterable[str], minimum: int = MIN_LEARNERS
) -> float | None:
    """The upper-lower discrimination index of a question, from −1 to 1; None below `minimum`.

    The n learners who answered the question are ranked by their overall score (`overall`, best
    first). The upper group is the first g = max(1, round(0.27 n)), the lower group the last g.
    D = (right answers in the upper group − right answers in the lower group) / g. Learners tied
    on the score at a group's edge count in it by the share of its places left for them, so that D
    does not depend on how learners are named (a store's `file#id` or an LRS's account): the same
    learners read from stores or from the LRS give the same D. D near 1: the strong get it right
    and the weak do not; near 0: it does not separate them; negative: the weak do better (a
    question to rewrite, or a wrong answer key). As a rule of thumb, 0.3 and up is good, under 0.2
    is poor.
    """
    if len(overall) < minimum:
        return None
    right = set(right)
    # (score, right answers, learners) for each score, best first.
    tallies: dict[float, list[int]] = {}
    for learner, score in overall.items():
        tally = tallies.setdefault(score, [0, 0])
        tally[0] += learner in right
        tally[1] += 1
    blocks = [tallies[score] for score in sorted(tallies, reverse=True)]
    size = max(1, round(GROUP_SHARE * len(overall)))
    return (_right_in_group(blocks, size) - _right_in_group(blocks[::-1], size)) / size


def _right_in_group(blocks: Sequence[list[int]], size: int) -> float:
    """The right answers among the first `size` learners of `blocks` ([right, learners] per
    score, in rank order), the block at the edge counted by the share of it that fits."""
    total = 0.0
    room = size
    for right_answers, learners in blocks:
        if room <= 0:
            break
        taken = min(room, learners)
        total += right_answers * taken / learners
        room -= taken
    return total


def most_chosen_wrong(question: Question, responses: Sequence[object]) -> WrongAnswer | None:
    """The wrong response given most often, in words (ties: the one met first)."""
    if not responses:
        return None
    groups: dict[str, object] = {}
    counts: Counter[str] = Counter()
    for response in responses:
        key = _response_key(question, response)
        groups.setdefault(key, response)
        counts[key] += 1
    order = {key: index for index, key in enumerate(groups)}
    best = max(counts, key=lambda key: (counts[key], -order[key]))
    return WrongAnswer(response_words(question, groups[best]), counts[best])


def response_words(question: Question, response: object) -> str:
    """A recorded response in words on one line: the texts of the choices picked, true or false,
    the typed text, the items in the order given, the pairs made. A response that no longer fits
    the question (the pack changed since) is shown as recorded."""
    if response is None:
        return _("No answer")
    try:
        words = wording.response_words(question, response)
    except wording.DoesNotFit:
        return json.dumps(response, ensure_ascii=False)
    if isinstance(words, wording.Picked):
        return " + ".join(choice.text for choice in words.choices) or _("(nothing picked)")
    if isinstance(words, wording.Said):
        return words.text
    if isinstance(words, wording.Ordered):
        return " → ".join(words.items)
    return "; ".join(
        f"{left} → {right if right is not None else '?'}" for left, right in words.pairs
    )


def _response_key(question: Question, response: object) -> str:
    """Responses that mean the same answer share a key: text answers once normalised, the
    choices of a `multiple` question in any order."""
    if isinstance(question, TextAnswer) and isinstance(response, str):
        return "text:" + normalise(response)
    if isinstance(question, ChoiceQuestion) and isinstance(response, list):
        return json.dumps(sorted(response, key=str))
    return json.dumps(response, sort_keys=True, ensure_ascii=False)


def _instant(at: str) -> datetime:
    try:
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
