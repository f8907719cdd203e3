"""Answers in words: the one place that knows, for each question type, what its right answer and a
learner's response say. Pure: no Textual, no store, no markup.

The app (`trainer.tui.answers`), plain mode (`trainer.plain.responses`) and the report
(`trainer.report.figures`) only lay these words out, each in its own way: bullets on screen,
sentences a line in plain mode, one line of a table in the report. The texts are the pack's, as
authored: whoever shows them on a terminal makes them inert.

| question type        | words                                                     |
|----------------------|-----------------------------------------------------------|
| `single`, `multiple` | `Picked`: the choices (with their feedback), as authored  |
| `true_false`         | `Said`: « True » or « False » in the interface's language |
| `text`               | `Said`: the first accepted text, or the text typed        |
| `order`              | `Ordered`: the items, first first                         |
| `match`              | `Paired`: each left side and its right side (None: none)  |

A new question type adds its row here, in `right_answer_words` and in `response_words`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from trainer.course.model import (
    Choice,
    ChoiceQuestion,
    Matching,
    Ordering,
    Question,
    TextAnswer,
    TrueFalse,
)
from trainer.i18n import _
from trainer.records import Record, init

T = TypeVar("T")


class DoesNotFit(ValueError):
    """A recorded response that no longer fits its question (the pack changed since)."""


class Picked(Record):
    """The choices of a `single` or `multiple` question, as authored (none: nothing picked)."""

    __slots__ = ("choices",)
    choices: tuple[Choice, ...]

    def __init__(self, choices: tuple[Choice, ...]) -> None:
        init(self, choices)


class Said(Record):
    """One value in words: true or false, or a text."""

    __slots__ = ("text",)
    text: str

    def __init__(self, text: str) -> None:
        init(self, text)


class Ordered(Record):
    """The items of an `order` question, in the order given."""

    __slots__ = ("items",)
    items: tuple[str, ...]

    def __init__(self, items: tuple[str, ...]) -> None:
        init(self, items)


class Paired(Record):
    """Each left side of a `match` question with the right side given (None: left unanswered)."""

    __slots__ = ("pairs",)
    pairs: tuple[tuple[str, str | None], ...]

    def __init__(self, pairs: tuple[tuple[str, str | None], ...]) -> None:
        init(self, pairs)


Words = Picked | Said | Ordered | Paired


def true_false_label(value: bool) -> str:
    """« True » or « False » in the interface's language."""
    return _("True") if value else _("False")


def right_answer_words(question: Question) -> Words:
    """The right answer of `question`, in words."""
    if isinstance(question, ChoiceQuestion):
        return Picked(tuple(choice for choice in question.choices if choice.correct))
    if isinstance(question, TrueFalse):
        return Said(true_false_label(question.answer))
    if isinstance(question, TextAnswer):
        return Said(question.accept[0])
    if isinstance(question, Ordering):
        return Ordered(tuple(question.items))
    if isinstance(question, Matching):
        return Paired(tuple(question.pairs))
    raise TypeError(type(question).__name__)


def response_words(question: Question, response: object) -> Words:
    """A response to `question` in words (positions are as authored, as the engine grades them);
    `DoesNotFit` when it is not a response to this question as it is now."""
    try:
        if isinstance(question, ChoiceQuestion):
            picked = [response] if _is_position(response) else _listed(response)
            return Picked(tuple(_at(question.choices, p) for p in picked))
        if isinstance(question, TrueFalse) and isinstance(response, bool):
            return Said(true_false_label(response))
        if isinstance(question, TextAnswer):
            return Said(str(response))
        if isinstance(question, Ordering):
            return Ordered(tuple(_at(question.items, p) for p in _listed(response)))
        if isinstance(question, Matching):
            given = zip(question.lefts, _listed(response), strict=False)
            rights = question.rights
            return Paired(tuple((left, _at(rights, r) if r else None) for left, r in given))
    except (TypeError, IndexError, ValueError):
        raise DoesNotFit(response) from None
    raise DoesNotFit(response)


def _is_position(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _listed(response: object) -> list[object]:
    if not isinstance(response, list | tuple):
        raise IndexError(response)
    return list(response)


def _at(items: Sequence[T], position: object) -> T:
    """The item at a 1-based `position`; IndexError for anything else (a bool, 0, too far)."""
    if not isinstance(position, int) or isinstance(position, bool):
        raise IndexError(position)
    if not 1 <= position <= len(items):
        raise IndexError(position)
    return items[position - 1]
