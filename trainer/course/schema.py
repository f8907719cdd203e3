"""JSON Schemas (draft-07) of the pack's three kinds of file, built from the loader's own key lists
so that the schema an editor checks against and `trainer validate` cannot drift apart.

Draft-07 because the YAML extension most trainers use (yaml-language-server, in VS Code and other
editors) supports "JSON Schema 7 and below": a newer draft's keywords (`prefixItems`,
`unevaluatedProperties`, `minContains`) are ignored there, or worse, turn a valid match pair into
an error. Every key and every question type carries a `description`, in the interface's language,
which the editor shows on hover and in completion.

`trainer schema course|lesson|quiz [--lang fr]` prints them, and `trainer new course` writes them
into the new pack (`.schemas/`) with the `.vscode/settings.json` that maps them. The schemas catch
what an editor can show while typing (unknown keys, types, required keys, the counts of choices
and items); `trainer validate` checks the rest (translations, the lists of modules, distinct right
sides, the answer keys).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from trainer.course.loader import COURSE_KEYS, LESSON_KEYS, MODULE_KEYS, QUIZ_KEYS, SOURCE_KEYS
from trainer.course.model import ID_PATTERN, QuestionType
from trainer.course.questions import _KEYS as QUESTION_KEYS
from trainer.course.questions import CHOICE_KEYS, TYPE_KEYS
from trainer.i18n import N_

DRAFT = "http://json-schema.org/draft-07/schema#"
BASE_URI = "https://trainer.invalid/schemas/"
KINDS = ("course", "lesson", "quiz")

Translate = Callable[[str], str]


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """`schema` with a description (marked with N_ by the caller, translated by `localize`)."""
    return {**schema, "description": description}


# `errorMessage` is a keyword of yaml-language-server (and of VS Code's JSON support): the editor
# shows it, in the writer's language and with the fix, instead of its generic "Incorrect type" or
# "does not match the pattern"; validators ignore it.
TEXT = {
    "type": ["string", "number"],
    "pattern": r"\S",
    "errorMessage": N_('A text, not empty: write it in double quotes ("…").'),
}
"""A non-blank text; a number is text as written (`version: 2026.10`). Never true or false: an
unquoted `Yes` is text to the editor (YAML 1.2) but true to trainer, which warns about it."""
ID = {
    "type": "string",
    "pattern": f"^{ID_PATTERN.pattern}$",
    "errorMessage": N_(
        "An id: lower-case letters, digits and hyphens, without accents or spaces "
        "(`avis-difficiles`)."
    ),
}
LANGUAGE = {
    "type": "string",
    "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    "errorMessage": N_("A language code such as fr or en."),
}
BOOLEAN = {
    "type": "boolean",
    "errorMessage": N_(
        '`true` or `false`, in English and without quotes (not yes, oui or "true").'
    ),
}
WHOLE = {"type": "integer", "errorMessage": N_("A whole number, such as 3.")}
LOCALIZED = {
    "anyOf": [
        TEXT,
        {
            "type": "object",
            "propertyNames": LANGUAGE,
            "additionalProperties": TEXT,
            "minProperties": 1,
        },
    ]
}
PASS_MARK = {
    "type": "number",
    "exclusiveMinimum": 0,
    "maximum": 1,
    "errorMessage": N_("A number more than 0 and at most 1, with a point: 0.8 is 80 %."),
}
MAX_PLACED = 30
"""A single question's "exactly one correct choice" is spelt out position by position (draft-07
cannot count matches), up to this many choices; a longer list is left to `trainer validate`."""


def _object(
    keys: Iterable[str],
    properties: dict[str, Any],
    required: Iterable[str],
    **extra: Any,
) -> dict[str, Any]:
    """A closed object schema whose properties are exactly the loader's `keys`."""
    assert set(properties) == set(keys), (
        f"schema and loader disagree: {set(properties) ^ set(keys)}"
    )
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
        **extra,
    }


def course_schema() -> dict[str, Any]:
    """The schema of course.yaml (descriptions not yet translated: see `localize`)."""
    module = _object(
        MODULE_KEYS,
        {
            "id": _described(ID, N_("The module's id: lower-case letters, digits and hyphens.")),
            "title": _described(
                LOCALIZED,
                N_("The module's title: one text, or one per language (`fr: …`, `en: …`)."),
            ),
            "lessons": _described(
                {"type": "array", "items": ID, "minItems": 1},
                N_("The ids of the module's lessons, in the order learners meet them."),
            ),
        },
        MODULE_KEYS,
    )
    properties = {
        "id": _described(
            ID, N_("The course's id: lower-case letters, digits and hyphens (`mon-cours`).")
        ),
        "title": _described(
            LOCALIZED,
            N_("The course's title: one text, or one per language (`fr: …`, `en: …`)."),
        ),
        "languages": _described(
            {"type": "array", "items": LANGUAGE, "minItems": 1, "uniqueItems": True},
            N_(
                "The course's languages, the first one the default: `[fr]`, or `[fr, en]` for "
                "a file per language of each lesson and quiz."
            ),
        ),
        "version": _described(TEXT, N_('The course\'s version, for your own reference (`"1"`).')),
        "description": _described(
            LOCALIZED, N_("A few sentences on the course: one text, or one per language.")
        ),
        "pass_mark": _described(
            PASS_MARK,
            N_("The share of points that passes a quiz, more than 0 and at most 1: 0.8 is 80 %."),
        ),
        "modules": _described(
            {"type": "array", "items": {"$ref": "#/definitions/module"}, "minItems": 1},
            N_("The course's modules, in order; each lists its lessons."),
        ),
    }
    return {
        "$schema": DRAFT,
        "$id": BASE_URI + "course.schema.json",
        "title": N_("trainer course.yaml"),
        "description": N_("The plan of a trainer course: its title, languages and modules."),
        **_object(COURSE_KEYS, properties, ("id", "title", "languages", "modules")),
        "definitions": {"module": module},
    }


def lesson_schema() -> dict[str, Any]:
    """The schema of a lesson's front matter."""
    source = _object(
        SOURCE_KEYS,
        {
            "title": _described(TEXT, N_("The source's title, as learners see it.")),
            "url": _described(
                {
                    "type": "string",
                    "pattern": "^https?://",
                    "errorMessage": N_("An address starting with https:// or http://."),
                },
                N_("The source's address, starting with https:// or http://."),
            ),
        },
        ("title",),
    )
    properties = {
        "title": _described(TEXT, N_("The lesson's title.")),
        "minutes": _described(
            {**WHOLE, "minimum": 1, "maximum": 600},
            N_("About how many minutes the lesson takes to read, 1 to 600."),
        ),
        "objectives": _described(
            {"type": "array", "items": TEXT},
            N_("What the learner can do after the lesson, one line each."),
        ),
        "quiz": _described(
            ID, N_("The id of the lesson's quiz, when it is not the lesson's own id.")
        ),
        "sources": _described(
            {"type": "array", "items": source},
            N_("Where the lesson's facts come from: each with a `title` and a `url`."),
        ),
    }
    return {
        "$schema": DRAFT,
        "$id": BASE_URI + "lesson.schema.json",
        "title": N_("trainer lesson front matter"),
        "description": N_("The header of a lesson, between the two `---` lines."),
        **_object(LESSON_KEYS, properties, ("title",)),
    }


TYPE_DESCRIPTIONS = {
    QuestionType.SINGLE: N_(
        "single: one right answer among several; `choices`, one of them with `correct: true`."
    ),
    QuestionType.MULTIPLE: N_(
        "multiple: several right answers; `choices`, each right one with `correct: true`."
    ),
    QuestionType.TRUE_FALSE: N_(
        "true_false: a statement that is true or false; `answer: true` or `answer: false`."
    ),
    QuestionType.TEXT: N_("text: a short typed answer; `accept` lists the answers accepted."),
    QuestionType.ORDER: N_(
        "order: steps to put back in order; `items` in the right order (learners see them "
        "shuffled)."
    ),
    QuestionType.MATCH: N_(
        "match: pairs to put together; `pairs` of `[left, right]`, already matched."
    ),
}


def _with_feedback(what: str) -> dict[str, Any]:
    """A text, or `{text: …, feedback: …}` (an accepted answer, an order item)."""
    return {
        "anyOf": [
            TEXT,
            {
                "type": "object",
                "properties": {
                    "text": _described(TEXT, what),
                    "feedback": _described(
                        TEXT, N_("What the learner reads about this answer after answering.")
                    ),
                },
                "required": ["text"],
                "additionalProperties": False,
            },
        ]
    }


def _choice_definitions() -> dict[str, Any]:
    """A right choice and a wrong one, named once: a single question's "exactly one right choice"
    refers to them at every position (see MAX_PLACED)."""
    return {
        # `correct` that is not false counts as given: `correct: vrai` is one mistake (its type),
        # not also a missing right choice.
        "right_choice": {
            "required": ["correct"],
            "properties": {"correct": {"not": {"enum": [False, None]}}},
            # Shown where a single question has no right choice.
            "errorMessage": N_(
                "A single question has exactly one choice with `correct: true`: add it under the "
                "right choice."
            ),
        },
        "wrong_choice": {
            "properties": {
                "correct": {
                    "enum": [False, None],
                    # Shown on the second right choice of a single question.
                    "errorMessage": N_(
                        "A single question has exactly one choice with `correct: true`: use "
                        "`type: multiple` for several."
                    ),
                }
            }
        },
    }


def _answer_properties() -> dict[QuestionType, dict[str, Any]]:
    """Each type's own keys: its answer key, and the options that go with it."""
    choice = _object(
        CHOICE_KEYS,
        {
            "text": _described(TEXT, N_("The choice's text.")),
            "correct": _described(
                BOOLEAN,
                N_("`true` for a right choice; leave it out (or `false`) for a wrong one."),
            ),
            "feedback": _described(
                TEXT,
                N_("What the learner reads after picking this choice: why it is right or not."),
            ),
            "weight": _described(
                {
                    "type": "number",
                    "minimum": -1,
                    "maximum": 1,
                    "errorMessage": N_("A number from -1 to 1, with a point: 0.5, -1."),
                },
                N_(
                    "Moodle's grade for picking this choice, from -1 to 1 (0.5 is half the "
                    "points); on all of a question's choices or none, positive weights adding to 1."
                ),
            ),
        },
        ("text",),
    )
    right, wrong = {"$ref": "#/definitions/right_choice"}, {"$ref": "#/definitions/wrong_choice"}
    exactly_one = [
        {"minItems": place + 1, "items": [wrong] * place + [right], "additionalItems": wrong}
        for place in range(MAX_PLACED)
    ] + [{"minItems": MAX_PLACED + 1}]
    choices = {"type": "array", "items": choice, "minItems": 2}
    # A choice with a misspelt key (`corect: true`) is one mistake: its key is marked, and the
    # right choices are not counted as well (as `trainer validate` does).
    spelt_right = {"items": {"propertyNames": {"enum": list(choice["properties"])}}}
    shuffle = _described(
        BOOLEAN,
        N_("`false` keeps the choices in the order written; by default they are shuffled."),
    )
    item_text = N_("The item's text.")
    return {
        QuestionType.SINGLE: {
            "choices": _described(
                {**choices, "if": spelt_right, "then": {"anyOf": exactly_one}},
                N_("The choices, at least 2; exactly one with `correct: true`."),
            ),
            "shuffle": shuffle,
        },
        QuestionType.MULTIPLE: {
            "choices": _described(
                {
                    **choices,
                    "if": spelt_right,
                    "then": {
                        "contains": right,
                        "errorMessage": N_(
                            "A multiple question needs at least one choice with `correct: true`: "
                            "add it under each right choice."
                        ),
                    },
                },
                N_("The choices, at least 2; each right one with `correct: true`."),
            ),
            "shuffle": shuffle,
        },
        QuestionType.TRUE_FALSE: {
            "answer": _described(
                BOOLEAN,
                N_("`true` when the statement is true, `false` when it is false (in English)."),
            ),
            "feedback_true": _described(
                TEXT, N_("What the learner who answered true reads after answering.")
            ),
            "feedback_false": _described(
                TEXT, N_("What the learner who answered false reads after answering.")
            ),
        },
        QuestionType.TEXT: {
            "accept": _described(
                {
                    "type": "array",
                    "items": _with_feedback(N_("An answer accepted.")),
                    "minItems": 1,
                },
                N_(
                    "The answers accepted, at least one; each a text, or `{text: …, feedback: …}` "
                    "with what the learner reads when giving it."
                ),
            ),
            "feedback_wrong": _described(
                TEXT, N_("What the learner reads after typing an answer that is not accepted.")
            ),
        },
        QuestionType.ORDER: {
            "items": _described(
                {"type": "array", "items": _with_feedback(item_text), "minItems": 2},
                N_(
                    "The items in the right order, at least 2; each a text, or `{text: …, "
                    "feedback: …}` with what the learner reads when it is misplaced."
                ),
            )
        },
        QuestionType.MATCH: {
            "pairs": _described(
                {
                    "type": "array",
                    "minItems": 2,
                    "items": {"type": "array", "items": [TEXT, TEXT], "minItems": 2, "maxItems": 2},
                },
                N_("The pairs, at least 2, each `[left, right]`; the right sides all differ."),
            )
        },
    }


def _base_properties() -> dict[str, Any]:
    """The keys every question may have."""
    return {
        "id": _described(
            ID, N_("The question's id in its quiz: lower-case letters, digits and hyphens.")
        ),
        "type": {
            "enum": [t.value for t in QuestionType],
            "errorMessage": N_(
                "Unknown question type: write single (one right answer), multiple (several), "
                "true_false, text, order or match."
            ),
            "description": N_(
                "The kind of question: single, multiple, true_false, text, order or match."
            ),
            # Shown by yaml-language-server (as by VS Code's JSON) next to each value offered.
            "enumDescriptions": [TYPE_DESCRIPTIONS[t] for t in QuestionType],
        },
        "points": _described(
            {
                "type": "number",
                "exclusiveMinimum": 0,
                "errorMessage": N_("A number more than 0, with a point: 1, 1.5."),
            },
            N_("What the question is worth, more than 0 (default 1)."),
        ),
        "prompt": _described(TEXT, N_("The question as learners read it.")),
        "hint": _described(TEXT, N_("A hint learners may ask for before answering.")),
        "explanation": _described(
            TEXT, N_("Shown after answering, right or wrong: why the answer is what it is.")
        ),
        "tags": _described(
            {"type": "array", "items": ID, "uniqueItems": True},
            N_("Ids grouping the question, for a quiz that draws by tag (`draw: {cas: 3}`)."),
        ),
    }


def question_schema() -> dict[str, Any]:
    """A question: its base keys, then per type exactly the keys that type may have."""
    base = _base_properties()
    answers = _answer_properties()
    branches = []
    for kind in QuestionType:
        _object(QUESTION_KEYS[kind], {**base, **answers[kind]}, ())
        # Draft-07's `additionalProperties` sees only the `properties` beside it: the base keys
        # are named again (as `true`, checked once, above) so that they are not "additional".
        properties = {**dict.fromkeys(base, True), **answers[kind]}
        branches.append(
            {
                "if": {"properties": {"type": {"const": kind.value}}, "required": ["type"]},
                "then": {
                    "description": TYPE_DESCRIPTIONS[kind],
                    "properties": properties,
                    "required": [TYPE_KEYS[kind]],
                    "additionalProperties": False,
                },
            }
        )
    every_key = sorted({key for kind in QuestionType for key in {**base, **answers[kind]}})
    return {
        "type": "object",
        "description": N_("A question: `id`, `type`, `prompt`, its type's answer, `explanation`."),
        "properties": base,
        "required": ["id", "type", "prompt"],
        # A known type: its own keys only (one message for a typo). An unknown or missing type is
        # one message on `type`; its keys are then checked against every type's.
        "if": {
            "properties": {"type": {"enum": [t.value for t in QuestionType]}},
            "required": ["type"],
        },
        "then": {"allOf": branches},
        "else": {"propertyNames": {"enum": every_key}},
    }


def quiz_schema() -> dict[str, Any]:
    """The schema of a quiz file."""
    properties = {
        "title": _described(TEXT, N_("The quiz's title.")),
        "pass_mark": _described(
            PASS_MARK,
            N_(
                "The share of points that passes this quiz, more than 0 and at most 1 (default: "
                "the course's)."
            ),
        ),
        "shuffle": _described(
            BOOLEAN, N_("`true` shows the questions in a new order at each attempt.")
        ),
        "max_attempts": _described(
            {**WHOLE, "minimum": 1},
            N_("How many attempts a learner has, 1 or more (default: no limit)."),
        ),
        "draw": _described(
            {
                "anyOf": [
                    {**WHOLE, "minimum": 1},
                    {
                        "type": "object",
                        "propertyNames": ID,
                        "additionalProperties": {**WHOLE, "minimum": 1},
                        "minProperties": 1,
                    },
                ]
            },
            N_(
                "Ask only this many of the questions, drawn at each attempt (`draw: 5`), or so "
                "many per tag (`draw: {cas: 3, loi: 2}`)."
            ),
        ),
        "questions": _described(
            {"type": "array", "items": {"$ref": "#/definitions/question"}, "minItems": 1},
            N_("The quiz's questions, at least one."),
        ),
    }
    return {
        "$schema": DRAFT,
        "$id": BASE_URI + "quiz.schema.json",
        "title": N_("trainer quiz"),
        "description": N_("A quiz: its title and its questions."),
        **_object(QUIZ_KEYS, properties, ("title", "questions")),
        "definitions": {"question": question_schema(), **_choice_definitions()},
    }


SCHEMAS = {"course": course_schema, "lesson": lesson_schema, "quiz": quiz_schema}
"""The schema of each kind of pack file, descriptions in English (see `localize`)."""

ANNOTATIONS = ("title", "description", "errorMessage")
"""The keywords whose text is for the writer, and is translated."""


def localize(schema: Any, translate: Translate) -> Any:
    """`schema` with every title and description translated (in `properties`, a key named
    `title` or `description` is a property, and is walked, not translated)."""
    if isinstance(schema, list):
        return [localize(item, translate) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ANNOTATIONS and isinstance(value, str):
            result[key] = translate(value)
        elif key == "enumDescriptions":
            result[key] = [translate(text) for text in value]
        elif key in ("properties", "definitions"):
            result[key] = {name: localize(sub, translate) for name, sub in value.items()}
        else:
            result[key] = localize(value, translate)
    return result


def schema(kind: str, translate: Translate) -> dict[str, Any]:
    """The schema of `kind` (course, lesson or quiz) with its descriptions in one language."""
    built: dict[str, Any] = localize(SCHEMAS[kind](), translate)
    return built


def schema_text(kind: str, translate: Translate) -> str:
    """The schema as the JSON file an editor reads (UTF-8, accents as written)."""
    return json.dumps(schema(kind, translate), ensure_ascii=False, indent=2) + "\n"


SCHEMA_FOLDER = ".schemas"
"""Where a pack keeps its schemas: a hidden folder, which `trainer` ignores."""


def schema_file(kind: str) -> Path:
    """The pack-relative path of `kind`'s schema file."""
    return Path(SCHEMA_FOLDER) / f"{kind}.schema.json"


def editor_settings() -> str:
    """`.vscode/settings.json` for a pack: yaml-language-server checks course.yaml and every quiz
    against the pack's own schema files (a lesson's front matter sits in Markdown, which it does
    not read)."""
    settings = {
        "yaml.schemas": {
            f"./{schema_file('course').as_posix()}": ["course.yaml"],
            f"./{schema_file('quiz').as_posix()}": ["quizzes/*.yaml", "quizzes/*.yml"],
        },
        "yaml.yamlVersion": "1.2",
    }
    return json.dumps(settings, indent=2) + "\n"
