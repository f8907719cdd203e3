"""The author's feedback a response earns, for every question type. Pure: no Textual, no store.

| question type        | the feedback shown after answering                                     |
|----------------------|------------------------------------------------------------------------|
| `single`, `multiple` | each choice picked: its `feedback:`                                    |
| `true_false`         | `feedback_true:` when the answer was true, else `feedback_false:`      |
| `text`               | the `feedback:` of the accepted answer matched, else `feedback_wrong:` |
| `order`              | the `feedback:` of each item the response put in a wrong place         |
| `match`              | none                                                                   |

The app and plain mode show the choices' feedback on the choices themselves, and these remarks for
the other types; `trainer quiz --answers --json` lists them all. The texts are the pack's, as
authored: whoever shows them on a terminal makes them inert.
"""

from __future__ import annotations

from trainer.course.model import ChoiceQuestion, Ordering, Question, TextAnswer, TrueFalse
from trainer.i18n import _
from trainer.inert import inert
from trainer.quiz.grading import Grade, accepted_index
from trainer.records import Record, init


class Remark(Record):
    """One feedback of the author's, and what it is about when that is not the whole answer (the
    choice picked, the item misplaced)."""

    __slots__ = ("about", "text")
    text: str
    about: str | None

    def __init__(self, text: str, about: str | None = None) -> None:
        init(self, text, about)


def remarks(question: Question, grade: Grade) -> tuple[Remark, ...]:
    """The feedbacks the graded response earns, in the question's authored order."""
    response = grade.response
    if response is None:
        return ()
    if isinstance(question, ChoiceQuestion):
        listed = response if isinstance(response, list) else [response]
        picked = sorted(p for p in listed if isinstance(p, int) and not isinstance(p, bool))
        return tuple(
            Remark(choice.feedback, choice.text)
            for p in picked
            if (choice := question.choices[p - 1]).feedback
        )
    if isinstance(question, TrueFalse) and isinstance(response, bool):
        said = question.feedback(response)
        return (Remark(said),) if said else ()
    if isinstance(question, TextAnswer) and isinstance(response, str):
        index = accepted_index(question, response)
        said = question.feedback_of(index) if index is not None else question.feedback_wrong
        return (Remark(said),) if said else ()
    if isinstance(question, Ordering) and isinstance(response, list):
        return tuple(
            Remark(feedback, item)
            for place, item in enumerate(question.items, 1)
            if response[place - 1] != place and (feedback := question.feedback_of(place - 1))
        )
    return ()


def own_remarks(question: Question, grade: Grade) -> tuple[Remark, ...]:
    """The remarks that a question's answering widget does not show by itself: all but the
    choices' feedback, which is written under each choice picked."""
    return () if isinstance(question, ChoiceQuestion) else remarks(question, grade)


def remark_text(remark: Remark) -> str:
    """A remark as one sentence for the terminal, made inert: « Feedback: … », or « Feedback on
    “item”: … » when it is about one item."""
    if remark.about is None:
        return _("Feedback: {text}").format(text=inert(remark.text))
    return _("Feedback on “{item}”: {text}").format(
        item=inert(remark.about), text=inert(remark.text)
    )
