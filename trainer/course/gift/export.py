"""GIFT export: a quiz as GIFT text, with a warning for each thing GIFT cannot hold."""

from __future__ import annotations

import re
from collections.abc import Iterator

from trainer.course.diagnostics import Diagnostic, Severity, Text, phrase
from trainer.course.gift.parse import category_path
from trainer.course.gift.text import FORMATS, diagnostic, escape, format_weight, weight_percent
from trainer.course.model import (
    ChoiceQuestion,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.i18n import N_
from trainer.records import Record, init

MOODLE_SHARE_COUNTS = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20})
"""How many correct choices split 100 % into one of Moodle's grades (100, 50, 33.33333… 10, 5 %);
other counts give a weight Moodle's import refuses unless told to take the nearest grade."""
MOODLE_FRACTIONS = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
"""The grades Moodle's question bank offers an answer, and their negatives (question_bank's
`fraction_options_full`); its GIFT import refuses another unless told to take the nearest."""
MOODLE_GRADE_MATCH = 0.00001
"""How close Moodle's import wants a weight to one of its grades (`match_grade_options`)."""
MISREAD_START = re.compile(r"\s*(%-?\d|\[(" + "|".join(FORMATS) + r")\])")
"""How an answer may start that GIFT would take for a weight or a format, not for text."""


def _with_feedback(text: str, feedback: str | None) -> str:
    return escape(text) + (f"#{escape(feedback)}" if feedback else "")


def _answers(question: Question) -> list[str]:
    """The lines of the question's answer block, without its general feedback."""
    if isinstance(question, SingleChoice):
        return [
            ("=" if c.correct else "~") + _with_feedback(c.text, c.feedback)
            for c in question.choices
        ]
    if isinstance(question, MultipleChoice) and question.weighted:
        return [
            (f"~%{weight_percent(c.weight)}%" if c.weight else "~")
            + _with_feedback(c.text, c.feedback)
            for c in question.choices
        ]
    if isinstance(question, MultipleChoice):
        share = format_weight(100 / len(question.correct_positions))
        return [
            f"~%{'' if c.correct else '-'}{share}%" + _with_feedback(c.text, c.feedback)
            for c in question.choices
        ]
    if isinstance(question, TrueFalse):
        # Moodle's `{T#for a wrong answer#for a right answer}`.
        wrong, right = question.feedback(not question.answer), question.feedback(question.answer)
        feedbacks = (
            [escape(wrong or ""), *([escape(right)] if right else [])] if wrong or right else []
        )
        return ["#".join(["TRUE" if question.answer else "FALSE", *feedbacks])]
    if isinstance(question, TextAnswer):
        answers = [
            "=" + _with_feedback(accepted, question.feedback_of(index))
            for index, accepted in enumerate(question.accept)
        ]
        # Moodle's catch-all: `*` matches any answer the ones before did not, for no marks.
        if question.feedback_wrong:
            answers.append(f"=%0%*#{escape(question.feedback_wrong)}")
        return answers
    if isinstance(question, Matching):
        return [f"={escape(left)} -> {escape(right)}" for left, right in question.pairs]
    if isinstance(question, Ordering):
        # Moodle's ordering reader takes its items as they are written, escapes included.
        count = len(question.items)
        return [f">{count} ALL VERTICAL ALL_OR_NOTHING SHOW", *question.items]
    raise TypeError(f"no GIFT type for {question.type} questions")


def _losses(question: Question) -> Iterator[tuple[str, Text]]:
    """(code, message) for each part of the question GIFT cannot hold or would read back wrong."""
    if isinstance(question, Ordering) and not all(map(_holds_order_item, question.items)):
        yield (
            "gift-order",
            phrase(
                N_(
                    "an item holds a line break, `{{`, `}}`, `\\` or `//`, or starts or ends with "
                    "a space, which Moodle's ordering reader cannot take as written: skipped"
                )
            ),
        )
        return
    if isinstance(question, Ordering) and question.item_feedback:
        yield (
            "gift-order-feedback",
            phrase(N_("Moodle's ordering questions have no feedback per item: it is dropped")),
        )
    if isinstance(question, MultipleChoice) and question.weighted:
        odd = [
            c.weight
            for c in question.choices
            if c.weight is not None and not _moodle_grade(c.weight)
        ]
        if odd:
            yield (
                "gift-grade",
                phrase(
                    N_(
                        "the weight {weight} is not one of Moodle's grades: when importing, set "
                        "« Match grades » to « Nearest grade if not listed »"
                    ),
                    weight=f"{odd[0]:g}",
                ),
            )
    elif (
        isinstance(question, MultipleChoice)
        and len(question.correct_positions) not in MOODLE_SHARE_COUNTS
    ):
        yield (
            "gift-grade",
            phrase(
                N_(
                    "{count} correct choices make each worth {share} %, which is not one of "
                    "Moodle's grades: when importing, set « Match grades » to « Nearest grade "
                    "if not listed »"
                ),
                count=len(question.correct_positions),
                share=format_weight(100 / len(question.correct_positions)),
            ),
        )
    if question.hint:
        yield "gift-hint", phrase(N_("GIFT has no hints: the hint is dropped"))
    if isinstance(question, ChoiceQuestion) and not question.shuffle:
        yield (
            "gift-shuffle",
            phrase(
                N_(
                    "GIFT cannot pin the choices' order: `shuffle: false` is dropped, untick "
                    "« Shuffle the choices » in Moodle"
                )
            ),
        )
    if question.points != 1:
        yield (
            "gift-points",
            phrase(
                N_(
                    "GIFT has no question weight in its text: `points: {points}` is dropped, set "
                    "the mark in Moodle"
                ),
                points=f"{question.points:g}",
            ),
        )
    if isinstance(question, Matching) and any("->" in left for left in question.lefts):
        yield (
            "gift-arrow",
            phrase(N_("a left side holds `->`, which GIFT reads as the end of the left side")),
        )
    if isinstance(question, TextAnswer) and any("->" in accepted for accepted in question.accept):
        yield (
            "gift-arrow",
            phrase(N_("an accepted answer holds `->`: GIFT reads the question as a match")),
        )
    if any(MISREAD_START.match(text) for text in _answer_texts(question)):
        yield (
            "gift-misread",
            phrase(
                N_(
                    "an answer starts with `%…%` or `[format]`, which GIFT reads as a weight or a "
                    "text format"
                )
            ),
        )


def _moodle_grade(weight: float) -> bool:
    """Whether Moodle's GIFT import takes this weight as one of its grades."""
    return any(abs(abs(weight) - grade) < MOODLE_GRADE_MATCH for grade in MOODLE_FRACTIONS)


def _holds_order_item(item: str) -> bool:
    """Whether Moodle's ordering reader, which takes an item a line, trimmed and unescaped,
    gives the item back as it is."""
    return (
        item == item.strip()
        and not any(char in item for char in "\n{}\\")
        and "####" not in item
        and not item.startswith("//")
    )


def _skipped(question: Question) -> bool:
    """Whether the question cannot be written in GIFT at all."""
    return isinstance(question, Ordering) and not all(map(_holds_order_item, question.items))


def _answer_texts(question: Question) -> list[str]:
    """The texts of the answer block, each of which GIFT reads from its start."""
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return [text for c in question.choices for text in (c.text, c.feedback or "")]
    if isinstance(question, TextAnswer):
        return [
            *question.accept,
            *filter(None, (*question.accept_feedback, question.feedback_wrong)),
        ]
    if isinstance(question, TrueFalse):
        return [text for text in (question.feedback_true, question.feedback_false) if text]
    if isinstance(question, Matching):
        return list(question.lefts)
    return []


def _question_text(question: Question) -> str:
    lines = [f"::{escape(question.id)}::[markdown]{escape(question.prompt)} {{"]
    lines += [f"\t{answer}" for answer in _answers(question)]
    if question.explanation:
        lines.append(f"\t####{escape(question.explanation)}")
    lines.append("}")
    return "\n".join(lines)


class GiftExport(Record):
    """A quiz as GIFT text, with a warning for each thing the text could not hold."""

    __slots__ = ("text", "warnings")
    text: str
    warnings: tuple[Diagnostic, ...]

    def __init__(self, text: str, warnings: tuple[Diagnostic, ...]) -> None:
        init(self, text, warnings)


def export_quiz(quiz: Quiz, course_id: str) -> GiftExport:
    """The quiz as GIFT: its `$CATEGORY` line first, then one question a paragraph."""
    warnings: list[Diagnostic] = []

    def warn(line: int, code: str, message: Text) -> None:
        warnings.append(diagnostic(quiz.path, line, Severity.WARNING, code, message))

    for name, value, default in (
        ("pass_mark", quiz.pass_mark, None),
        ("shuffle", quiz.shuffle, False),
        ("max_attempts", quiz.max_attempts, None),
    ):
        if value != default:
            warn(
                0,
                "gift-quiz-option",
                phrase(
                    N_(
                        "quiz `{quiz}`: GIFT holds questions only: `{option}` is dropped, set it "
                        "on the Moodle quiz"
                    ),
                    quiz=quiz.id,
                    option=name,
                ),
            )
    if quiz.draw is not None:
        # GIFT has no random questions: the whole bank goes to Moodle, which draws from a category.
        total = len(quiz.questions)
        warn(
            0,
            "gift-draw",
            phrase(
                N_(
                    "quiz `{quiz}`: GIFT has no draw: all {total} questions are exported; in "
                    "Moodle, add {count} random questions from this category to the quiz"
                ),
                quiz=quiz.id,
                total=total,
                count=quiz.draw.count,
            )
            if quiz.draw.count
            else phrase(
                N_(
                    "quiz `{quiz}`: GIFT has no draw and no tags: all {total} questions are "
                    "exported; in Moodle, tag them and add random questions by tag ({draw})"
                ),
                quiz=quiz.id,
                total=total,
                draw=", ".join(f"{tag}: {count}" for tag, count in quiz.draw.per_tag),
            ),
        )
    # The category is named after the quiz's title, which titles the quiz imported back.
    parts = [f"$CATEGORY: {category_path(course_id, quiz.title)}", f"// {quiz.id}"]
    for question in quiz.questions:
        for code, message in _losses(question):
            warn(
                question.line,
                code,
                phrase(N_("question `{id}`: {message}"), id=question.id, message=message),
            )
        if not _skipped(question):
            parts.append(_question_text(question))
    if len(parts) == 2:
        warn(
            0,
            "gift-empty",
            phrase(N_("quiz `{quiz}`: no question could be exported"), quiz=quiz.id),
        )
    # The category is a question of its own to Moodle: a blank line must end it.
    text = "\n".join(parts[:2]) + "\n\n" + "".join(f"{part}\n\n" for part in parts[2:])
    return GiftExport(text.rstrip("\n") + "\n", tuple(warnings))
