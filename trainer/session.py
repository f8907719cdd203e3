"""A learner's session: the one place where the course, the quiz engine and the store meet.

Screens call this and show what it returns; they keep no score of their own. Every answer is
graded by the engine and committed to the store before it is returned, so the feedback a learner
sees always matches a record that survives a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from trainer.course.model import Course, Lesson, Question, Quiz
from trainer.progress.store import AttemptRecord, CourseRecord, Learner, Store
from trainer.quiz.attempts import (
    Presentation,
    asked,
    attempts_left,
    draw,
    new_seed,
    next_question,
    present,
)
from trainer.quiz.completion import Standing, standing
from trainer.quiz.grading import Grade, Response, grade
from trainer.quiz.review import CardKey, cards, due, interleave, next_due
from trainer.quiz.scoring import QuizResult, passes, weighted_score
from trainer.records import Record, init

if TYPE_CHECKING:
    from fsrs import Card

Clock = Callable[[], datetime]

REVIEW_SIZE = 20
"""How many questions a learner reviews a day unless their settings say otherwise."""

REVIEW_SIZES = (10, 20, 30, 50, 100)
"""The daily sizes offered in the settings."""


def utc_now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def saved_language(
    settings: Mapping[str, str], languages: Sequence[str], course: Course, follow: bool = True
) -> str | None:
    """The language a learner saved in their `settings`, when the session should start in it
    rather than in `course`'s: one of the pack's `languages`, and `follow` (False when --lang chose
    the language for this run). The app and plain mode start the same way."""
    language = settings.get("language") if follow else None
    if language in languages and language != course.language:
        return language
    return None


class NoAttemptsLeft(Exception):
    """The quiz's `max_attempts` are used up."""


class QuizRun(Record, mutable=True):
    """One attempt at a quiz, new or resumed.

    `quiz` is the whole quiz (a new attempt starts from it); `asked` is the quiz as this attempt
    asks it: for a quiz that draws from a bank, only the questions drawn, which its score is over.
    """

    __slots__ = ("attempt", "grades", "hinted", "lesson_id", "presentation", "quiz", "session")
    session: Session
    quiz: Quiz
    lesson_id: str | None
    attempt: AttemptRecord
    presentation: Presentation
    grades: dict[str, Grade]
    hinted: set[str]

    def __init__(
        self,
        session: Session,
        quiz: Quiz,
        lesson_id: str | None,
        attempt: AttemptRecord,
        presentation: Presentation,
        grades: dict[str, Grade] | None = None,
        hinted: set[str] | None = None,
    ) -> None:
        init(
            self,
            session,
            quiz,
            lesson_id,
            attempt,
            presentation,
            {} if grades is None else grades,
            set() if hinted is None else hinted,
        )

    @property
    def asked(self) -> Quiz:
        """The quiz as this attempt asks it: the questions it drew (all, without a draw)."""
        return asked(self.quiz, self.attempt.drawn)

    @property
    def questions(self) -> list[Question]:
        """The questions in the order this attempt shows them."""
        return [self.quiz.question(qid) for qid in self.presentation.question_ids]

    @property
    def total(self) -> int:
        """How many questions this attempt asks."""
        return len(self.presentation.question_ids)

    @property
    def current(self) -> Question | None:
        """The next question not answered yet; None when all are."""
        question_id = next_question(self.presentation, self.grades)
        return self.quiz.question(question_id) if question_id else None

    def number_of(self, question: Question) -> int:
        """The 1-based place of a question in this attempt."""
        return self.presentation.question_ids.index(question.id) + 1

    @property
    def pass_mark(self) -> float:
        """The pass mark that applies to this quiz."""
        return self.session.course.pass_mark_of(self.quiz)

    def answer(self, question: Question, response: object) -> Grade:
        """Grade a response and record it durably; then return the grade to show."""
        result = grade(question, response)
        session = self.session
        session.store.record_answer(
            session.learner,
            session.course.id,
            self.attempt,
            question.id,
            result.response,
            result.score,
            session.course.language,
            session.clock(),
            hinted=question.id in self.hinted,
        )
        self.grades[question.id] = result
        return result

    def finish(self) -> QuizResult:
        """Close the attempt and return its result (every question must be answered or skipped)."""
        session = self.session
        score = weighted_score(self.asked, self.grades)
        passed = passes(score, self.pass_mark)
        session.store.finish_attempt(
            session.learner,
            session.course.id,
            self.attempt,
            score,
            passed,
            session.course.language,
            session.clock(),
        )
        return self.result()

    def result(self) -> QuizResult:
        """The result of the answers given so far (unanswered questions count 0), over the
        questions this attempt asks."""
        empty = {q.id: Grade(q.id, 0.0, None) for q in self.asked.questions}
        grades = {**empty, **self.grades}
        return QuizResult(
            self.quiz.id,
            weighted_score(self.asked, self.grades),
            self.pass_mark,
            tuple(grades[q.id] for q in self.questions),
        )

    @property
    def attempts_left(self) -> int | None:
        """Attempts remaining once this one is finished; None when unlimited."""
        return self.session.attempts_left(self.quiz)


class ReviewItem(Record):
    """One due question of a review, with its quiz and the lesson it comes from."""

    __slots__ = ("lesson", "question", "quiz")
    quiz: Quiz
    question: Question
    lesson: Lesson | None

    def __init__(self, quiz: Quiz, question: Question, lesson: Lesson | None) -> None:
        init(self, quiz, question, lesson)

    @property
    def key(self) -> CardKey:
        """The question's card key: (quiz id, question id)."""
        return (self.quiz.id, self.question.id)


class ReviewRun(Record, mutable=True):
    """A spaced-review session: the questions due when it began, across lessons, one at a time."""

    __slots__ = ("grades", "held_back", "hinted", "items", "seed", "session", "shuffle", "size")
    session: Session
    items: tuple[ReviewItem, ...]
    seed: int
    """Where the order of each question's choices is drawn from."""
    grades: dict[CardKey, Grade]
    hinted: set[CardKey]
    held_back: int
    """Questions due but left for another day: today's review size is reached."""
    size: int
    """The learner's daily review size when the review began."""
    shuffle: bool
    """The learner's setting: choices shuffled, or in the authored order."""

    def __init__(
        self,
        session: Session,
        items: tuple[ReviewItem, ...],
        seed: int,
        grades: dict[CardKey, Grade] | None = None,
        hinted: set[CardKey] | None = None,
        held_back: int = 0,
        size: int = REVIEW_SIZE,
        shuffle: bool = True,
    ) -> None:
        init(
            self,
            session,
            items,
            seed,
            {} if grades is None else grades,
            set() if hinted is None else hinted,
            held_back,
            size,
            shuffle,
        )

    @property
    def current(self) -> ReviewItem | None:
        """The next question not answered yet; None when all are."""
        return next((item for item in self.items if item.key not in self.grades), None)

    def number_of(self, item: ReviewItem) -> int:
        """The 1-based place of a question in this review."""
        return self.items.index(item) + 1

    def order_of(self, item: ReviewItem) -> tuple[int, ...]:
        """The order its choices, items or right sides are shown in: drawn from the run's seed as a
        quiz attempt would draw it, so it stays the same whenever this question is shown."""
        return present(item.quiz, self.seed, self.shuffle).order_of(item.question)

    def answer(self, item: ReviewItem, response: object) -> Grade:
        """Grade a response and record it durably; then return the grade to show."""
        result = grade(item.question, response)
        session = self.session
        session.store.record_review(
            session.learner,
            session.course.id,
            item.quiz.id,
            item.question.id,
            result.response,
            result.score,
            session.course.language,
            session.clock(),
            hinted=item.key in self.hinted,
        )
        self.grades[item.key] = result
        return result

    @property
    def right(self) -> int:
        """How many questions were answered right so far."""
        return sum(1 for g in self.grades.values() if g.correct)


class Session:
    """A learner taking a course."""

    def __init__(
        self,
        course: Course,
        store: Store,
        learner: Learner,
        clock: Clock = utc_now,
        seeds: Callable[[], int] = new_seed,
    ) -> None:
        self.course = course
        self.store = store
        self.learner = learner
        self.clock = clock
        self.seeds = seeds
        """Where new attempts draw their seed: random, or fixed in tests."""

    def record(self) -> CourseRecord:
        """What the learner has done so far."""
        return self.store.course_record(self.learner, self.course.id)

    def standing(self, record: CourseRecord | None = None) -> Standing:
        """Where the learner stands: statuses, module shares, next lesson."""
        record = record or self.record()
        return standing(self.course, record.opened, record.passed)

    def open_lesson(self, lesson: Lesson) -> None:
        """Note that the learner opened a lesson."""
        self.store.record_lesson_opened(
            self.learner, self.course.id, lesson.id, self.course.language, self.clock()
        )

    def neighbour(self, lesson: Lesson, step: int) -> Lesson | None:
        """The lesson `step` places after (or before) `lesson`, across modules."""
        lessons = self.course.lessons
        index = next(i for i, other in enumerate(lessons) if other.id == lesson.id) + step
        return lessons[index] if 0 <= index < len(lessons) else None

    def finished_attempts(self, quiz: Quiz) -> list[AttemptRecord]:
        """The learner's finished attempts at a quiz, oldest first."""
        return [a for a in self.store.attempts(self.learner, self.course.id, quiz.id) if a.finished]

    def attempts_left(self, quiz: Quiz) -> int | None:
        """How many new attempts the learner may still start; None when unlimited."""
        return attempts_left(quiz, len(self.finished_attempts(quiz)))

    def resume_or_start(
        self, quiz: Quiz, lesson_id: str | None = None, seed: int | None = None
    ) -> QuizRun:
        """The attempt under way at `quiz`, else a new one; `NoAttemptsLeft` when none may start."""
        attempt = self.store.open_attempt(self.learner, self.course.id, quiz.id)
        if attempt is None:
            return self.start(quiz, lesson_id, seed)
        run = QuizRun(
            self,
            quiz,
            lesson_id,
            attempt,
            present(asked(quiz, attempt.drawn), attempt.seed, attempt.shuffle),
        )
        known = {q.id: q for q in run.asked.questions}
        for question_id, answer in attempt.answers.items():
            if question_id in known:
                # The store keeps the response grading gave it (payload_of drops any other).
                response = cast(Response, answer.response)
                run.grades[question_id] = Grade(question_id, answer.score, response)
                if answer.hinted:
                    run.hinted.add(question_id)
        return run

    def shuffles(self) -> bool:
        """The learner's setting: choices shown in a new order each time (the default), or as
        the author wrote them."""
        return self.store.settings(self.learner).get("shuffle") != "off"

    def start(self, quiz: Quiz, lesson_id: str | None = None, seed: int | None = None) -> QuizRun:
        """A new attempt at `quiz`."""
        left = self.attempts_left(quiz)
        if left is not None and left <= 0:
            raise NoAttemptsLeft(quiz.id)
        seed = self.seeds() if seed is None else seed
        # The learner may turn shuffling off. Kept with the attempt, so that a resumed attempt
        # shows the same order whatever the setting is by then (see `present`).
        shuffle = self.shuffles()
        # A quiz that draws from a bank draws now, once: the store keeps what was drawn, so the
        # attempt resumes with the same questions and its results and reports know them.
        drawn = draw(quiz, seed) if quiz.draw is not None else None
        attempt = self.store.start_attempt(
            self.learner,
            self.course.id,
            lesson_id,
            quiz.id,
            seed,
            self.course.language,
            self.clock(),
            shuffle=shuffle,
            drawn=drawn,
        )
        return QuizRun(self, quiz, lesson_id, attempt, present(asked(quiz, drawn), seed, shuffle))

    def resume_point(self, quiz: Quiz) -> int | None:
        """The number of the question an attempt under way at `quiz` resumes at; None when no
        attempt is under way or none of its questions is answered yet."""
        attempt = self.store.open_attempt(self.learner, self.course.id, quiz.id)
        if attempt is None or not attempt.answers:
            return None
        questions = asked(quiz, attempt.drawn).questions
        answered = sum(1 for question in questions if question.id in attempt.answers)
        return min(answered + 1, len(questions))

    def questions_asked(self, quiz: Quiz) -> int:
        """How many questions the attempt under way at `quiz` asks, else how many a new one
        would: for a quiz that draws from a bank, the draw's size, not the bank's."""
        attempt = self.store.open_attempt(self.learner, self.course.id, quiz.id)
        return len(asked(quiz, attempt.drawn).questions) if attempt is not None else quiz.asked

    # spaced review -----------------------------------------------------------------------------

    def review_cards(self) -> dict[CardKey, Card]:
        """A card for every question of the course the learner has answered, replayed from the
        store."""
        known = {
            (quiz.id, question.id)
            for quiz in self.course.quizzes.values()
            for question in quiz.questions
        }
        return cards(self.store.answer_history(self.learner, self.course.id), known=known)

    def due_reviews(self, now: datetime | None = None) -> list[CardKey]:
        """The questions due for review now, the longest overdue first."""
        return due(self.review_cards(), now or self.clock())

    def next_review(self, now: datetime | None = None) -> datetime | None:
        """When the next question falls due after now; None when none will."""
        return next_due(self.review_cards(), now or self.clock())

    def lesson_of_quiz(self, quiz_id: str) -> Lesson | None:
        """The lesson whose quiz this is (the first, if several share it)."""
        return next(
            (
                lesson
                for lesson in self.course.lessons
                if (q := self.course.quiz_of(lesson)) and q.id == quiz_id
            ),
            None,
        )

    def review_size(self) -> int:
        """How many questions the learner reviews a day: their setting, else `REVIEW_SIZE`."""
        saved = self.store.settings(self.learner).get("review_size", "")
        return int(saved) if saved.isdigit() and int(saved) > 0 else REVIEW_SIZE

    def reviewed_today(self, now: datetime | None = None) -> int:
        """How many review answers the learner gave since midnight, their local time."""
        now = (now or self.clock()).astimezone()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return self.store.reviews_since(self.learner, self.course.id, midnight)

    def due_today(self, now: datetime | None = None) -> int:
        """How many questions a review started now would hold: those due, as many as today's
        review size still allows (what the course map counts)."""
        now = now or self.clock()
        return min(
            len(self.due_reviews(now)), max(0, self.review_size() - self.reviewed_today(now))
        )

    def start_review(self, seed: int | None = None) -> ReviewRun:
        """A review of the questions due now, mixed across lessons (empty when none is due): the
        longest overdue first, as many as today's review size still allows."""
        now = self.clock()
        size = self.review_size()
        due_now = self.due_reviews(now)
        room = max(0, size - self.reviewed_today(now))
        items = []
        for quiz_id, question_id in interleave(due_now[:room]):
            quiz = self.course.quizzes[quiz_id]
            items.append(ReviewItem(quiz, quiz.question(question_id), self.lesson_of_quiz(quiz_id)))
        return ReviewRun(
            self,
            tuple(items),
            self.seeds() if seed is None else seed,
            held_back=len(due_now) - len(items),
            size=size,
            shuffle=self.shuffles(),
        )
