"""Typed answers in plain mode: what each question type asks for, how a typed line becomes a
response, and answers said back in words.

The learner types the numbers they see; an attempt may show choices, items and right sides in a
shuffled order, so each number is turned back into its position as authored (see
`trainer.quiz.attempts.Presentation`) before the engine grades it.
"""

from __future__ import annotations

import re

from trainer.course.model import (
    ChoiceQuestion,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.i18n import _, ngettext
from trainer.inert import inert
from trainer.plain.markdown import item, wrap
from trainer.quiz.grading import Grade, Response
from trainer.quiz.wording import (
    Ordered,
    Paired,
    Picked,
    Said,
    response_words,
    right_answer_words,
    true_false_label,
)

TRUE_WORDS = ("true", "vrai")
FALSE_WORDS = ("false", "faux")
"""Accepted whatever the interface's language, so that a script works in both."""


class Unreadable(ValueError):
    """A typed line that does not answer the question: the message says why, to the learner."""


def options(question: Question, order: tuple[int, ...]) -> list[str]:
    """What the learner picks from, numbered as shown: choices, true and false, or items."""
    if isinstance(question, ChoiceQuestion):
        return [inert(question.choices[p - 1].text) for p in order]
    if isinstance(question, TrueFalse):
        return [true_false_label(True), true_false_label(False)]
    if isinstance(question, Ordering):
        return [inert(question.items[p - 1]) for p in order]
    if isinstance(question, Matching):
        return [inert(question.rights[p - 1]) for p in order]
    return []


def example(count: int) -> str:
    """An answer shaped like a match or order answer of `count` numbers: "2 1 3"."""
    return " ".join(str(n) for n in [2, 1, *range(3, count + 1)][:count])


def instruction(question: Question) -> str:
    """How to answer this question, in one sentence."""
    if isinstance(question, SingleChoice):
        return _("Type the number of your answer, then enter.")
    if isinstance(question, MultipleChoice):
        return _(
            "Several answers may be right: type their numbers separated by spaces or commas, then "
            "enter."
        )
    if isinstance(question, TrueFalse):
        return _("Type 1 for true or 2 for false, then enter.")
    if isinstance(question, TextAnswer):
        return _("Type your answer, then enter.")
    if isinstance(question, Ordering):
        return _(
            "Type the numbers of all the items in the right order, first item first, for example "
            "{example}, then enter."
        ).format(example=example(len(question.items)))
    if isinstance(question, Matching):
        return _(
            "For each left side, in order, type the number of its right side, for example "
            "{example}, then enter."
        ).format(example=example(len(question.pairs)))
    return ""


def _numbers(text: str, count: int) -> list[int]:
    words = [word for word in re.split(r"[\s,;]+", text.strip()) if word]
    if not words:
        raise Unreadable(_("Type at least one number."))
    numbers = []
    for word in words:
        if not word.isdigit():
            raise Unreadable(
                _("{word} is not a number: type numbers from 1 to {count}.").format(
                    word=word, count=count
                )
            )
        number = int(word)
        if not 1 <= number <= count:
            raise Unreadable(
                _("There is no number {number}: type numbers from 1 to {count}.").format(
                    number=number, count=count
                )
            )
        numbers.append(number)
    return numbers


def _distinct(numbers: list[int]) -> list[int]:
    for number in numbers:
        if numbers.count(number) > 1:
            raise Unreadable(_("Number {number} is given twice.").format(number=number))
    return numbers


def read_response(question: Question, order: tuple[int, ...], text: str) -> Response:
    """The response to `question` that `text` gives, numbers as shown turned into positions as
    authored; `Unreadable` says why a line is no answer."""
    if isinstance(question, TextAnswer):
        if not text.strip():
            raise Unreadable(_("Type an answer, or s to skip the question."))
        return text.strip()
    if isinstance(question, TrueFalse):
        word = text.strip().casefold()
        if word in ("1", *TRUE_WORDS, _("True").casefold()):
            return True
        if word in ("2", *FALSE_WORDS, _("False").casefold()):
            return False
        raise Unreadable(_("Type 1 for true or 2 for false."))
    count = len(order)
    numbers = _numbers(text, count)
    if isinstance(question, SingleChoice):
        if len(numbers) != 1:
            raise Unreadable(_("Only one answer is right here: type one number."))
        return order[numbers[0] - 1]
    if isinstance(question, MultipleChoice):
        return sorted(order[n - 1] for n in _distinct(numbers))
    if isinstance(question, Ordering):
        if len(numbers) != count:
            raise Unreadable(
                ngettext(
                    "Put all {count} items in order: you typed {typed} number.",
                    "Put all {count} items in order: you typed {typed} numbers.",
                    len(numbers),
                ).format(count=count, typed=len(numbers))
            )
        return [order[n - 1] for n in _distinct(numbers)]
    if isinstance(question, Matching):
        if len(numbers) != count:
            raise Unreadable(
                _("Type one number for each of the {count} left sides: you typed {typed}.").format(
                    count=count, typed=len(numbers)
                )
            )
        return [order[n - 1] for n in numbers]
    raise TypeError(type(question).__name__)


def listed(texts: list[str], numbered: bool = False) -> list[str]:
    """Texts as a list, one item a line (wrapped under its text): "- text" or "1. text"."""
    return [
        line
        for n, text in enumerate(texts, 1)
        for line in item(f"{n}. " if numbered else "- ", text)
    ]


def pair(left: str, right: str) -> str:
    """A left side and its right side: « Google : moteur » in French, with its no-break space."""
    return _("{left}: {right}").format(left=left, right=right)


def with_feedback(text: str, feedback: str | None) -> str:
    """A choice picked, followed by the author's feedback on it when there is one."""
    if not feedback:
        return inert(text)
    return _("{choice} — {feedback}").format(choice=inert(text), feedback=inert(feedback))


def right_answer(question: Question) -> list[str]:
    """The right answer as lines, after a line that introduces it."""
    words = right_answer_words(question)
    if isinstance(words, Picked):
        right = [inert(choice.text) for choice in words.choices]
        if len(right) == 1:
            return wrap(_("The right answer: {answer}").format(answer=right[0]))
        return [_("The right answers:"), *listed(right)]
    if isinstance(words, Said):
        return wrap(_("The right answer: {answer}").format(answer=inert(words.text)))
    if isinstance(words, Ordered):
        return [_("The right order:"), *listed([inert(i) for i in words.items], numbered=True)]
    return [_("The right pairs:"), *listed(_pairs(words))]


def given_answer(question: Question, grade: Grade) -> list[str]:
    """The learner's response in words, as lines."""
    if grade.response is None:
        return [_("No answer: skipped.")]
    words = response_words(question, grade.response)
    if isinstance(words, Picked):
        # Each choice picked is said once, with the author's feedback on it when there is one.
        texts = [with_feedback(choice.text, choice.feedback) for choice in words.choices]
        if len(texts) == 1:
            return wrap(_("You answered: {answer}").format(answer=texts[0]))
        return [_("You picked:"), *listed(texts)]
    if isinstance(words, Said):
        return wrap(_("You answered: {answer}").format(answer=inert(words.text)))
    if isinstance(words, Ordered):
        return [_("Your order:"), *listed([inert(i) for i in words.items], numbered=True)]
    return [_("Your pairs:"), *listed(_pairs(words))]


def _pairs(words: Paired) -> list[str]:
    return [
        pair(inert(left), inert(right) if right is not None else _("(no answer)"))
        for left, right in words.pairs
    ]


def verdict(grade: Grade) -> str:
    """Right, partly right, wrong or skipped, in words.

    A wrong answer reads « Incorrect answer », never « Wrong » (« Faux » in French, which reads as
    the answer « faux » to a true/false question).
    """
    if not grade.answered:
        return _("Skipped: this question counts 0.")
    if grade.correct:
        return _("Right.")
    if grade.score > 0:
        return _("Partly right: {percent} %.").format(percent=round(grade.score * 100))
    return _("Incorrect answer.")
