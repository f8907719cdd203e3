"""The JSON Schemas and `trainer validate` agree: what one rejects that the other can express, both
reject; every file of the bundled course and of the good fixture packs passes both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.conftest import PACKS
from tests.unit_helpers import write_pack
from trainer.cli import main
from trainer.course.loader import LESSONS_DIR, QUIZZES_DIR
from trainer.course.schema import SCHEMAS
from trainer.locations import bundled_course
from trainer.quiz.pack_check import check_pack

VALIDATORS = {kind: Draft202012Validator(build()) for kind, build in SCHEMAS.items()}
GOOD_PACKS = [bundled_course(), PACKS / "bilingual"] + (
    [PACKS / "single-language"] if (PACKS / "single-language").is_dir() else []
)


def front_matter(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def schema_errors(kind: str, data: object) -> list[str]:
    return [error.message for error in VALIDATORS[kind].iter_errors(data)]


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(kind: str) -> None:
    Draft202012Validator.check_schema(SCHEMAS[kind]())


@pytest.mark.parametrize("root", GOOD_PACKS, ids=lambda p: p.name)
def test_every_file_of_a_good_pack_passes_its_schema(root: Path) -> None:
    assert (
        schema_errors("course", yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8")))
        == []
    )
    for path in sorted((root / LESSONS_DIR).glob("*.md")):
        assert schema_errors("lesson", front_matter(path)) == [], path.name
    for path in sorted((root / QUIZZES_DIR).glob("*.yaml")):
        assert schema_errors("quiz", yaml.safe_load(path.read_text(encoding="utf-8"))) == [], (
            path.name
        )


GOOD_QUESTION = {
    "id": "q",
    "type": "single",
    "prompt": "P",
    "explanation": "E",
    "choices": [{"text": "a", "correct": True, "feedback": "f"}, {"text": "b", "feedback": "f"}],
}

BROKEN_QUIZZES = {
    "unknown key in a choice": {"choices": [{"text": "a", "corect": True}, {"text": "b"}]},
    "two correct in a single": {
        "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}]
    },
    "no correct in a single": {"choices": [{"text": "a"}, {"text": "b"}]},
    "one choice": {"choices": [{"text": "a", "correct": True}]},
    "no prompt": {"prompt": None},
    "a type typo": {"type": "singel"},
    "an answer on a single question": {"answer": True},
    "points zero": {"points": 0},
    "a bad id": {"id": "Bad Id"},
    "text without accept": {"type": "text", "choices": None, "accept": []},
    "order with one item": {"type": "order", "choices": None, "items": ["only"]},
    "match with a three-sided pair": {
        "type": "match",
        "choices": None,
        "pairs": [["a", "b", "c"], ["d", "e"]],
    },
    "true_false answer not a boolean": {"type": "true_false", "choices": None, "answer": "yes"},
}


@pytest.mark.parametrize("change", BROKEN_QUIZZES.values(), ids=list(BROKEN_QUIZZES))
def test_a_broken_question_is_rejected_by_both(tmp_path: Path, change: dict) -> None:
    question = {**GOOD_QUESTION, **change}
    question = {key: value for key, value in question.items() if value is not None}
    quiz = {"title": "Quiz", "questions": [question]}
    assert schema_errors("quiz", quiz), "the schema accepts it"
    root = write_pack(tmp_path / "pack", quiz=yaml.safe_dump(quiz, allow_unicode=True))
    _, diagnostics = check_pack(root)
    assert any(d.is_error for d in diagnostics), "trainer validate accepts it"


BROKEN_QUIZ_FILES = {
    "pass mark above 1": {"pass_mark": 1.5},
    "max attempts zero": {"max_attempts": 0},
    "shuffle not a boolean": {"shuffle": "yes"},
    "no questions": {"questions": []},
    "unknown quiz key": {"pass_mrk": 0.5},
}


@pytest.mark.parametrize("change", BROKEN_QUIZ_FILES.values(), ids=list(BROKEN_QUIZ_FILES))
def test_a_broken_quiz_file_is_rejected_by_both(tmp_path: Path, change: dict) -> None:
    quiz = {"title": "Quiz", "questions": [GOOD_QUESTION], **change}
    assert schema_errors("quiz", quiz)
    root = write_pack(tmp_path / "pack", quiz=yaml.safe_dump(quiz, allow_unicode=True))
    assert any(d.is_error for d in check_pack(root)[1])


BROKEN_FRONT_MATTER = {
    "minutes as words": "title: T\nminutes: eight\n",
    "unknown key": "title: T\nobjectifs: [x]\n",
    "no title": "minutes: 5\n",
    "ftp url": "title: T\nsources:\n  - title: S\n    url: ftp://example.org/\n",
    "source without title": "title: T\nsources:\n  - url: https://example.org/\n",
    "bad quiz id": "title: T\nquiz: Not An Id\n",
}


@pytest.mark.parametrize("front", BROKEN_FRONT_MATTER.values(), ids=list(BROKEN_FRONT_MATTER))
def test_a_broken_front_matter_is_rejected_by_both(tmp_path: Path, front: str) -> None:
    assert schema_errors("lesson", yaml.safe_load(front))
    root = write_pack(tmp_path / "pack")
    (root / "lessons" / "one.md").write_text(f"---\n{front}---\nText.\n", encoding="utf-8")
    assert any(d.is_error for d in check_pack(root)[1])


BROKEN_COURSES = {
    "no modules": "id: c\ntitle: C\nlanguages: [en]\nmodules: []\n",
    "no languages": "id: c\ntitle: C\nlanguages: []\n"
    "modules: [{id: m, title: M, lessons: [one]}]\n",
    "unknown key": "id: c\ntitle: C\nlanguage: [en]\nlanguages: [en]\n"
    "modules: [{id: m, title: M, lessons: [one]}]\n",
    "bad course id": "id: C C\ntitle: C\nlanguages: [en]\n"
    "modules: [{id: m, title: M, lessons: [one]}]\n",
    "module without lessons": "id: c\ntitle: C\nlanguages: [en]\nmodules: [{id: m, title: M}]\n",
    "pass mark zero": "id: c\ntitle: C\nlanguages: [en]\npass_mark: 0\n"
    "modules: [{id: m, title: M, lessons: [one]}]\n",
}


@pytest.mark.parametrize("text", BROKEN_COURSES.values(), ids=list(BROKEN_COURSES))
def test_a_broken_course_file_is_rejected_by_both(tmp_path: Path, text: str) -> None:
    assert schema_errors("course", yaml.safe_load(text))
    root = write_pack(tmp_path / "pack")
    (root / "course.yaml").write_text(text, encoding="utf-8")
    assert any(d.is_error for d in check_pack(root)[1])


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_trainer_schema_prints_it(capsys, kind: str) -> None:
    assert main(["schema", kind]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMAS[kind]()
