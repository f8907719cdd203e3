"""How answers read on screen: the right answer of a question, a learner's response, a verdict."""

from __future__ import annotations

from trainer.course.model import (
    ChoiceQuestion,
    Matching,
    Ordering,
    Question,
    TextAnswer,
    TrueFalse,
)
from trainer.i18n import _
from trainer.inert import inert
from trainer.quiz.grading import Grade


def true_false_label(value: bool) -> str:
    """« True » or « False » in the interface's language."""
    return _("True") if value else _("False")


def right_answer(question: Question) -> str:
    """The right answer, in words."""
    if isinstance(question, ChoiceQuestion):
        return "\n".join(f"• {inert(c.text)}" for c in question.choices if c.correct)
    if isinstance(question, TrueFalse):
        return true_false_label(question.answer)
    if isinstance(question, TextAnswer):
        return inert(question.accept[0])
    if isinstance(question, Ordering):
        return "\n".join(f"{n}. {inert(item)}" for n, item in enumerate(question.items, 1))
    if isinstance(question, Matching):
        return "\n".join(f"• {inert(left)} → {inert(right)}" for left, right in question.pairs)
    return ""


def given_answer(question: Question, grade: Grade) -> str:
    """The learner's response, in words."""
    response = grade.response
    if response is None:
        return _("(no answer)")
    if isinstance(question, ChoiceQuestion):
        picked = [response] if isinstance(response, int) else response
        return "\n".join(f"• {inert(question.choices[p - 1].text)}" for p in picked) or _(
            "(nothing picked)"
        )
    if isinstance(question, TrueFalse):
        return true_false_label(response)
    if isinstance(question, TextAnswer):
        return inert(str(response))
    if isinstance(question, Ordering):
        return "\n".join(f"{n}. {inert(question.items[p - 1])}" for n, p in enumerate(response, 1))
    if isinstance(question, Matching):
        return "\n".join(
            f"• {inert(left)} → {inert(question.pairs[r - 1][1]) if r else '?'}"
            for (left, _right), r in zip(question.pairs, response)
        )
    return ""


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
