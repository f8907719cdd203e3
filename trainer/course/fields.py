"""Reading typed fields out of marked YAML, with a diagnostic for each thing that is wrong.

Every reader returns the value when it is usable and None when it is missing or wrong, after
reporting why at the exact place. Loading goes on after an error so that one run of `trainer
validate` shows every problem of a file, not only the first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from trainer.course.diagnostics import Mark, Report, Text, phrase
from trainer.course.model import ID_PATTERN, is_valid_id
from trainer.course.yamlmarks import MarkedList, MarkedMap, Parsed
from trainer.i18n import N_
from trainer.inert import inert, visible

_TYPE_NAMES = {
    bool: N_("true or false"),
    int: N_("a whole number"),
    float: N_("a number"),
    str: N_("a string"),
    list: N_("a list"),
    dict: N_("a mapping"),
    type(None): N_("nothing"),
}

FRENCH_GUESSES: dict[str, str | tuple[str, ...]] = {
    # keys
    "retour": ("feedback", "explanation"),
    "commentaire": ("feedback", "explanation"),
    "explication": "explanation",
    "indice": "hint",
    "aide": "hint",
    "enonce": "prompt",
    "énoncé": "prompt",
    "question": "prompt",
    "titre": "title",
    "choix": "choices",
    "reponse": "answer",
    "réponse": "answer",
    "reponses": "accept",
    "réponses": "accept",
    "correcte": "correct",
    "bonne": "correct",
    "texte": "text",
    "paires": "pairs",
    "elements": "items",
    "éléments": "items",
    "points_": "points",
    "langues": "languages",
    "leçons": "lessons",
    "lecons": "lessons",
    "seuil": "pass_mark",
    "melanger": "shuffle",
    "mélanger": "shuffle",
    # question types
    "choix_unique": "single",
    "unique": "single",
    "choix_multiple": "multiple",
    "vrai_faux": "true_false",
    "vraifaux": "true_false",
    "vrai-faux": "true_false",
    "ordre": "order",
    "association": "match",
    "appariement": "match",
    "libre": "text",
}
"""What a French writer may type for a key or a question type, and the name trainer knows."""


def describe(value: Any) -> Text:
    """How a value reads in a message: its YAML kind, and the value itself when short."""
    kind = _TYPE_NAMES.get(type(value), type(value).__name__)
    if isinstance(value, (MarkedMap, dict)):
        kind = _TYPE_NAMES[dict]
    elif isinstance(value, (MarkedList, list)):
        kind = _TYPE_NAMES[list]
    if isinstance(value, bool):
        return phrase(N_("{kind} ({value})"), kind=phrase(kind), value=yaml_spelling(value))
    if isinstance(value, (int, float, str)) and len(repr(value)) <= 40:
        # repr escapes most controls; inert the rest
        return phrase(N_("{kind} ({value})"), kind=phrase(kind), value=inert(repr(value)))
    return phrase(kind)


def control_message(character: str) -> Text:
    """The warning for text holding a control character: what it is, and that it is shown inert."""
    return phrase(
        N_(
            "the text holds the control character U+{code}; it is shown as `{shown}`, never "
            "sent to the terminal: remove it"
        ),
        code=f"{ord(character):04X}",
        shown=visible(character),
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


def nearest(name: str, known: Iterable[str]) -> str | None:
    """The known name `name` was probably meant to be (a typo, a French word), or None."""
    known = list(known)
    guesses = FRENCH_GUESSES.get(name.strip().lower(), ())
    for guess in (guesses,) if isinstance(guesses, str) else guesses:
        if guess in known:  # the first guess that may be written here
            return guess
    import difflib  # only for a name that is misspelt

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return close[0] if close else None


def suggestion(key: str, known: Iterable[str]) -> Text | str:
    """' (did you mean `x`?)' for the nearest known name, or nothing when none is near."""
    close = nearest(key, known)
    return phrase(N_(" (did you mean `{name}`?)"), name=close) if close else ""


FRENCH_BOOLEANS = {"vrai": "true", "faux": "false", "oui": "true", "non": "false"}
"""French words written where YAML wants true or false."""
YAML_1_1_BOOLEAN = re.compile(r"y|yes|n|no|on|off", re.IGNORECASE)
"""Words that YAML 1.1 (PyYAML, hence trainer, for `yes`, `No`, `ON`…) reads as true or false
but YAML 1.2, which editors read, as text: written plain, the two readers disagree."""
YAML_1_1_WORDS = {
    "y": "true",
    "yes": "true",
    "on": "true",
    "n": "false",
    "no": "false",
    "off": "false",
}
DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")
"""`0,7`: a French decimal comma, which YAML reads as text."""


def _inert_params(message: Text) -> Text:
    """`message` with its text parameters made inert (they may quote the pack's text)."""
    return Text(
        message.template,
        tuple(
            (name, inert(value) if isinstance(value, str) else value)
            for name, value in message.params
        ),
    )


def what_text(what: str | Text) -> Text:
    """A `what` (the thing a message is about) as a Text: a plain file name stays as it is."""
    return what if isinstance(what, Text) else phrase("{name}", name=what)


def _unknown_key(key: str, what: str | Text, allowed: tuple[str, ...]) -> Text:
    """An unknown key: the key it probably is, else the keys that may be written there."""
    close = suggestion(key, allowed)
    if close:
        return phrase(
            N_("unknown key `{key}` in {what}{suggestion}"),
            key=key,
            what=what_text(what),
            suggestion=close,
        )
    return phrase(
        N_("unknown key `{key}` in {what}; the keys there are {keys}"),
        key=key,
        what=what_text(what),
        keys=", ".join(allowed),
    )


class FieldReader:
    """Reads the fields of one file's mappings into Python values, reporting problems."""

    def __init__(self, report: Report, path: str) -> None:
        self.report = report
        self.path = path

    def error(self, mark: Mark, code: str, message: str | Text) -> None:
        """Report an error in this file (pack text quoted in `message` is made inert)."""
        shown = _inert_params(message) if isinstance(message, Text) else inert(message)
        self.report.error(self.path, mark, code, shown)

    def warning(self, mark: Mark, code: str, message: str | Text) -> None:
        """Report a warning in this file (pack text quoted in `message` is made inert)."""
        shown = _inert_params(message) if isinstance(message, Text) else inert(message)
        self.report.warning(self.path, mark, code, shown)

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
                phrase(
                    N_(
                        "`{key}` is written twice in the same mapping; YAML would keep only the "
                        "last one: remove one of them"
                    ),
                    key=str(duplicate.key),
                ),
            )

    def plain_text(self, value: Any, written: str | None, mark: Mark) -> Any:
        """`value`, except an unquoted `Yes`, `No`, `On` or `Off` where text is expected: YAML 1.1
        made it true or false, an editor (YAML 1.2) reads it as text. It is taken as the text
        written, with a warning to quote it so that both readers agree."""
        if not isinstance(value, bool) or written is None:
            return value
        if not YAML_1_1_BOOLEAN.fullmatch(written):
            return value
        self.warning(
            mark,
            "yaml-1-1-boolean",
            phrase(
                N_(
                    "`{text}` without quotes is true or false to some YAML readers (YAML 1.1) "
                    "and text to others (your editor, YAML 1.2): put it in double quotes, "
                    '`"{text}"`'
                ),
                text=written,
            ),
        )
        return written

    def mapping(self, value: Any, mark: Mark, what: str | Text) -> MarkedMap | None:
        """`value` when it is a mapping, else None after an error."""
        if isinstance(value, MarkedMap):
            return value
        if value is None:  # an empty file, or one holding only comments
            self.error(
                mark,
                "wrong-type",
                phrase(
                    N_("{what} is empty: write its keys in it, one `key: value` per line"),
                    what=what_text(what),
                ),
            )
            return None
        self.error(
            mark,
            "wrong-type",
            phrase(
                N_("{what} must be a mapping of keys to values, not {value}"),
                what=what_text(what),
                value=describe(value),
            ),
        )
        return None

    def keys(
        self,
        mapping: MarkedMap,
        what: str | Text,
        allowed: Iterable[str],
        required: Iterable[str] = (),
        elsewhere: dict[str, Text] | None = None,
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
                    phrase(
                        N_("`{key}` does not belong in {what}: {where}"),
                        key=str(key),
                        what=what_text(what),
                        where=elsewhere[key],
                    ),
                )
            else:
                self.error(
                    mapping.key_mark(key),
                    "unknown-key",
                    _unknown_key(str(key), what, allowed),
                )
        for key in required:
            if key in mapping and mapping.get(key) is None:
                self.error(
                    mapping.key_mark(key),
                    "missing-key",
                    phrase(
                        N_("`{key}` is written but empty: give it its value after `{key}:`"),
                        key=key,
                    ),
                )
                clean = False
            elif mapping.get(key) is None:
                self.error(
                    mapping.mark,
                    "missing-key",
                    phrase(
                        N_("{what} needs `{key}`: add a `{key}:` line"),
                        what=what_text(what),
                        key=key,
                    ),
                )
                clean = False
        return clean

    def string(self, mapping: MarkedMap, key: str, *, blank_ok: bool = False) -> str | None:
        """A non-blank string; numbers are taken as written (`version: 2026.10` stays so)."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        if type(value) is str and (blank_ok or value.strip()):
            return value  # most fields of a pack: nothing to check further
        if isinstance(value, bool):
            value = self.plain_text(value, mapping.raw.get(key), mapping.value_mark(key))
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                phrase(N_("`{key}` must be a string, not {value}"), key=key, value=describe(value)),
            )
            return None
        text = value if isinstance(value, str) else mapping.raw.get(key, str(value))
        if not text.strip() and not blank_ok:
            self.error(
                mapping.value_mark(key),
                "empty-value",
                phrase(N_("`{key}` is empty: write its text after `{key}:`"), key=key),
            )
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
                phrase(
                    N_(
                        "`{key}` must match {pattern} (lower-case letters, digits and hyphens), "
                        "not {value}"
                    ),
                    key=key,
                    pattern=ID_PATTERN.pattern,
                    value=describe(value),
                ),
            )
            return None
        return value

    def boolean(self, mapping: MarkedMap, key: str) -> bool | None:
        """true or false."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        written = mapping.raw.get(key)
        if isinstance(value, bool) and written is not None and YAML_1_1_BOOLEAN.fullmatch(written):
            # `answer: yes` is true here but text in the editor (YAML 1.2), which marks it.
            self.warning(
                mapping.value_mark(key),
                "yaml-1-1-boolean",
                phrase(
                    N_(
                        "`{key}: {written}` is {value} to some YAML readers (trainer, YAML 1.1) "
                        "and text to others (your editor, YAML 1.2): write `{key}: {value}`"
                    ),
                    key=key,
                    written=written,
                    value=yaml_spelling(value),
                ),
            )
        if not isinstance(value, bool):
            word = None
            if isinstance(value, str):
                spoken = value.strip().lower()
                word = FRENCH_BOOLEANS.get(spoken) or YAML_1_1_WORDS.get(spoken)
            if word is not None:
                message = phrase(
                    N_("`{key}` must be true or false: write `{key}: {word}`, not `{value}`"),
                    key=key,
                    word=word,
                    value=value,
                )
            else:
                message = phrase(
                    N_("`{key}` must be true or false, not {value}"),
                    key=key,
                    value=describe(value),
                )
            self.error(mapping.value_mark(key), "wrong-type", message)
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
                phrase(
                    N_("`{key}` must be a whole number, not {value}"),
                    key=key,
                    value=describe(value),
                ),
            )
            return None
        if value < low or (high is not None and value > high):
            if high is not None:
                message = phrase(
                    N_("`{key}` must be at least {low} and at most {high}, not {value}"),
                    key=key,
                    low=low,
                    high=high,
                    value=value,
                )
            else:
                message = phrase(
                    N_("`{key}` must be at least {low}, not {value}"), key=key, low=low, value=value
                )
            self.error(mapping.value_mark(key), "out-of-range", message)
            return None
        return value

    def number(self, mapping: MarkedMap, key: str) -> float | None:
        """A finite real number (range checks are the caller's)."""
        value = mapping.get(key)
        if value is None:  # absent or written empty: the same to every reader
            return None
        if isinstance(value, str) and DECIMAL_COMMA.match(value):
            self.error(
                mapping.value_mark(key),
                "decimal-comma",
                phrase(
                    N_("`{key}` is a number: write it with a point, `{point}`, not `{comma}`"),
                    key=key,
                    point=value.strip().replace(",", "."),
                    comma=value.strip(),
                ),
            )
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                phrase(N_("`{key}` must be a number, not {value}"), key=key, value=describe(value)),
            )
            return None
        if not math.isfinite(value):
            self.error(
                mapping.value_mark(key),
                "wrong-type",
                phrase(
                    N_("`{key}` must be a finite number, not {value}"),
                    key=key,
                    value=str(mapping.raw.get(key, value)),
                ),
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
                phrase(
                    N_(
                        "`pass_mark` must be more than 0 and at most 1 (0.8 means 80 %), "
                        "not {value}"
                    ),
                    value=mapping["pass_mark"],
                ),
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
                phrase(
                    N_("`{key}` must be a list, not {value}"),
                    key=key,
                    value=describe(value),
                ),
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
            if type(item) is str and item.strip():
                result.append(item)  # most items: nothing to check further
                continue
            if isinstance(item, bool):
                item = self.plain_text(item, items.raw.get(index), items.item_mark(index))
            if (
                isinstance(item, bool)
                or not isinstance(item, (str, int, float))
                or not str(item).strip()
            ):
                self.error(
                    items.item_mark(index),
                    "wrong-type",
                    phrase(
                        N_("each item of `{key}` must be a non-empty string, not {value}"),
                        key=key,
                        value=describe(item),
                    ),
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
                        phrase(
                            N_(
                                "`{language}` in `{key}` is not one of the course's languages "
                                "({languages}): add it to `languages` in course.yaml or remove it"
                            ),
                            language=str(language),
                            key=key,
                            languages=", ".join(languages),
                        ),
                    )
                    continue
                text = self.string(value, language)
                if text is not None:
                    result[language] = text
            for language in languages:
                if language not in value:
                    self.error(
                        mark,
                        "missing-translation",
                        phrase(
                            N_("`{key}` has no `{language}` text: add a `{language}:` line"),
                            key=key,
                            language=language,
                        ),
                    )
            return result
        text = self.string(mapping, key)
        return {language: text for language in languages} if text is not None else None
