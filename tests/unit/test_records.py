"""Records (`trainer.records`): what the model, the diagnostics and the store's rows rely on from
them, as they relied on frozen dataclasses before."""

from __future__ import annotations

import copy
import os
import pickle
import subprocess
import sys

import pytest

from bench.packs import answers_file, write_tiny_pack
from trainer.course.diagnostics import Diagnostic, Mark, Severity, Text
from trainer.course.model import Choice, Course, Quiz, SingleChoice, TrueFalse
from trainer.records import Record, init, replace


def single(**changes: object) -> SingleChoice:
    question = SingleChoice(
        "q1", "Which?", choices=(Choice("yes", True), Choice("no", feedback="Not this one."))
    )
    return replace(question, **changes)


def test_records_compare_and_hash_by_value() -> None:
    assert single() == single()
    assert hash(single()) == hash(single())
    assert single() != single(prompt="Another?")
    assert len({single(), single(), single(id="q2")}) == 2


def test_records_of_two_classes_are_never_equal() -> None:
    """As with dataclasses: the same fields in another class are another value."""
    assert TrueFalse("q1", "Which?") != SingleChoice("q1", "Which?")
    assert (single() == "q1") is False


def test_records_are_frozen() -> None:
    question = single()
    with pytest.raises(AttributeError, match="cannot assign to field 'prompt'"):
        question.prompt = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot delete"):
        del question.prompt  # type: ignore[misc]
    with pytest.raises(AttributeError):
        question.extra = 1  # type: ignore[attr-defined]
    assert question.prompt == "Which?"


def test_a_mutable_record_assigns_and_has_no_hash() -> None:
    class Tally(Record, mutable=True):
        __slots__ = ("count", "name")
        name: str
        count: int

        def __init__(self, name: str, count: int = 0) -> None:
            init(self, name, count)

    tally = Tally("right")
    tally.count += 1
    assert tally == Tally("right", 1)
    with pytest.raises(TypeError):
        hash(tally)


def test_fields_follow_the_parameters_of_init_with_the_base_class_first() -> None:
    assert SingleChoice._fields[:2] == ("id", "prompt")
    assert SingleChoice._fields[-2:] == ("choices", "shuffle")
    assert single().choices[1].feedback == "Not this one."
    assert repr(Mark(3, 7)) == "Mark(line=3, column=7)"


def test_a_class_whose_init_does_not_take_its_slots_is_refused() -> None:
    with pytest.raises(TypeError, match="are not the fields"):

        class Broken(Record):
            __slots__ = ("a", "b")

            def __init__(self, a: int) -> None:
                init(self, a, 0)


def test_init_takes_exactly_the_fields() -> None:
    with pytest.raises(ValueError):
        init(Mark(), 1)


def test_replace_changes_only_what_it_names_and_refuses_unknown_fields() -> None:
    question = single()
    changed = replace(question, prompt="Why?")
    assert changed.prompt == "Why?"
    assert changed.choices is question.choices
    assert question.prompt == "Which?"
    with pytest.raises(TypeError, match="no field 'promt'"):
        replace(question, promt="typo")


def test_records_copy_deep_copy_and_pickle() -> None:
    quiz = Quiz("quiz", "fr", "Quiz", (single(),), pass_mark=0.5)
    for copied in (copy.copy(quiz), copy.deepcopy(quiz), pickle.loads(pickle.dumps(quiz))):
        assert copied == quiz
        assert type(copied.questions[0]) is SingleChoice
    course = Course("c", "C", "fr", ("fr",), ())
    assert course.quizzes == {}
    assert course.quizzes is not Course("c", "C", "fr", ("fr",), ()).quizzes


def test_diagnostics_sort_and_compare_without_their_text() -> None:
    """`text` is left out of comparisons and order, as `field(compare=False)` left it."""
    second = Diagnostic("a.yaml", 9, 1, Severity.ERROR, "x", "late")
    first = Diagnostic("a.yaml", 2, 5, Severity.WARNING, "y", "early", Text("early"))
    assert sorted([second, first]) == [first, second]
    assert first == Diagnostic("a.yaml", 2, 5, Severity.WARNING, "y", "early")
    assert first < second and second > first and first <= first and second >= first


@pytest.mark.parametrize("command", ["validate", "quiz"])
def test_validate_and_quiz_import_no_dataclasses(command: str, tmp_path) -> None:
    """What the records are for: `dataclasses` (and `inspect` behind it) is off the path of the
    core's commands, which load the model, check the pack and grade with the engine (the
    benchmark's one-lesson pack: a lesson with a link or a picture brings markdown-it, which
    imports them)."""
    course = str(write_tiny_pack(tmp_path / "pack"))
    answers = str(answers_file(tmp_path / "answers.yaml"))
    argv = {
        "validate": ["validate", course],
        "quiz": ["quiz", "lecon-0001", "--answers", answers, "--course", course],
    }[command]
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "trainer", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "TRAINER_LANG": "en"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
    assert "trainer.course.model" in imported
    assert {"dataclasses", "inspect"} & imported == set()
