"""Checking a whole pack: the loader's and validator's rules, then each quiz's answer key.

The self-test grades every question's own answer key: a key that does not score 1 means the
question can never be answered right (an accepted text that normalises to nothing, say).
"""

from __future__ import annotations

import gc
from pathlib import Path

from trainer.course.diagnostics import Diagnostic, Mark, Report, phrase
from trainer.course.loader import Pack, load_pack
from trainer.course.model import Quiz, TextAnswer
from trainer.course.validate import validate_pack
from trainer.i18n import N_
from trainer.inert import inert
from trainer.quiz.grading import ResponseError, answer_key, grade, normalise


def self_test(pack: Pack, report: Report) -> None:
    """Report each question whose answer key does not score 1, and each accepted text answer
    that can never match (only spaces or punctuation)."""
    for by_id in pack.quizzes.values():
        for quiz in by_id.values():
            for question in quiz.questions:
                if isinstance(question, TextAnswer):
                    _accepted_answers(quiz, question, report)
                    if not normalise(question.accept[0]):
                        continue  # reported above, with the entry named
                try:
                    score = grade(question, answer_key(question)).score
                except ResponseError as error:
                    score, reason = 0.0, f" ({error.message})"
                else:
                    reason = ""
                if score < 1.0:
                    report.error(
                        quiz.path,
                        Mark(question.line, 1),
                        "answer-key",
                        phrase(
                            N_("question `{id}`: its own answer key scores {score}, not 1{reason}"),
                            id=question.id,
                            score=f"{score:g}",
                            reason=reason,
                        ),
                    )


def _accepted_answers(quiz: Quiz, question: TextAnswer, report: Report) -> None:
    """Each accepted text answer must be able to match something."""
    for answer in question.accept:
        if not normalise(answer):
            report.error(
                quiz.path,
                Mark(question.line, 1),
                "answer-key",
                phrase(
                    N_(
                        "question `{id}`: the accepted answer {answer} is only spaces or "
                        "punctuation: it can never match; remove it"
                    ),
                    id=question.id,
                    answer=inert(repr(answer)),
                ),
            )


def check_pack(root: Path | str, advice: bool = True) -> tuple[Pack | None, list[Diagnostic]]:
    """Load and check the pack at `root`: the pack (None when unusable) and sorted diagnostics;
    with `advice` False, without the warnings on how it teaches (see `validate_pack`)."""
    # As in `load_pack`: the checks make many short-lived objects and no cycles, and a collection
    # would scan the whole loaded pack (hundreds of thousands of objects) again each time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        pack, report = load_pack(root)
        if pack is not None:
            validate_pack(pack, report, advice)
            self_test(pack, report)
        return pack, report.sorted()
    finally:
        if collecting:
            gc.enable()
