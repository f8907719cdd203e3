"""Reading typed fields out of marked YAML, with a diagnostic for each thing that is wrong.

Every reader returns the value when it is usable and None when it is missing or wrong, after
reporting why at the exact place. Loading goes on after an error so that one run of `trainer
validate` shows every problem of a file, not only the first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from trainer.course.diagnostics import Mark, Report
from trainer.course.model import ID_PATTERN, is_valid_id
from trainer.course.yamlmarks import MarkedList, MarkedMap, Parsed
from trainer.inert import inert, visible

_TYPE_NAMES = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}


def describe(value: Any) -> str:
    """How a value reads in a message: its YAML kind, and the value itself when short."""
    kind = _TYPE_NAMES.get(type(value), type(value).__name__)
    if isinstance(value, (MarkedMap, dict)):
        kind = "a mapping"
    elif isinstance(value, (MarkedList, list)):
        kind = "a list"
    if isinstance(value, bool):
        return f"{kind} ({yaml_spelling(value)})"
    if isinstance(value, (int, float, str)) and len(repr(value)) <= 40:
        return f"{kind} ({inert(repr(value))})"  # repr escapes most controls; inert the rest
    return kind


def control_message(character: str) -> str:
    """The warning for text holding a control character: what it is, and that it is shown inert."""
    return (
        f"the text holds the control character U+{ord(character):04X}; it is shown as "
        f"`{visible(character)}`, never sent to the terminal: remove it"
    )


def yaml_spelling(value: Any) -> str:
    """A value as it is written in YAML: true, false, nothing for null, numbers as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    return str(value)


def article(word: str) -> str:
    """`a single`, `an order`."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


def suggestion(key: str, known: Iterable[str]) -> str:
    """' (did you mean `x`?)' for the nearest known key, or nothing when none is near."""
    import difflib  # only for a key that is misspelt

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


class FieldReader:
    """Reads the fields of one file's mappings into Python values, reporting problems."""

    def __init__(self, report: Report, path: str) -> None:
        self.report = report
        self.path = path

    def error(self, mark: Mark, code: str, message: str) -> None:
        """Report an error in this file (pack text quoted in `message` is made inert)."""
        self.report.error(self.path, mark, code, inert(message))

    def warning(self, mark: Mark, code: str, message: str) -> None:
        """Report a warning in this file (pack text quoted in `message` is made inert)."""
        self.report.warning(self.path, mark, code, inert(message))

    def controls(self, parsed: Parsed) -> None:
        """Warn about each value that holds a terminal or bidi control character."""
        for found in parsed.controls:
            self.warning(found.mark, "control-character", control_message(found.character))

    def duplicates(self, parsed: Parsed) -> None:
        """Report every key written twice in the document."""
        for duplicate in parsed.duplicates:
            self.error(
                duplicate.mark,
                "duplicate-key",
                f"`{duplicate.key}` is written twice in the same mapping; YAML would keep only "
                "the last one",
            )

    def mapping(self, value: Any, mark: Mark, what: str) -> MarkedMap | None:
        """`value` when it is a mapping, else None after an error."""
        if isinstance(value, MarkedMap):
            return value
        self.error(
            mark, "wrong-type", f"{what} must be a mapping of keys to values, not {describe(value)}"
        )
        return None

    def keys(
        self,
        mapping: MarkedMap,
        what: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
        elsewhere: dict[str, str] | None = None,
    ) -> bool:
        """Report unknown keys (with the nearest known one) and missing required keys; True when
        there were none.

        `elsewhere` maps keys that are known in other contexts to where they belong, for a clearer
        message than "unknown key" (an `answer` on a single-choice question).
        """
        allowed = tuple(allowed)
        elsewhere = elsewhere or {}
        clean = True
        for key in mapping:
            if key in allowed:
                continue
            clean = False
            if key in elsewhere:
                self.error(
                    mapping.key_mark(key),
                    "misplaced-key",
                    f"`{key}` does not belong in {what}: {elsewhere[key]}",
                )
            else:
                self.error(
                    mapping.key_mark(key),
                    "unknown-key",
                    f"unknown key `{key}` in {what}{suggestion(str(key), allowed)}",
                )
        for key in required:
            if mapping.get(key) is None:
                self.error(mapping.mark, "missing-key", f"{what} needs `{key}`")
                clean = False
        return clean

    def string(self, mapping: MarkedMap, key: str, *, blank_ok: bool = False) -> str | None:
        """A non-blank string; numbers are taken as written (`version: 2026.10` stays so)."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                f"`{key}` must be a string, not {describe(value)}",
            )
            return None
        text = value if isinstance(value, str) else mapping.raw.get(key, str(value))
        if not text.strip() and not blank_ok:
            self.error(mapping.value_mark(key), "empty-value", f"`{key}` is empty")
            return None
        return text

    def identifier(self, mapping: MarkedMap, key: str) -> str | None:
        """An id matching `[a-z0-9][a-z0-9-]*`."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        if not is_valid_id(value):
            self.error(
                mapping.value_mark(key),
                "bad-id",
                f"`{key}` must match {ID_PATTERN.pattern} (lower-case letters, digits and "
                f"hyphens), not {describe(value)}",
            )
            return None
        return value

    def boolean(self, mapping: MarkedMap, key: str) -> bool | None:
        """true or false."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        if not isinstance(value, bool):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                f"`{key}` must be true or false, not {describe(value)}",
            )
            return None
        return value

    def whole(self, mapping: MarkedMap, key: str, low: int, high: int | None = None) -> int | None:
        """A whole number from `low` up (to `high` when given)."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                f"`{key}` must be a whole number, not {describe(value)}",
            )
            return None
        if value < low or (high is not None and value > high):
            upper = f" and at most {high}" if high is not None else ""
            self.error(
                mapping.value_mark(key),
                "out-of-range",
                f"`{key}` must be at least {low}{upper}, not {value}",
            )
            return None
        return value

    def number(self, mapping: MarkedMap, key: str) -> float | None:
        """A finite real number (range checks are the caller's)."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                f"`{key}` must be a number, not {describe(value)}",
            )
            return None
        if not math.isfinite(value):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                f"`{key}` must be a finite number, not {mapping.raw.get(key, value)}",
            )
            return None
        return float(value)

    def pass_mark(self, mapping: MarkedMap) -> float | None:
        """`pass_mark`: a number with 0 < x ≤ 1."""
        value = self.number(mapping, "pass_mark")
        if value is not None and not 0 < value <= 1:
            self.error(
                mapping.value_mark("pass_mark"),
                "out-of-range",
                "`pass_mark` must be more than 0 and at most 1 (0.8 means 80 %), not "
                f"{mapping['pass_mark']}",
            )
            return None
        return value

    def sequence(self, mapping: MarkedMap, key: str) -> MarkedList | None:
        """A list."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        if not isinstance(value, MarkedList):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                f"`{key}` must be a list, not {describe(value)}",
            )
            return None
        return value

    def strings(self, mapping: MarkedMap, key: str) -> list[str] | None:
        """A list of non-blank strings (numbers taken as written)."""
        items = self.sequence(mapping, key)
        if items is None:
            return None
        result = []
        for index, item in enumerate(items):
            if (
                isinstance(item, bool)
                or not isinstance(item, (str, int, float))
                or not str(item).strip()
            ):
                self.error(
                    items.item_mark(index),
                    "wrong-type",
                    f"each item of `{key}` must be a non-empty string, not {describe(item)}",
                )
                continue
            result.append(item if isinstance(item, str) else items.raw.get(index, str(item)))
        return result

    def localized(
        self, mapping: MarkedMap, key: str, languages: tuple[str, ...]
    ) -> dict[str, str] | None:
        """A string for every language, or one string per language (`{fr: …, en: …}`)."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        mark = mapping.value_mark(key)
        if isinstance(value, MarkedMap):
            result: dict[str, str] = {}
            for language in value:
                if languages and language not in languages:
                    self.error(
                        value.key_mark(language),
                        "unknown-language",
                        f"`{language}` in `{key}` is not one of the course's languages "
                        f"({', '.join(languages)})",
                    )
                    continue
                text = self.string(value, language)
                if text is not None:
                    result[language] = text
            for language in languages:
                if language not in value:
                    self.error(mark, "missing-translation", f"`{key}` has no `{language}` text")
            return result
        text = self.string(mapping, key)
        return {language: text for language in languages} if text is not None else None
