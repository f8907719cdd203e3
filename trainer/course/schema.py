"""JSON Schemas (draft 2020-12) of the pack's three kinds of file, built from the loader's own key
lists so that the schema an editor checks against and `trainer validate` cannot drift apart.

`trainer schema course|lesson|quiz` prints them; docs/authoring.md shows how to wire them into an
editor with yaml-language-server. The schemas catch what an editor can show while typing (unknown
keys, types, required keys, the counts of choices and items); `trainer validate` checks the rest
(translations, the lists of modules, distinct right sides, the answer keys).
"""

from __future__ import annotations

from typing import Any

from trainer.course.loader import COURSE_KEYS, LESSON_KEYS, MODULE_KEYS, QUIZ_KEYS, SOURCE_KEYS
from trainer.course.model import ID_PATTERN, QuestionType
from trainer.course.questions import (
    BASE_KEYS,
    CHOICE_KEYS,
    CHOICE_TYPES,
    FEEDBACK_KEYS,
    OWN_KEYS,
    SHUFFLE_KEY,
    TYPE_KEYS,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_URI = "https://trainer.invalid/schemas/"

TEXT = {"type": ["string", "number"], "pattern": r"\S"}
ID = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
LOCALIZED = {
    "oneOf": [
        TEXT,
        {"type": "object", "additionalProperties": TEXT, "minProperties": 1},
    ]
}
PASS_MARK = {"type": "number", "exclusiveMinimum": 0, "maximum": 1}


def _object(
    keys: tuple[str, ...], properties: dict[str, Any], required: tuple[str, ...], **extra: Any
) -> dict[str, Any]:
    """An object schema whose properties are exactly the loader's `keys`."""
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
    """The schema of course.yaml."""
    module = _object(
        MODULE_KEYS,
        {"id": ID, "title": LOCALIZED, "lessons": {"type": "array", "items": ID, "minItems": 1}},
        MODULE_KEYS,
    )
    properties = {
        "id": ID,
        "title": LOCALIZED,
        "languages": {
            "type": "array",
            "items": {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
            "minItems": 1,
            "uniqueItems": True,
        },
        "version": TEXT,
        "description": LOCALIZED,
        "pass_mark": PASS_MARK,
        "modules": {"type": "array", "items": {"$ref": "#/$defs/module"}, "minItems": 1},
    }
    return {
        "$schema": DRAFT,
        "$id": BASE_URI + "course.schema.json",
        "title": "trainer course.yaml",
        **_object(COURSE_KEYS, properties, ("id", "title", "languages", "modules")),
        "$defs": {"module": module},
    }


def lesson_schema() -> dict[str, Any]:
    """The schema of a lesson's front matter."""
    source = _object(
        SOURCE_KEYS, {"title": TEXT, "url": {"type": "string", "pattern": "^https?://"}}, ("title",)
    )
    properties = {
        "title": TEXT,
        "minutes": {"type": "integer", "minimum": 1, "maximum": 600},
        "objectives": {"type": "array", "items": TEXT},
        "quiz": ID,
        "sources": {"type": "array", "items": source},
    }
    return {
        "$schema": DRAFT,
        "$id": BASE_URI + "lesson.schema.json",
        "title": "trainer lesson front matter",
        **_object(LESSON_KEYS, properties, ("title",)),
    }


def _answer_schemas() -> dict[QuestionType, dict[str, Any]]:
    choice = _object(
        CHOICE_KEYS,
        {
            "text": TEXT,
            "correct": {"type": "boolean"},
            "feedback": TEXT,
            "weight": {"type": "number", "minimum": -1, "maximum": 1},
        },
        ("text",),
    )
    # An accepted answer or an order item: its text, or its text with its feedback.
    with_feedback = {
        "anyOf": [TEXT, _object(FEEDBACK_KEYS, {"text": TEXT, "feedback": TEXT}, ("text",))]
    }
    correct = {
        "type": "object",
        "properties": {"correct": {"const": True}},
        "required": ["correct"],
    }
    return {
        QuestionType.SINGLE: {
            "type": "array",
            "items": choice,
            "minItems": 2,
            "contains": correct,
            "minContains": 1,
            "maxContains": 1,
        },
        QuestionType.MULTIPLE: {
            "type": "array",
            "items": choice,
            "minItems": 2,
            "contains": correct,
            "minContains": 1,
        },
        QuestionType.TRUE_FALSE: {"type": "boolean"},
        QuestionType.TEXT: {"type": "array", "items": with_feedback, "minItems": 1},
        QuestionType.ORDER: {"type": "array", "items": with_feedback, "minItems": 2},
        QuestionType.MATCH: {
            "type": "array",
            "minItems": 2,
            "items": {"type": "array", "prefixItems": [TEXT, TEXT], "minItems": 2, "items": False},
        },
    }


def quiz_schema() -> dict[str, Any]:
    """The schema of a quiz file."""
    base = {
        "id": ID,
        "type": {"enum": [t.value for t in QuestionType]},
        "points": {"type": "number", "exclusiveMinimum": 0},
        "prompt": TEXT,
        "hint": TEXT,
        "explanation": TEXT,
        "tags": {"type": "array", "items": ID},  # a tag written twice counts once
    }
    assert set(base) == set(BASE_KEYS)
    branches = [
        {
            "if": {"properties": {"type": {"const": kind.value}}, "required": ["type"]},
            "then": {
                "properties": {
                    TYPE_KEYS[kind]: schema,
                    **({SHUFFLE_KEY: {"type": "boolean"}} if kind in CHOICE_TYPES else {}),
                    **dict.fromkeys(OWN_KEYS.get(kind, ()), TEXT),
                },
                "required": [TYPE_KEYS[kind]],
            },
        }
        for kind, schema in _answer_schemas().items()
    ]
    question = {
        "type": "object",
        "properties": base,
        "required": ["id", "type", "prompt"],
        "allOf": branches,
        "unevaluatedProperties": False,
    }
    properties = {
        "title": TEXT,
        "pass_mark": PASS_MARK,
        "shuffle": {"type": "boolean"},
        "max_attempts": {"type": "integer", "minimum": 1},
        "draw": {
            "oneOf": [
                {"type": "integer", "minimum": 1},
                {
                    "type": "object",
                    "propertyNames": ID,
                    "additionalProperties": {"type": "integer", "minimum": 1},
                    "minProperties": 1,
                },
            ]
        },
        "questions": {"type": "array", "items": {"$ref": "#/$defs/question"}, "minItems": 1},
    }
    return {
        "$schema": DRAFT,
        "$id": BASE_URI + "quiz.schema.json",
        "title": "trainer quiz",
        **_object(QUIZ_KEYS, properties, ("title", "questions")),
        "$defs": {"question": question},
    }


SCHEMAS = {"course": course_schema, "lesson": lesson_schema, "quiz": quiz_schema}
