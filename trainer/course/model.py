"""The course pack as plain data: Course, Module, Lesson, Quiz and the six question types.

Everything here is immutable and knows nothing of files or terminals: the loader builds it, the
quiz engine grades against it, the app shows it. The classes are records (`trainer.records`):
frozen, compared by value, made cheaply at import.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from enum import StrEnum
from typing import ClassVar

from trainer.records import Record, init, replace

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
"""Lesson, quiz, module, question and course ids."""

DEFAULT_PASS_MARK = 0.8
WEIGHT_TOLERANCE = 1e-4
"""How far from 1 the positive weights of a `multiple` question may sum (thirds written 0.33333),
and how close to 1 a weighted score counts as full marks."""


def is_valid_id(value: object) -> bool:
    """True when `value` is a string usable as an id."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


class QuestionType(StrEnum):
    """The six kinds of question a quiz can hold."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    TEXT = "text"
    ORDER = "order"
    MATCH = "match"


class Source(Record):
    """Where a lesson's facts come from."""

    __slots__ = ("title", "url")
    title: str
    url: str | None

    def __init__(self, title: str, url: str | None = None) -> None:
        init(self, title, url)


class Choice(Record):
    """One choice of a `single` or `multiple` question.

    `weight` is Moodle's fraction for a `multiple` question's choice, from -1 to 1 (None: the
    question is graded by the design's rule); `correct` is then `weight > 0`."""

    __slots__ = ("correct", "feedback", "text", "weight")
    text: str
    correct: bool
    feedback: str | None
    weight: float | None

    def __init__(
        self,
        text: str,
        correct: bool = False,
        feedback: str | None = None,
        weight: float | None = None,
    ) -> None:
        init(self, text, correct, feedback, weight)


class Question(Record):
    """What every question has: an id unique in its quiz, a prompt, a weight and explanations.

    `line` is where the question starts in its file, for diagnostics about it (0 when unknown);
    `tags` are ids that group questions of a bank, for a quiz that draws so many per tag (see
    `Draw`). Each type adds its own fields after these, with defaults, as keywords."""

    type: ClassVar[QuestionType]

    __slots__ = ("explanation", "hint", "id", "line", "points", "prompt", "tags")
    id: str
    prompt: str
    points: float
    hint: str | None
    explanation: str | None
    line: int
    tags: tuple[str, ...]

    def __init__(
        self,
        id: str,
        prompt: str,
        points: float = 1.0,
        hint: str | None = None,
        explanation: str | None = None,
        line: int = 0,
        tags: tuple[str, ...] = (),
    ) -> None:
        init(self, id, prompt, points, hint, explanation, line, tags)


class ChoiceQuestion(Question):
    """A question answered by picking among choices.

    `shuffle`: whether the choices may be shown in a new order for each attempt; False pins the
    authored order (for choices such as « all of the above », or an ordered scale)."""

    __slots__ = ("choices", "shuffle")
    choices: tuple[Choice, ...]
    shuffle: bool

    def __init__(
        self,
        id: str,
        prompt: str,
        points: float = 1.0,
        hint: str | None = None,
        explanation: str | None = None,
        line: int = 0,
        tags: tuple[str, ...] = (),
        choices: tuple[Choice, ...] = (),
        shuffle: bool = True,
    ) -> None:
        init(self, id, prompt, points, hint, explanation, line, tags, choices, shuffle)

    @property
    def correct_positions(self) -> frozenset[int]:
        """The 1-based positions of the correct choices, as authored."""
        return frozenset(i for i, choice in enumerate(self.choices, 1) if choice.correct)

    @property
    def weighted(self) -> bool:
        """Whether the choices carry Moodle weights (all of them do, or none)."""
        return any(choice.weight is not None for choice in self.choices)


class SingleChoice(ChoiceQuestion):
    """Exactly one choice is correct; the response is its position."""

    __slots__ = ()
    type: ClassVar[QuestionType] = QuestionType.SINGLE


class MultipleChoice(ChoiceQuestion):
    """One or more choices are correct; the response is the list of positions picked."""

    __slots__ = ()
    type: ClassVar[QuestionType] = QuestionType.MULTIPLE


class TrueFalse(Question):
    """A statement that is true or false. `feedback_true` is shown to the learner who answered
    true (right or wrong), `feedback_false` to the one who answered false."""

    type: ClassVar[QuestionType] = QuestionType.TRUE_FALSE
    __slots__ = ("answer", "feedback_false", "feedback_true")
    answer: bool
    feedback_true: str | None
    feedback_false: str | None

    def __init__(
        self,
        id: str,
        prompt: str,
        points: float = 1.0,
        hint: str | None = None,
        explanation: str | None = None,
        line: int = 0,
        tags: tuple[str, ...] = (),
        answer: bool = True,
        feedback_true: str | None = None,
        feedback_false: str | None = None,
    ) -> None:
        init(
            self,
            id,
            prompt,
            points,
            hint,
            explanation,
            line,
            tags,
            answer,
            feedback_true,
            feedback_false,
        )

    def feedback(self, said: bool) -> str | None:
        """The feedback for the learner who answered `said`."""
        return self.feedback_true if said else self.feedback_false


class TextAnswer(Question):
    """A short typed answer, right when it matches one of the accepted answers once normalised.

    `accept_feedback` holds the feedback of each accepted answer, position for position (empty:
    none has one); `feedback_wrong` is shown to the learner whose answer matches none of the
    accepted ones (Moodle's `*`)."""

    type: ClassVar[QuestionType] = QuestionType.TEXT
    __slots__ = ("accept", "accept_feedback", "feedback_wrong")
    accept: tuple[str, ...]
    accept_feedback: tuple[str | None, ...]
    feedback_wrong: str | None

    def __init__(
        self,
        id: str,
        prompt: str,
        points: float = 1.0,
        hint: str | None = None,
        explanation: str | None = None,
        line: int = 0,
        tags: tuple[str, ...] = (),
        accept: tuple[str, ...] = (),
        accept_feedback: tuple[str | None, ...] = (),
        feedback_wrong: str | None = None,
    ) -> None:
        init(
            self,
            id,
            prompt,
            points,
            hint,
            explanation,
            line,
            tags,
            accept,
            accept_feedback,
            feedback_wrong,
        )

    def feedback_of(self, index: int) -> str | None:
        """The feedback of the accepted answer at 0-based `index`, if it has one."""
        return self.accept_feedback[index] if index < len(self.accept_feedback) else None


class Ordering(Question):
    """Items to put in order; they are authored in the correct order. `item_feedback` holds the
    feedback of each item, position for position, shown when that item is misplaced (empty: none
    has one)."""

    type: ClassVar[QuestionType] = QuestionType.ORDER
    __slots__ = ("item_feedback", "items")
    items: tuple[str, ...]
    item_feedback: tuple[str | None, ...]

    def __init__(
        self,
        id: str,
        prompt: str,
        points: float = 1.0,
        hint: str | None = None,
        explanation: str | None = None,
        line: int = 0,
        tags: tuple[str, ...] = (),
        items: tuple[str, ...] = (),
        item_feedback: tuple[str | None, ...] = (),
    ) -> None:
        init(self, id, prompt, points, hint, explanation, line, tags, items, item_feedback)

    def feedback_of(self, index: int) -> str | None:
        """The feedback of the item at 0-based `index`, if it has one."""
        return self.item_feedback[index] if index < len(self.item_feedback) else None


class Matching(Question):
    """Left sides to pair with right sides; the pairs are authored matched."""

    type: ClassVar[QuestionType] = QuestionType.MATCH
    __slots__ = ("pairs",)
    pairs: tuple[tuple[str, str], ...]

    def __init__(
        self,
        id: str,
        prompt: str,
        points: float = 1.0,
        hint: str | None = None,
        explanation: str | None = None,
        line: int = 0,
        tags: tuple[str, ...] = (),
        pairs: tuple[tuple[str, str], ...] = (),
    ) -> None:
        init(self, id, prompt, points, hint, explanation, line, tags, pairs)

    @property
    def lefts(self) -> tuple[str, ...]:
        """The left sides, as authored."""
        return tuple(left for left, _ in self.pairs)

    @property
    def rights(self) -> tuple[str, ...]:
        """The right sides, as authored (position i matches left i)."""
        return tuple(right for _, right in self.pairs)


QUESTION_CLASSES: dict[QuestionType, type[Question]] = {
    cls.type: cls
    for cls in (SingleChoice, MultipleChoice, TrueFalse, TextAnswer, Ordering, Matching)
}


class Draw(Record):
    """How many questions each attempt at a quiz draws from its bank: `count` of them all, or so
    many of the questions carrying each tag (`per_tag`, in the order written)."""

    __slots__ = ("count", "per_tag")
    count: int
    per_tag: tuple[tuple[str, int], ...]

    def __init__(self, count: int = 0, per_tag: tuple[tuple[str, int], ...] = ()) -> None:
        init(self, count, per_tag)

    @property
    def size(self) -> int:
        """How many questions an attempt draws."""
        return self.count or sum(n for _tag, n in self.per_tag)


class Quiz(Record):
    """A quiz in one language.

    `pass_mark` None means: the course's pass mark. `shuffle`: whether the questions are shown in
    a new order for each attempt (their choices are, by default, whatever this says: see
    `ChoiceQuestion.shuffle`). `draw` None: every attempt asks every question; else each attempt
    draws this many from them."""

    __slots__ = (
        "draw",
        "id",
        "language",
        "max_attempts",
        "pass_mark",
        "path",
        "questions",
        "shuffle",
        "title",
    )
    id: str
    language: str
    title: str
    questions: tuple[Question, ...]
    pass_mark: float | None
    shuffle: bool
    max_attempts: int | None
    path: str
    draw: Draw | None

    def __init__(
        self,
        id: str,
        language: str,
        title: str,
        questions: tuple[Question, ...],
        pass_mark: float | None = None,
        shuffle: bool = False,
        max_attempts: int | None = None,
        path: str = "",
        draw: Draw | None = None,
    ) -> None:
        init(self, id, language, title, questions, pass_mark, shuffle, max_attempts, path, draw)

    @property
    def asked(self) -> int:
        """How many questions an attempt asks: the draw's size, else every question."""
        if self.draw is None:
            return len(self.questions)
        return min(self.draw.size, len(self.questions))

    def drawn(self, question_ids: Collection[str]) -> Quiz:
        """The quiz as an attempt that drew these questions asks it: those of its questions, in
        the authored order, and no draw left to make (ids no longer in the quiz are dropped)."""
        wanted = set(question_ids)
        return replace(
            self, questions=tuple(q for q in self.questions if q.id in wanted), draw=None
        )

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError when there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


class Lesson(Record):
    """A lesson in one language: its front matter and its Markdown body.

    `quiz` is the quiz named in the front matter, if any (see `Course.quiz_of` for the default);
    `body_line` the file's line where the body starts, after the front matter."""

    __slots__ = (
        "body",
        "body_line",
        "id",
        "language",
        "minutes",
        "objectives",
        "path",
        "quiz",
        "sources",
        "title",
    )
    id: str
    language: str
    title: str
    body: str
    minutes: int | None
    objectives: tuple[str, ...]
    sources: tuple[Source, ...]
    quiz: str | None
    path: str
    body_line: int

    def __init__(
        self,
        id: str,
        language: str,
        title: str,
        body: str,
        minutes: int | None = None,
        objectives: tuple[str, ...] = (),
        sources: tuple[Source, ...] = (),
        quiz: str | None = None,
        path: str = "",
        body_line: int = 1,
    ) -> None:
        init(
            self,
            id,
            language,
            title,
            body,
            minutes,
            objectives,
            sources,
            quiz,
            path,
            body_line,
        )


class Module(Record):
    """A module: a titled sequence of lessons."""

    __slots__ = ("id", "lessons", "title")
    id: str
    title: str
    lessons: tuple[Lesson, ...]

    def __init__(self, id: str, title: str, lessons: tuple[Lesson, ...]) -> None:
        init(self, id, title, lessons)


class Course(Record):
    """The course in one language, ready to be taken.

    `folder` is the pack's folder, from which the images its Markdown names are read (None for a
    course made in memory: its images are shown as their alternative text)."""

    __slots__ = (
        "description",
        "folder",
        "id",
        "language",
        "languages",
        "modules",
        "pass_mark",
        "quizzes",
        "title",
        "version",
    )
    id: str
    title: str
    language: str
    languages: tuple[str, ...]
    modules: tuple[Module, ...]
    quizzes: dict[str, Quiz]
    description: str | None
    version: str | None
    pass_mark: float
    folder: str | None

    def __init__(
        self,
        id: str,
        title: str,
        language: str,
        languages: tuple[str, ...],
        modules: tuple[Module, ...],
        quizzes: dict[str, Quiz] | None = None,
        description: str | None = None,
        version: str | None = None,
        pass_mark: float = DEFAULT_PASS_MARK,
        folder: str | None = None,
    ) -> None:
        init(
            self,
            id,
            title,
            language,
            languages,
            modules,
            {} if quizzes is None else quizzes,
            description,
            version,
            pass_mark,
            folder,
        )

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """Every lesson, module after module, in order."""
        return tuple(lesson for module in self.modules for lesson in module.lessons)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; KeyError when there is none."""
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)

    def module_of(self, lesson_id: str) -> Module:
        """The module that lists this lesson; KeyError when none does."""
        for module in self.modules:
            if any(lesson.id == lesson_id for lesson in module.lessons):
                return module
        raise KeyError(lesson_id)

    def quiz_of(self, lesson: Lesson) -> Quiz | None:
        """The lesson's quiz: the one its front matter names, else the quiz with its id, if any."""
        return self.quizzes.get(lesson.quiz or lesson.id)

    def pass_mark_of(self, quiz: Quiz) -> float:
        """The quiz's own pass mark, else the course's."""
        return quiz.pass_mark if quiz.pass_mark is not None else self.pass_mark
