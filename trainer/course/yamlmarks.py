"""YAML with marks: safe loading that keeps the line and column of every key and value.

PyYAML's safe loader builds plain values and forgets where they came from. Here the document is
composed into nodes (safe, no Python tags) and turned into `MarkedMap` and `MarkedList`, which are
a dict and a list that remember the place of each key and item, so that the validator can point at
the exact line of a typo.
"""

from __future__ import annotations

import gc
import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from trainer.course.diagnostics import Mark, Text, phrase
from trainer.i18n import N_
from trainer.inert import CONTROLS
from trainer.records import Record, init

try:  # LibYAML is much faster when the wheel has it; the pure-Python loader is the same format.
    from yaml import CSafeLoader as _Loader
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _Parser = _Loader  # type: ignore[assignment,misc]


STRING_TAG = "tag:yaml.org,2002:str"
SEQUENCE_TAG = "tag:yaml.org,2002:seq"
MAPPING_TAG = "tag:yaml.org,2002:map"
_WILDCARD = _Loader.yaml_implicit_resolvers.get(None, [])
_PATTERNS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers + _WILDCARD)
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}
"""The safe loader's patterns for a plain scalar (`true`, `12`, `~`…), by first character, as
PyYAML registers them when it is imported (none registered later by other code applies here)."""
_NO_PATTERNS = tuple(_WILDCARD)


class _Composer(_Parser):
    """LibYAML's parser and composer, with the safe loader's tags found in fewer steps (and
    without the constructor's and resolver's set-up, which composing does not use).

    LibYAML's composer calls Python for the tag of every node, and around every node for path
    resolvers: hundreds of thousands of calls for a large pack, a sixth of its composing time. A
    quoted scalar and a collection take their default tags; a plain scalar's text is matched
    against the patterns for its first character, as PyYAML's resolver does. The safe loader has
    no path resolver, so that the calls around each node need not run any Python.
    """

    def resolve(
        self,
        kind: type,
        value: Any,
        implicit: tuple[bool, bool],
        patterns: Any = _PATTERNS.get,  # bound once: looked up for every node
        none: tuple[tuple[str, re.Pattern[str]], ...] = _NO_PATTERNS,
    ) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, pattern in patterns(value[:1], none):
                    if pattern.match(value):
                        return tag
            return STRING_TAG
        if kind is SequenceNode:
            return SEQUENCE_TAG
        return MAPPING_TAG

    # Called with (parent node, index) and with nothing: C callables that make a throwaway slice
    # and the empty tuple cost a tenth of a Python function that returns at once.
    descend_resolver = staticmethod(slice)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]


def _compose(text: str) -> yaml.Node | None:
    """The node tree of the one document of `text` (None when it is empty), as `yaml.compose`
    makes it."""
    composer = _Composer(text)
    try:
        return composer.get_single_node()  # type: ignore[no-any-return]
    finally:
        composer.dispose()


MAX_NODES = 400_000
"""More values than this in one document (aliases expanded) is refused: it is an alias bomb, not
a course. A quiz of 10,000 four-choice questions holds about 250,000. Building 400,000 takes
about a second and a few hundred MB at most."""

SMALL_TEXT = MAX_NODES // 3
"""A text this short cannot hold more than MAX_NODES nodes (a node takes at least one character,
or an indicator such as `:` or `-` that makes at most three empty ones), so it needs no count
before it is composed."""

BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
MERGE_TAG = "tag:yaml.org,2002:merge"

MAX_DEPTH = 64
"""Deeper nesting than this is refused: no part of the format nests more than a few levels."""

LONG_TEXT = 256
"""A string at least this long is built and checked once however many aliases name it; a shorter
one is checked at each reference, which the node limit bounds (keeping every short string out of
the table of built nodes keeps building fast)."""

SAFE_NESTING = 10_000
"""LibYAML's composer recurses in C once a level and crashes the process past about 25,000 levels
(measured with PyYAML 6.0.3): a text that could nest deeper than this is checked event by event
before it is composed."""

MAX_TEXT = 16 * 1024 * 1024
"""More characters of text than this in one document, aliases expanded, is refused: one long
anchored string referenced thousands of times is a few MB to read but gigabytes for whatever walks
the values (validation, the screens). It is three times the largest pack file, written out."""


class YamlError(Exception):
    """A document that is not valid YAML, or too large or deep to be a pack file."""

    def __init__(self, message: str | Text, mark: Mark) -> None:
        self.text = message if isinstance(message, Text) else phrase("{problem}", problem=message)
        self.message = self.text.render()
        """The message in English; `text` translates it."""
        super().__init__(self.message)
        self.mark = mark


_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def _pack(mark: Mark) -> int:
    """A mark packed into one int (line in the high bits, column in the low ones)."""
    return mark.line << _COLUMN_BITS | mark.column


def _unpack(place: int) -> Mark:
    return Mark(place >> _COLUMN_BITS, place & _COLUMN_MASK)


class MarkedMap(dict):
    """A mapping that knows where it starts and where each of its keys and values stands."""

    # Places are kept as packed ints and become `Mark`s only when asked for (a diagnostic, or a
    # caller reading `key_marks`): a large quiz has hundreds of thousands of places, and ints are
    # cheaper to make than frozen dataclasses and are never scanned by the cyclic collector.
    __slots__ = ("_key_places", "_place", "_value_places", "raw")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self._place = _pack(mark)
        self._key_places: dict[Any, int] = {}
        self._value_places: dict[Any, int] = {}
        self.raw: dict[Any, str] = {}
        """The text of each plain value as written (`010` stays `010`, not 8)."""

    @property
    def mark(self) -> Mark:
        """Where the mapping starts."""
        return _unpack(self._place)

    @property
    def line(self) -> int:
        """The line where the mapping starts (its `mark`'s, without making the mark)."""
        return self._place >> _COLUMN_BITS

    @property
    def key_marks(self) -> dict[Any, Mark]:
        """Where each key is written."""
        return {key: _unpack(place) for key, place in self._key_places.items()}

    @property
    def value_marks(self) -> dict[Any, Mark]:
        """Where each value is written."""
        return {key: _unpack(place) for key, place in self._value_places.items()}

    def key_mark(self, key: Any) -> Mark:
        """Where `key` is written, or where the mapping starts if it is absent."""
        return _unpack(self._key_places.get(key, self._place))

    def value_mark(self, key: Any) -> Mark:
        """Where the value of `key` is written, or where the mapping starts if it is absent."""
        return _unpack(self._value_places.get(key, self._place))


class MarkedList(list):
    """A sequence that knows where it starts and where each item stands."""

    __slots__ = ("_item_places", "_place", "raw")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self._place = _pack(mark)
        self._item_places: list[int] = []
        self.raw: dict[int, str] = {}
        """The text of each plain item as written."""

    @property
    def mark(self) -> Mark:
        """Where the sequence starts."""
        return _unpack(self._place)

    @property
    def item_marks(self) -> list[Mark]:
        """Where each item is written."""
        return [_unpack(place) for place in self._item_places]

    def item_mark(self, index: int) -> Mark:
        """Where item `index` is written."""
        if 0 <= index < len(self._item_places):
            return _unpack(self._item_places[index])
        return self.mark


class ControlCharacter(Record):
    """A string value holding a terminal or bidi control: shown inert, and worth a warning."""

    __slots__ = ("character", "mark")
    character: str
    mark: Mark

    def __init__(self, character: str, mark: Mark) -> None:
        init(self, character, mark)


class DuplicateKey(Record):
    """A key written twice in one mapping: YAML keeps the last silently, the validator does not."""

    __slots__ = ("key", "mark")
    key: str
    mark: Mark

    def __init__(self, key: str, mark: Mark) -> None:
        init(self, key, mark)


def _mark(node: yaml.Node, line_offset: int) -> Mark:
    return Mark(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def _event_mark(event: yaml.Event, line_offset: int) -> Mark:
    # The parser marks every event it makes; only an event built by hand has no mark.
    start = event.start_mark
    if start is None:
        return Mark(1 + line_offset, 1)
    return Mark(start.line + 1 + line_offset, start.column + 1)


def _new_map(place: int) -> MarkedMap:
    """An empty MarkedMap starting at a packed place (no `Mark` made)."""
    result = dict.__new__(MarkedMap)
    result._place = place
    result._key_places = {}
    result._value_places = {}
    result.raw = {}
    return result


def _new_list(place: int) -> MarkedList:
    """An empty MarkedList starting at a packed place (no `Mark` made)."""
    result = list.__new__(MarkedList)
    result._place = place
    result._item_places = []
    result.raw = {}
    return result


class _Builder:
    """Turns a composed node tree into marked values, counting nodes to stop alias bombs."""

    def __init__(self, line_offset: int, controls_possible: bool = True) -> None:
        self.line_offset = line_offset
        self.base = 1 + line_offset
        """Added to LibYAML's 0-based line for the 1-based line in the file."""
        # Only the scalar constructors are used: a bare SafeConstructor has them all, without the
        # reader, scanner and parser a whole SafeLoader would build for every document.
        self.constructor = SafeConstructor()
        self.count = 0
        self.duplicates: list[DuplicateKey] = []
        self.controls: list[ControlCharacter] = []
        self.controls_possible = controls_possible
        """False when the text holds neither a control character nor a backslash escape, so that
        no value can hold one and the search in each value is skipped."""
        self.text = 0
        """Characters of text built so far, aliases expanded (see MAX_TEXT)."""
        self.deepest = 0
        """The deepest level built so far in the node being built (see `build`)."""
        self.built: dict[int, tuple[Any, int, int, int]] = {}
        """Node identity → (value, nodes, characters, height) for every mapping, sequence and
        long string built: an alias is the same node met again, and is counted from here instead
        of being built and checked again (PyYAML shares the value of an alias the same way)."""

    def place(self, node: yaml.Node) -> int:
        """Where `node` starts, packed (see `_pack`)."""
        start = node.start_mark
        return (start.line + self.base) << _COLUMN_BITS | (start.column + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        """The value of `node`, built and checked once however many aliases refer to it; what it
        expands to (nodes, text, depth) is counted at every reference, against the limits."""
        if (
            isinstance(node, ScalarNode) and len(node.value) < LONG_TEXT
        ):  # most nodes: no need to remember them
            self.count += 1
            if self.count > MAX_NODES or self.text > MAX_TEXT or depth > MAX_DEPTH:
                self._check(node, depth)
            return self.scalar(node)
        seen = self.built.get(id(node))
        if seen is not None:
            value, nodes, text, height = seen
            self.count += nodes
            self.text += text
            if depth + height > self.deepest:
                self.deepest = depth + height
            self._check(node, depth + height)
            return value
        self.count += 1
        if self.count > MAX_NODES or self.text > MAX_TEXT or depth > MAX_DEPTH:
            self._check(node, depth)
        if isinstance(node, ScalarNode):
            value = self.scalar(node)
            self.built[id(node)] = (value, 1, len(node.value), 0)
            return value
        count, text, outer = self.count - 1, self.text, self.deepest
        self.deepest = depth
        if isinstance(node, MappingNode):
            value = self.mapping(node, depth + 1)
        elif isinstance(node, SequenceNode):
            value = self.sequence(node, depth + 1)
        else:  # PyYAML composes no other kind of node
            raise TypeError(f"unknown YAML node: {type(node).__name__}")
        self.built[id(node)] = (value, self.count - count, self.text - text, self.deepest - depth)
        if outer > self.deepest:
            self.deepest = outer
        return value

    def _check(self, node: yaml.Node, depth: int) -> None:
        """Refuse the document once it expands past a limit (checked where `node` stands)."""
        if self.count > MAX_NODES:
            raise YamlError(
                phrase(
                    N_("the document expands to more than {count} values (an alias bomb?)"),
                    count=f"{MAX_NODES:,}",
                ),
                _mark(node, self.line_offset),
            )
        if self.text > MAX_TEXT:
            raise YamlError(
                phrase(
                    N_("the document expands to more than {size} MB of text (an alias bomb?)"),
                    size=MAX_TEXT // (1024 * 1024),
                ),
                _mark(node, self.line_offset),
            )
        if depth > MAX_DEPTH:
            raise YamlError(_too_deep(), _mark(node, self.line_offset))

    def mapping(self, node: MappingNode, depth: int) -> MarkedMap:
        """A MarkedMap of the node's entries, each built at `depth`."""
        base = self.base
        build = self.build
        result = _new_map(self.place(node))
        key_places = result._key_places
        value_places = result._value_places
        raw = result.raw
        # A plain string needs none of `build`'s work but its count, when no check can fail: it
        # is most of a pack, and is taken here without the two calls.
        plain = not self.controls_possible and depth <= MAX_DEPTH
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlError(
                    phrase(N_("a key must be a plain value")), _mark(key_node, self.line_offset)
                )
            if (
                plain
                and key_node.tag == STRING_TAG
                and self.count < MAX_NODES
                and self.text < MAX_TEXT
            ):
                self.count += 1
                key = key_node.value
                self.text += len(key)
            else:
                key = build(key_node, depth)
                if not isinstance(key, str):
                    key = str(key) if key is not None else ""
            start = key_node.start_mark
            key_place = (start.line + base) << _COLUMN_BITS | (start.column + 1)
            if key in result:
                self.duplicates.append(DuplicateKey(key, _unpack(key_place)))
            if isinstance(value_node, ScalarNode):
                if (
                    plain
                    and value_node.tag == STRING_TAG
                    and self.count < MAX_NODES
                    and self.text < MAX_TEXT
                ):
                    self.count += 1
                    self.text += len(value_node.value)
                    result[key] = value_node.value
                else:
                    result[key] = build(value_node, depth)
                raw[key] = value_node.value
            else:
                result[key] = build(value_node, depth)
            key_places[key] = key_place
            start = value_node.start_mark
            value_places[key] = (start.line + base) << _COLUMN_BITS | (start.column + 1)
        return result

    def sequence(self, node: yaml.SequenceNode, depth: int) -> MarkedList:
        """A MarkedList of the node's items, each built at `depth`."""
        base = self.base
        build = self.build
        result = _new_list(self.place(node))
        item_places = result._item_places
        raw = result.raw
        plain = not self.controls_possible and depth <= MAX_DEPTH  # as in `mapping`
        for index, item in enumerate(node.value):
            if isinstance(item, ScalarNode):
                if (
                    plain
                    and item.tag == STRING_TAG
                    and self.count < MAX_NODES
                    and self.text < MAX_TEXT
                ):
                    self.count += 1
                    self.text += len(item.value)
                    result.append(item.value)
                else:
                    result.append(build(item, depth))
                raw[index] = item.value
            else:
                result.append(build(item, depth))
            start = item.start_mark
            item_places.append((start.line + base) << _COLUMN_BITS | (start.column + 1))
        return result

    def scalar(self, node: ScalarNode) -> Any:
        """The node's value, after noting any control character in it."""
        self.text += len(node.value)
        if self.controls_possible:
            control = CONTROLS.search(node.value)
            if control:
                self.controls.append(
                    ControlCharacter(control.group(), _mark(node, self.line_offset))
                )
        tag = node.tag
        if tag == STRING_TAG:
            return node.value  # what PyYAML's string constructor returns, without the call
        if tag == BOOL_TAG:  # `correct: true`: PyYAML's own table, without the call
            value = self.constructor.bool_values.get(node.value.lower())
            if value is not None:
                return value
        elif tag == INT_TAG and len(node.value) < 10 and node.value.isdecimal():
            written = node.value
            if written.isascii() and written[0] != "0":
                return int(written)  # what PyYAML's constructor does with plain digits
        if tag == MERGE_TAG:
            # `<<: *modele` copies an anchored mapping: handy for programmers, but a reader of the
            # file no longer sees the question whole, and the places of its keys are lost.
            raise YamlError(
                phrase(
                    N_(
                        "`<<:` (copying a block written elsewhere with & and *) is not supported "
                        "in a pack: write each question's keys in full"
                    )
                ),
                _mark(node, self.line_offset),
            )
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as error:
            raise YamlError(_problem(error), _mark(node, self.line_offset)) from None
        except Exception:  # PyYAML's constructors raise plain errors on `!!int three` and the like
            raise YamlError(
                phrase(
                    N_("cannot read {value} as {tag}"),
                    value=repr(node.value),
                    tag=node.tag.rsplit(":", 1)[-1],
                ),
                _mark(node, self.line_offset),
            ) from None


class _Unusual(Exception):
    """Raised by `_PlainBuilder` for anything but the plain case: `_Builder` builds it again."""


class _PlainBuilder(_Builder):
    """Builds the usual document, with no alias, no control character and under the node limit
    (see `_plain`), without the accounting `_Builder` needs for the others.

    Only `_Builder`'s count of nodes and characters, and its table of nodes already built, are
    left out: with no anchor, hence no alias, they cannot pass their limits (the text is too
    short) nor meet a node twice. A node nested too deep raises `_Unusual`, and then, as after
    any error, the document is built again by `_Builder`, whose result or error stands. For the
    plain case both give the same values, places and duplicate keys (tested).
    """

    def plain(self, node: yaml.Node, depth: int) -> Any:
        """The value of `node`, at `depth`."""
        if depth > MAX_DEPTH:
            raise _Unusual
        if isinstance(node, ScalarNode):
            if node.tag == STRING_TAG:
                return node.value
            return self.scalar(node)
        if isinstance(node, MappingNode):
            return self.plain_mapping(node, depth + 1)
        if isinstance(node, SequenceNode):
            return self.plain_sequence(node, depth + 1)
        raise _Unusual  # pragma: no cover - PyYAML composes no other kind of node

    def plain_mapping(self, node: MappingNode, depth: int) -> MarkedMap:
        """`_Builder.mapping` for the plain case."""
        base = self.base
        plain = self.plain
        result = _new_map(self.place(node))
        key_places = result._key_places
        value_places = result._value_places
        raw = result.raw
        if depth > MAX_DEPTH and node.value:
            raise _Unusual
        for key_node, value_node in node.value:
            if key_node.tag == STRING_TAG and isinstance(key_node, ScalarNode):
                key = key_node.value
            else:
                if not isinstance(key_node, ScalarNode):
                    raise _Unusual
                key = self.scalar(key_node)
                if not isinstance(key, str):
                    key = str(key) if key is not None else ""
            start = key_node.start_mark
            key_place = (start.line + base) << _COLUMN_BITS | (start.column + 1)
            if key in result:
                self.duplicates.append(DuplicateKey(key, _unpack(key_place)))
            if isinstance(value_node, ScalarNode):
                written = value_node.value
                result[key] = written if value_node.tag == STRING_TAG else self.scalar(value_node)
                raw[key] = written
            else:
                result[key] = plain(value_node, depth)
            key_places[key] = key_place
            start = value_node.start_mark
            value_places[key] = (start.line + base) << _COLUMN_BITS | (start.column + 1)
        return result

    def plain_sequence(self, node: SequenceNode, depth: int) -> MarkedList:
        """`_Builder.sequence` for the plain case."""
        base = self.base
        plain = self.plain
        result = _new_list(self.place(node))
        item_places = result._item_places
        raw = result.raw
        if depth > MAX_DEPTH and node.value:
            raise _Unusual
        for index, item in enumerate(node.value):
            if isinstance(item, ScalarNode):
                written = item.value
                result.append(written if item.tag == STRING_TAG else self.scalar(item))
                raw[index] = written
            else:
                result.append(plain(item, depth))
            start = item.start_mark
            item_places.append((start.line + base) << _COLUMN_BITS | (start.column + 1))
        return result


def _plain(text: str, controls_possible: bool) -> bool:
    """Whether a document can be built by `_PlainBuilder`: no value can hold a control character,
    no node is named twice (an alias, `*name`, needs an anchor, `&name`, which the composer
    checks), and the text is too short to hold MAX_NODES nodes (see SMALL_TEXT; without aliases,
    neither can it expand past MAX_TEXT characters). Markdown's `**bold**` is no alias."""
    return not controls_possible and "&" not in text and len(text) <= SMALL_TEXT


def _too_deep() -> Text:
    return phrase(N_("the document nests deeper than {depth} levels"), depth=MAX_DEPTH)


_SINGLE_QUOTED = re.compile(r"(?:^|[:\-\[,{]\s*)'[^'\n]*'(?=[^\s'#,\]}])")
"""A single-quoted text closed too early by an apostrophe: `'il s'agit'`."""
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?[^:#'\"]+:\s")
"""A line's key and its colon: `  - prompt: `."""
_KEY_WORD = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)")


def _writer_mistake(text: str, error: yaml.MarkedYAMLError, line_offset: int) -> YamlError | None:
    """The usual mistake of a writer behind a parser's error, with its fix, on the line where it
    was made; None when it is none of them (the parser's own words are given then)."""
    lines = text.split("\n")
    problem = error.problem_mark
    context = error.context_mark or problem
    if problem is None or context is None:
        return None
    first, last = min(context.line, problem.line), problem.line
    words = str(error.problem)
    for index in range(first, min(last, len(lines) - 1) + 1):
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip(" \t"))]
        if "\t" in indent:
            return YamlError(
                phrase(
                    N_(
                        "a tab in the indentation: YAML indents with spaces only; replace the "
                        "tab with spaces"
                    )
                ),
                Mark(index + 1 + line_offset, indent.index("\t") + 1),
            )
    if "could not find expected ':'" in words and context.line < len(lines):
        line = lines[context.line]
        found = _KEY_WORD.match(line)
        key = found.group(2) if found else line.strip().split(" ")[0]
        column = len(found.group(1)) + 1 if found else context.column + 1
        return YamlError(
            phrase(N_("a `:` is missing after `{key}`: write `{key}: …`"), key=key),
            Mark(context.line + 1 + line_offset, column),
        )
    for index in range(first, min(last, len(lines) - 1) + 1):
        found = _SINGLE_QUOTED.search(lines[index])
        if found:
            return YamlError(
                phrase(
                    N_(
                        "an apostrophe ends a text written between single quotes: put the text "
                        'between double quotes ("…") instead'
                    )
                ),
                Mark(index + 1 + line_offset, found.end()),
            )
    key = _KEY_VALUE.match(lines[problem.line]) if problem.line < len(lines) else None
    if "mapping values are not allowed" in words and key and problem.column >= key.end():
        # A `: ` after the key's own, inside the value: a sentence with French typography.
        return YamlError(
            phrase(
                N_(
                    "the text holds « : » (a colon and a space), which YAML takes for a new key: "
                    'put the whole text between double quotes ("…")'
                )
            ),
            Mark(problem.line + 1 + line_offset, problem.column + 1),
        )
    return None


def _problem(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    return f"{context}: {problem}" if context else problem


class Parsed(Record, mutable=True):
    """A parsed document: its value (None when empty), its place, and keys written twice."""

    __slots__ = ("controls", "duplicates", "mark", "value")
    value: Any
    mark: Mark
    duplicates: list[DuplicateKey]
    controls: list[ControlCharacter]

    def __init__(
        self,
        value: Any,
        mark: Mark,
        duplicates: list[DuplicateKey],
        controls: list[ControlCharacter] | None = None,
    ) -> None:
        init(self, value, mark, duplicates, [] if controls is None else controls)


def parse(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document safely, keeping marks; raise `YamlError` with a place on failure.

    `line_offset` is added to every line, for YAML that starts below the top of its file (front
    matter).
    """
    # Composing and building create many objects and no cycles: the cyclic collector would only
    # scan them again and again (it doubles the time of a large quiz).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, line_offset)
    finally:
        if collecting:
            gc.enable()


def _nesting_indicators(text: str) -> int:
    """How many characters of `text` may open a collection with no indentation (`[`, `{`, and
    `-` and `?` for compact sequences and keys): a bound on how deep its flow can nest."""
    return text.count("[") + text.count("{") + text.count("-") + text.count("?")


def _prescan(text: str, line_offset: int) -> None:
    """Refuse, before composing it, a document of more than MAX_NODES nodes or nested deeper than
    MAX_DEPTH: composing keeps every node in memory at once, and LibYAML's composer recurses in C,
    so that tens of thousands of `[` crash the process. The events are counted one by one and
    dropped (the parser keeps its own stack, it does not recurse)."""
    if len(text) <= SMALL_TEXT and _nesting_indicators(text) <= SAFE_NESTING:
        # Too short to hold that many nodes; and without that many of the indicators that open
        # a collection in a few characters, nesting deeper needs more indentation at every level
        # (10,000 levels would take 50 million spaces).
        return
    parser = _Loader(text)
    try:
        count = 0
        open_collections = 0
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.NodeEvent):
                count += 1
                if count > MAX_NODES:
                    raise YamlError(
                        phrase(
                            N_("the document holds more than {count} values; split it"),
                            count=f"{MAX_NODES:,}",
                        ),
                        _event_mark(event, line_offset),
                    )
            if isinstance(event, yaml.CollectionStartEvent):
                open_collections += 1
                if open_collections > MAX_DEPTH + 1:  # the top collection is at depth 0
                    raise YamlError(
                        _too_deep(),
                        _event_mark(event, line_offset),
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                open_collections -= 1
    finally:
        parser.dispose()


def _parse(text: str, line_offset: int) -> Parsed:
    try:
        _prescan(text, line_offset)
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        place = error.problem_mark or error.context_mark
        mark = Mark(place.line + 1 + line_offset, place.column + 1) if place else Mark(1, 1)
        if "maximum nesting depth" in str(error.problem):
            # LibYAML 0.2.5 (PyYAML 6.0.4 wheels) stops at its own depth, far past ours: the same
            # mistake gets the same message whichever LibYAML reads it.
            raise YamlError(_too_deep(), mark) from None
        raise _writer_mistake(text, error, line_offset) or YamlError(
            phrase(N_("invalid YAML: {problem}"), problem=_problem(error)), mark
        ) from None
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line = before.count("\n") + 1 + line_offset
        column = error.position - (before.rfind("\n") + 1) + 1
        character = (
            f"#x{error.character:04x}"
            if isinstance(error.character, int)
            else repr(error.character)
        )
        raise YamlError(
            phrase(
                N_("invalid YAML: character {character} is not allowed ({reason}): remove it"),
                character=character,
                reason=error.reason,
            ),
            Mark(line, column),
        ) from None
    except yaml.YAMLError as error:
        raise YamlError(
            phrase(N_("invalid YAML: {problem}"), problem=_problem(error)), Mark(1 + line_offset, 1)
        ) from None
    except RecursionError:
        raise YamlError(
            phrase(N_("the document nests too deeply")), Mark(1 + line_offset, 1)
        ) from None
    if node is None:
        return Parsed(None, Mark(1 + line_offset, 1), [])
    # A value can hold a control character only if the text does, or writes one as an escape.
    controls_possible = "\\" in text or CONTROLS.search(text) is not None
    if _plain(text, controls_possible):
        plain = _PlainBuilder(line_offset, controls_possible=False)
        try:
            value = plain.plain(node, 0)
        except (_Unusual, YamlError, RecursionError):
            pass  # built again below, where the error (if any) is found and reported
        else:
            return Parsed(value, _mark(node, line_offset), plain.duplicates, [])
    builder = _Builder(line_offset, controls_possible=controls_possible)
    try:
        value = builder.build(node)
        builder._check(node, 0)  # the last strings may have been counted without a check
    except RecursionError:
        raise YamlError(
            phrase(N_("the document nests too deeply")), _mark(node, line_offset)
        ) from None
    # A short string named by several aliases is checked at each: one warning for its one place.
    return Parsed(
        value, _mark(node, line_offset), builder.duplicates, list(dict.fromkeys(builder.controls))
    )
