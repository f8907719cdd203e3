"""The JSON Schemas (draft-07, as yaml-language-server reads them) and `trainer validate` agree:
no false error on any valid file, read as an editor reads it (YAML 1.2); what one rejects that the
other can express, both reject, each with one message; every key is described, in English and in
French (issue 14 §3)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from tests.helpers import validation
from tests.helpers.packs import PACKS, write_pack
from trainer.cli import main
from trainer.course.loader import LESSONS_DIR, QUIZZES_DIR
from trainer.course.model import QuestionType
from trainer.course.schema import KINDS, SCHEMAS, localize, schema
from trainer.i18n import translator
from trainer.locations import bundled_course
from trainer.quiz.pack_check import check_pack

ENGLISH = {kind: schema(kind, translator("en")) for kind in KINDS}
FRENCH = {kind: schema(kind, translator("fr")) for kind in KINDS}
VALIDATORS = {kind: Draft7Validator(built) for kind, built in ENGLISH.items()}


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reading booleans as YAML 1.2 does (yaml-language-server's default): only
    true/false are booleans, `yes`, `No`, `on` are text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    Yaml12Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


def readings(text: str) -> list[Any]:
    """The document as trainer reads it (YAML 1.1) and as an editor reads it (YAML 1.2)."""
    return [yaml.safe_load(text), yaml.load(text, Loader=Yaml12Loader)]


def front_matter(text: str) -> str:
    return text.split("---", 2)[1]


def schema_errors(kind: str, data: object) -> list[str]:
    return [error.message for error in VALIDATORS[kind].iter_errors(data)]


def pack_files(root: Path) -> list[tuple[str, str, str]]:
    """(kind, name, YAML text) of every file of a pack."""
    files = [("course", "course.yaml", (root / "course.yaml").read_text(encoding="utf-8"))]
    for path in sorted((root / LESSONS_DIR).glob("*.md")):
        files.append(("lesson", path.name, front_matter(path.read_text(encoding="utf-8"))))
    for path in sorted((root / QUIZZES_DIR).glob("*.yaml")):
        files.append(("quiz", path.name, path.read_text(encoding="utf-8")))
    return files


def assert_no_false_error(root: Path) -> None:
    for kind, name, text in pack_files(root):
        for data in readings(text):
            assert schema_errors(kind, data) == [], f"{name}: {schema_errors(kind, data)}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_schemas_are_valid_draft_07(kind: str, language: str) -> None:
    built = (ENGLISH if language == "en" else FRENCH)[kind]
    assert built["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(built)


def described_properties(node: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every (path, schema) of a property, anywhere in a schema."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("if", "not", "contains", "additionalItems") or (
                key == "items" and isinstance(value, list)
            ):
                continue  # conditions (a right choice, a type), not where a key is described
            if key == "definitions":
                value = {
                    n: d for n, d in value.items() if n not in ("right_choice", "wrong_choice")
                }
            if key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    if sub is True:  # named for `additionalProperties`, described elsewhere
                        continue
                    found.append((f"{path}/{name}", sub))
                    found += described_properties(sub, f"{path}/{name}")
            else:
                found += described_properties(value, path)
    elif isinstance(node, list):
        for item in node:
            found += described_properties(item, path)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_key_has_a_description_in_english_and_in_french(kind: str) -> None:
    english = described_properties(ENGLISH[kind])
    french = described_properties(FRENCH[kind])
    assert english and len(english) == len(french)
    for (path, en), (_, fr) in zip(english, french, strict=True):
        assert en.get("description"), f"{kind}{path} has no description"
        assert fr["description"] != en["description"], f"{kind}{path} is not translated"


def error_messages(node: Any) -> list[str]:
    """Every `errorMessage` (yaml-language-server's message with the fix) in a schema."""
    if isinstance(node, dict):
        own = [node["errorMessage"]] if "errorMessage" in node else []
        return own + [m for value in node.values() for m in error_messages(value)]
    if isinstance(node, list):
        return [m for item in node for m in error_messages(item)]
    return []


@pytest.mark.parametrize("kind", KINDS)
def test_the_editors_messages_are_in_english_and_in_french(kind: str) -> None:
    english, french = error_messages(ENGLISH[kind]), error_messages(FRENCH[kind])
    assert english and len(english) == len(french)
    assert all(en != fr for en, fr in zip(english, french, strict=True))


def test_every_question_type_is_described_in_both_languages() -> None:
    for built in (ENGLISH["quiz"], FRENCH["quiz"]):
        question = built["definitions"]["question"]
        described = question["properties"]["type"]["enumDescriptions"]
        assert len(described) == len(QuestionType) and all(described)
        branches = question["then"]["allOf"]
        assert [b["if"]["properties"]["type"]["const"] for b in branches] == [
            t.value for t in QuestionType
        ]
        assert all(b["then"]["description"] for b in branches)
    assert FRENCH["quiz"]["definitions"]["question"]["then"]["allOf"][0]["then"][
        "description"
    ].startswith("single\u00a0: une seule bonne réponse")


def test_localize_translates_annotations_only() -> None:
    built = localize(SCHEMAS["course"](), str.upper)
    assert built["properties"]["title"]["description"].startswith("THE COURSE'S TITLE")
    assert "title" in built["properties"] and "id" in built["required"]
    assert built["properties"]["id"]["pattern"] == ENGLISH["course"]["properties"]["id"]["pattern"]


GOOD_PACKS = {
    "bundled": bundled_course(),
    **{name: PACKS / name for name in ("bilingual", "single-language", "translation-drift")},
}


@pytest.mark.parametrize("root", GOOD_PACKS.values(), ids=list(GOOD_PACKS))
def test_no_false_error_on_a_good_pack(root: Path) -> None:
    assert_no_false_error(root)


@pytest.mark.parametrize("base", ["MINIMAL", "BILINGUAL"])
def test_no_false_error_on_the_helpers_packs(tmp_path: Path, base: str) -> None:
    root = validation.write_pack(tmp_path / "pack", base=getattr(validation, base))
    assert validation.check(tmp_path / "checked", base=getattr(validation, base)) == []
    assert_no_false_error(root)


def test_no_false_error_on_a_new_pack_and_the_guides_six_types(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    assert main(["new", "course", str(root), "--languages", "fr,en"]) == 0
    guide = (Path(__file__).parents[2] / "docs" / "guide-auteur.md").read_text(encoding="utf-8")
    (six_types,) = [b for b in re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL) if "match" in b]
    (root / QUIZZES_DIR / "six.fr.yaml").write_text(six_types, encoding="utf-8")
    assert_no_false_error(root)


EXTENSIONS = """\
title: Banque
draw: {cas: 1, loi: 1}
questions:
  - id: poids
    type: multiple
    tags: [cas]
    prompt: Lesquelles ?
    choices:
      - {text: A, correct: true, weight: 0.5}
      - {text: B, correct: true, weight: 0.5}
      - {text: C, weight: -1}
  - id: vf
    type: true_false
    tags: [loi]
    prompt: Vrai ?
    answer: true
    feedback_true: Oui.
    feedback_false: Non.
  - id: sigle
    type: text
    prompt: Sigle ?
    accept: [RGPD, {text: GDPR, feedback: C'est le sigle anglais.}]
  - id: etapes
    type: order
    prompt: Ordre ?
    items: [Lire, {text: Vérifier, feedback: On vérifie avant de répondre.}, Répondre]
"""


def test_the_format_extensions_of_this_release_are_described_and_accepted() -> None:
    for data in readings(EXTENSIONS):
        assert schema_errors("quiz", data) == []
    assert schema_errors("quiz", {**yaml.safe_load(EXTENSIONS), "draw": 5}) == []
    assert schema_errors("quiz", {**yaml.safe_load(EXTENSIONS), "draw": 0})
    weighed = yaml.safe_load(EXTENSIONS)
    weighed["questions"][0]["choices"][0]["weight"] = 2
    assert schema_errors("quiz", weighed)


GOOD_QUESTION = {
    "id": "q",
    "type": "single",
    "prompt": "P",
    "explanation": "E",
    "choices": [{"text": "a", "correct": True, "feedback": "f"}, {"text": "b", "feedback": "f"}],
}

BROKEN_QUIZZES = {
    "unknown key in a choice": {"choices": [{"text": "a", "corect": True}, {"text": "b"}]},
    "a typo in a question's key": {"explaination": "E", "explanation": None},
    "a French key": {"retour": "E"},
    "feedback on a true_false": {
        "type": "true_false",
        "choices": None,
        "answer": True,
        "feedback": "f",
    },
    "correct on an order": {"type": "order", "choices": None, "items": ["a", "b"], "correct": 1},
    "accept on a single": {"accept": ["a"]},
    "two correct in a single": {
        "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}]
    },
    "no correct in a single": {"choices": [{"text": "a"}, {"text": "b"}]},
    "no correct in a multiple": {"type": "multiple", "choices": [{"text": "a"}, {"text": "b"}]},
    "correct: vrai": {"choices": [{"text": "a", "correct": "vrai"}, {"text": "b"}]},
    "one choice": {"choices": [{"text": "a", "correct": True}]},
    "no prompt": {"prompt": None},
    "a type typo": {"type": "singel"},
    "a French type": {"type": "qcm"},
    "an answer on a single question": {"answer": True},
    "points zero": {"points": 0},
    "points as words": {"points": "deux"},
    "a bad id": {"id": "Bad Id"},
    "text without accept": {"type": "text", "choices": None, "accept": []},
    "order with one item": {"type": "order", "choices": None, "items": ["only"]},
    "match with a three-sided pair": {
        "type": "match",
        "choices": None,
        "pairs": [["a", "b", "c"], ["d", "e"]],
    },
    "match with a one-sided pair": {"type": "match", "choices": None, "pairs": [["a"], ["d", "e"]]},
    "true_false answer not a boolean": {"type": "true_false", "choices": None, "answer": "yes"},
    "text true as a choice": {"choices": [{"text": True, "correct": True}, {"text": "b"}]},
}

ONE_MESSAGE = {
    "unknown key in a choice",
    "a typo in a question's key",
    "a French key",
    "feedback on a true_false",
    "correct on an order",
    "accept on a single",
    "two correct in a single",
    "correct: vrai",
    "a type typo",
    "a French type",
    "points as words",
    "true_false answer not a boolean",
}
"""Mistakes the schema reports with exactly one message, as `trainer validate` does."""


@pytest.mark.parametrize("name", list(BROKEN_QUIZZES))
def test_a_broken_question_is_rejected_by_both(tmp_path: Path, name: str) -> None:
    question = {**GOOD_QUESTION, **BROKEN_QUIZZES[name]}
    question = {key: value for key, value in question.items() if value is not None}
    quiz = {"title": "Quiz", "questions": [question]}
    errors = schema_errors("quiz", quiz)
    assert errors, "the schema accepts it"
    if name in ONE_MESSAGE:
        assert len(errors) == 1, errors
    root = write_pack(tmp_path / "pack", quiz=yaml.safe_dump(quiz, allow_unicode=True))
    _, diagnostics = check_pack(root)
    assert any(d.is_error for d in diagnostics), "trainer validate accepts it"


BROKEN_QUIZ_FILES = {
    "pass mark above 1": {"pass_mark": 1.5},
    "max attempts zero": {"max_attempts": 0},
    "shuffle not a boolean": {"shuffle": "oui"},
    "no questions": {"questions": []},
    "questions not a list": {"questions": "q"},
    "unknown quiz key": {"pass_mrk": 0.5},
    "title a list": {"title": ["a"]},
}


@pytest.mark.parametrize("change", BROKEN_QUIZ_FILES.values(), ids=list(BROKEN_QUIZ_FILES))
def test_a_broken_quiz_file_is_rejected_by_both(tmp_path: Path, change: dict) -> None:
    quiz = {"title": "Quiz", "questions": [GOOD_QUESTION], **change}
    assert schema_errors("quiz", quiz)
    root = write_pack(tmp_path / "pack", quiz=yaml.safe_dump(quiz, allow_unicode=True))
    assert any(d.is_error for d in check_pack(root)[1])


def test_the_unknown_key_pack_is_flagged_once() -> None:
    quiz = yaml.safe_load((PACKS / "unknown-key" / "quizzes" / "intro.yaml").read_text("utf-8"))
    assert schema_errors("quiz", quiz) == [
        "Additional properties are not allowed ('corect' was unexpected)"
    ]


BROKEN_FRONT_MATTER = {
    "minutes as words": "title: T\nminutes: eight\n",
    "unknown key": "title: T\nobjectifs: [x]\n",
    "no title": "minutes: 5\n",
    "ftp url": "title: T\nsources:\n  - title: S\n    url: ftp://example.org/\n",
    "source without title": "title: T\nsources:\n  - url: https://example.org/\n",
    "bad quiz id": "title: T\nquiz: Not An Id\n",
    "objectives not a list of texts": "title: T\nobjectives: [[x]]\n",
}


@pytest.mark.parametrize("front", BROKEN_FRONT_MATTER.values(), ids=list(BROKEN_FRONT_MATTER))
def test_a_broken_front_matter_is_rejected_by_both(tmp_path: Path, front: str) -> None:
    assert schema_errors("lesson", yaml.safe_load(front))
    root = write_pack(tmp_path / "pack")
    (root / "lessons" / "one.md").write_text(f"---\n{front}---\nText.\n", encoding="utf-8")
    assert any(d.is_error for d in check_pack(root)[1])


MODULES = "modules: [{id: m, title: M, lessons: [one]}]\n"
BROKEN_COURSES = {
    "no modules": "id: c\ntitle: C\nlanguages: [en]\nmodules: []\n",
    "no languages": "id: c\ntitle: C\nlanguages: []\n" + MODULES,
    "unknown key": "id: c\ntitle: C\nlanguage: [en]\nlanguages: [en]\n" + MODULES,
    "bad course id": "id: C C\ntitle: C\nlanguages: [en]\n" + MODULES,
    "module without lessons": "id: c\ntitle: C\nlanguages: [en]\nmodules: [{id: m, title: M}]\n",
    "pass mark zero": "id: c\ntitle: C\nlanguages: [en]\npass_mark: 0\n" + MODULES,
    "pass mark as a percentage": "id: c\ntitle: C\nlanguages: [en]\npass_mark: 80\n" + MODULES,
    "languages a text": "id: c\ntitle: C\nlanguages: en\n" + MODULES,
    "no title": "id: c\nlanguages: [en]\n" + MODULES,
}


@pytest.mark.parametrize("text", BROKEN_COURSES.values(), ids=list(BROKEN_COURSES))
def test_a_broken_course_file_is_rejected_by_both(tmp_path: Path, text: str) -> None:
    assert schema_errors("course", yaml.safe_load(text))
    root = write_pack(tmp_path / "pack")
    (root / "course.yaml").write_text(text, encoding="utf-8")
    assert any(d.is_error for d in check_pack(root)[1])


def test_yaml_1_1_words_are_marked_by_the_editor_and_warned_about_by_validate(
    tmp_path: Path,
) -> None:
    """`answer: yes` is true to trainer and text to the editor: the editor marks it, `validate`
    warns (one message); `text: Yes` is text to both, with a warning to quote it."""
    quiz = (
        "title: Quiz\nquestions:\n  - id: q\n    type: true_false\n    prompt: P\n"
        "    answer: yes\n    explanation: E\n"
        "  - id: r\n    type: single\n    prompt: P\n    explanation: E\n    choices:\n"
        "      - text: Yes\n        correct: true\n      - text: No\n"
    )
    as_editor = yaml.load(quiz, Loader=Yaml12Loader)
    assert schema_errors("quiz", as_editor) == ["'yes' is not of type 'boolean'"]
    root = write_pack(tmp_path / "pack", quiz=quiz)
    pack, diagnostics = check_pack(root)
    assert [(d.line, d.code, d.is_error) for d in diagnostics] == [
        (6, "yaml-1-1-boolean", False),
        (13, "yaml-1-1-boolean", False),
        (15, "yaml-1-1-boolean", False),
    ]
    texts = [c.text for c in pack.quizzes["en"]["one"].questions[1].choices]
    assert texts == ["Yes", "No"]


@pytest.mark.parametrize("kind", KINDS)
def test_trainer_schema_prints_it_in_the_interface_language(capsys, kind: str) -> None:
    assert main(["schema", kind, "--lang", "fr"]) == 0
    assert json.loads(capsys.readouterr().out) == FRENCH[kind]
    assert main(["schema", kind, "--lang", "en"]) == 0
    assert json.loads(capsys.readouterr().out) == ENGLISH[kind]


def test_a_new_course_carries_its_schemas_and_the_editor_settings(tmp_path: Path) -> None:
    root = tmp_path / "cours"
    assert main(["new", "course", str(root), "--languages", "fr,en", "--lang", "en"]) == 0
    for kind in KINDS:
        written = json.loads((root / ".schemas" / f"{kind}.schema.json").read_text("utf-8"))
        assert written == FRENCH[kind]  # the pack's first language, not the interface's
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./.schemas/course.schema.json": ["course.yaml"],
        "./.schemas/quiz.schema.json": ["quizzes/*.yaml", "quizzes/*.yml"],
    }
    course = (root / "course.yaml").read_text(encoding="utf-8")
    assert course.startswith("# yaml-language-server: $schema=./.schemas/course.schema.json\n")
    quiz = (root / "quizzes" / "introduction.fr.yaml").read_text(encoding="utf-8")
    assert quiz.startswith("# yaml-language-server: $schema=../.schemas/quiz.schema.json\n")
    assert [d for d in check_pack(root)[1] if d.code != "placeholder"] == []


def test_a_writer_with_an_english_locale_gets_english_about_a_french_only_pack(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    root = tmp_path / "cours"
    assert main(["new", "course", str(root), "--languages", "fr", "--lang", "fr"]) == 0
    monkeypatch.chdir(root)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    capsys.readouterr()
    assert main(["schema", "quiz"]) == 0
    assert json.loads(capsys.readouterr().out) == ENGLISH["quiz"]
    assert main(["new", "lesson", "introduction"]) != 0
    assert "is already listed in course.yaml" in capsys.readouterr().err
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert main(["schema", "quiz"]) == 0
    assert json.loads(capsys.readouterr().out) == FRENCH["quiz"]


def test_a_quiz_added_to_a_pack_without_schemas_has_no_modeline(tmp_path: Path) -> None:
    """The modeline would point the editor at a file that is not there."""
    root = validation.write_pack(tmp_path / "pack")
    assert main(["new", "quiz", "one", "--course", str(root)]) != 0  # the quiz exists
    assert main(["new", "lesson", "two", "--course", str(root)]) == 0
    assert main(["new", "quiz", "two", "--course", str(root)]) == 0
    assert (root / "quizzes" / "two.yaml").read_text(encoding="utf-8").startswith("title:")
