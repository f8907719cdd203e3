"""How answers read on screen: the right answer of a question, a learner's response, a verdict."""

from __future__ import annotations

from trainer.course.model import Question, TrueFalse
from trainer.i18n import _
from trainer.inert import inert
from trainer.quiz.grading import Grade
from trainer.quiz.wording import (
    Ordered,
    Picked,
    Said,
    Words,
    response_words,
    right_answer_words,
    true_false_label,
)

__all__ = ["given_answer", "right_answer", "true_false_label", "verdict"]


def _lines(words: Words) -> str:
    """Words as lines for the screen: a bullet a choice or a pair, a number an item."""
    if isinstance(words, Picked):
        return "\n".join(f"• {inert(choice.text)}" for choice in words.choices) or _(
            "(nothing picked)"
        )
    if isinstance(words, Said):
        return inert(words.text)
    if isinstance(words, Ordered):
        return "\n".join(f"{n}. {inert(item)}" for n, item in enumerate(words.items, 1))
    return "\n".join(
        f"• {inert(left)} → {inert(right) if right is not None else '?'}"
        for left, right in words.pairs
    )


def right_answer(question: Question) -> str:
    """The right answer, in words."""
    return _lines(right_answer_words(question))


def given_answer(question: Question, grade: Grade) -> str:
    """The learner's response, in words."""
    if grade.response is None:
        return _("(no answer)")
    return _lines(response_words(question, grade.response))


def verdict(grade: Grade, question: Question | None = None) -> tuple[str, str]:
    """A short verdict and its style: right, partly right, wrong or unanswered.

    A wrong answer reads « Incorrect answer », never « Wrong » (« Faux » in French, which reads as
    the answer « faux » beside a true/false question); given the true/false `question`, it also
    names the right answer.
    """
    if not grade.answered:
        return "○ " + _("No answer"), "$text-warning"
    if grade.correct:
        return "✓ " + _("Right"), "$text-success"
    if grade.score > 0:
        return "◐ " + _("Partly right ({percent} %)").format(
            percent=round(grade.score * 100)
        ), "$text-warning"
    if isinstance(question, TrueFalse):
        return "✗ " + _("Incorrect answer — the right answer was: {answer}").format(
            answer=true_false_label(question.answer).lower()
        ), "$text-error"
    return "✗ " + _("Incorrect answer"), "$text-error"
