"""Checking a whole pack: the loader's and validator's rules, then each quiz's answer key.

The self-test grades every question's own answer key: a key that does not score 1 means the
question can never be answered right (an accepted text that normalises to nothing, say).
"""

from __future__ import annotations

from pathlib import Path

from trainer.course.diagnostics import Diagnostic, Mark, Report
from trainer.course.loader import Pack, load_pack
from trainer.course.validate import validate_pack
from trainer.quiz.grading import ResponseError, answer_key, grade


def self_test(pack: Pack, report: Report) -> None:
    """Report each question whose answer key does not score 1."""
    for by_id in pack.quizzes.values():
        for quiz in by_id.values():
            for question in quiz.questions:
                try:
                    score = grade(question, answer_key(question)).score
                except ResponseError as error:
                    score, reason = 0.0, error.message
                else:
                    reason = ""
                if score < 1.0:
                    report.error(
                        quiz.path,
                        Mark(question.line, 1),
                        "answer-key",
                        f"question `{question.id}`: its own answer key scores {score:g}, not 1"
                        + (f" ({reason})" if reason else "")
                        + _hint(question),
                    )


def _hint(question) -> str:
    accept = getattr(question, "accept", None)
    if accept:
        return "; an accepted answer made only of punctuation or spaces can never match"
    return ""


def check_pack(root: Path | str) -> tuple[Pack | None, list[Diagnostic]]:
    """Load and check the pack at `root`: the pack (None when unusable) and sorted diagnostics."""
    pack, report = load_pack(root)
    if pack is not None:
        validate_pack(pack, report)
        self_test(pack, report)
    return pack, report.sorted()


