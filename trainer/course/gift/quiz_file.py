"""Quiz YAML: imported questions written as a quiz file of the pack format."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import yaml

from trainer.course.model import (
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)


class _Pair(tuple):
    """A match pair, written `[left, right]` on one line as in the design's example."""


class _QuizDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, indenting lists under their key as the bundled quizzes do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # type: ignore[override]
        return super().increase_indent(flow, False)

    # A `[left, right]` pair stays on one line, however long: folded, it would be hard to read.
    def write_plain(self, text, split=True):  # type: ignore[override]
        super().write_plain(text, split and not self.flow_level)

    def write_single_quoted(self, text, split=True):  # type: ignore[override]
        super().write_single_quoted(text, split and not self.flow_level)

    def write_double_quoted(self, text, split=True):  # type: ignore[override]
        super().write_double_quoted(text, split and not self.flow_level)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else ">" if len(text) > 72 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_QuizDumper.add_representer(str, _represent_text)
_QuizDumper.add_representer(
    _Pair,
    lambda dumper, pair: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", list(pair), flow_style=True
    ),
)


def question_data(question: Question) -> dict[str, object]:
    """The question as the pack format writes it, keys in the order of the design's example."""
    data: dict[str, object] = {"id": question.id, "type": question.type.value}
    if question.points != 1:
        data["points"] = question.points
    data["prompt"] = question.prompt
    if isinstance(question, (SingleChoice, MultipleChoice)):
        data["choices"] = [
            {
                "text": c.text,
                # A weight says whether the choice is right: `correct:` would only repeat it.
                **({"weight": _number(c.weight)} if c.weight is not None else {}),
                **({"correct": True} if c.correct and c.weight is None else {}),
                **({"feedback": c.feedback} if c.feedback else {}),
            }
            for c in question.choices
        ]
    elif isinstance(question, TrueFalse):
        data["answer"] = question.answer
        if question.feedback_true:
            data["feedback_true"] = question.feedback_true
        if question.feedback_false:
            data["feedback_false"] = question.feedback_false
    elif isinstance(question, TextAnswer):
        data["accept"] = _with_feedbacks(question.accept, question.feedback_of)
        if question.feedback_wrong:
            data["feedback_wrong"] = question.feedback_wrong
    elif isinstance(question, Ordering):
        data["items"] = _with_feedbacks(question.items, question.feedback_of)
    elif isinstance(question, Matching):
        data["pairs"] = [_Pair(pair) for pair in question.pairs]
    if question.hint:
        data["hint"] = question.hint
    if question.explanation:
        data["explanation"] = question.explanation
    return data


def _number(value: float) -> float | int:
    """A weight as it is written by hand: `-1`, not `-1.0`."""
    return int(value) if value.is_integer() else value


def _with_feedbacks(texts: tuple[str, ...], feedback_of: Callable[[int], str | None]) -> list:
    """Accepted answers or order items: each a text, or `{text:, feedback:}` when it has one."""
    return [
        {"text": text, "feedback": feedback} if (feedback := feedback_of(index)) else text
        for index, text in enumerate(texts)
    ]


def quiz_yaml(title: str, questions: Iterable[Question]) -> str:
    """A quiz file in the pack format: its title and questions, long texts as block scalars."""
    data = {"title": title, "questions": [question_data(q) for q in questions]}
    return yaml.dump(data, Dumper=_QuizDumper, sort_keys=False, allow_unicode=True, width=100)
