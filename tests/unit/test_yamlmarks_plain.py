"""The plain builder of `yamlmarks`: the usual document (no anchor, no control character, short)
is built without the accounting for aliases and limits, and must give exactly what the full
builder gives: the same values, the same places, the same duplicate keys; anything else is left to
the full builder, so that every diagnostic keeps its place."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers.packs import write_pack
from trainer.course import yamlmarks
from trainer.course.diagnostics import Mark
from trainer.course.packfiles import front_matter
from trainer.course.yamlmarks import MarkedList, MarkedMap, YamlError, parse
from trainer.quiz.pack_check import check_pack

ROOT = Path(__file__).resolve().parents[2]
PACKS = sorted(path for path in (ROOT / "tests" / "packs").iterdir() if path.is_dir())


def _documents() -> list[tuple[str, str, int]]:
    """(name, YAML text, line offset) of every YAML document of the bundled course and of the
    test packs: course files, quizzes, and lessons' front matter."""
    documents = []
    for root in (ROOT, *PACKS):
        for path in sorted(
            [root / "course.yaml", *root.glob("lessons/*.md"), *root.glob("quizzes/*.y*ml")]
        ):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            name = str(path.relative_to(ROOT))
            if path.suffix == ".md":
                split = front_matter(text)
                if split is not None:
                    documents.append((name, split[0], 1))
            else:
                documents.append((name, text, 0))
    return documents


def _shape(value: Any) -> Any:
    """Everything a marked value holds, places included, as plain comparable data."""
    if isinstance(value, MarkedMap):
        return (
            "map",
            value.mark,
            [(key, _shape(item)) for key, item in value.items()],
            value.key_marks,
            value.value_marks,
            value.raw,
        )
    if isinstance(value, MarkedList):
        return ("list", value.mark, [_shape(item) for item in value], value.item_marks, value.raw)
    return (type(value).__name__, value)


def _full(text: str, line_offset: int = 0) -> yamlmarks.Parsed:
    """What the full builder gives for `text` (as before the plain builder existed); a text
    that does not compose raises `YamlError` through `parse`, before any builder."""
    try:
        node = yamlmarks._compose(text)
    except yaml.YAMLError:
        parse(text, line_offset)
        raise AssertionError("parse accepted a text that does not compose") from None
    controls = "\\" in text or yamlmarks.CONTROLS.search(text) is not None
    builder = yamlmarks._Builder(line_offset, controls_possible=controls)
    value = builder.build(node)
    builder._check(node, 0)
    return yamlmarks.Parsed(
        value,
        yamlmarks._mark(node, line_offset),
        builder.duplicates,
        list(dict.fromkeys(builder.controls)),
    )


def _plain_builder_used(text: str) -> bool:
    controls = "\\" in text or yamlmarks.CONTROLS.search(text) is not None
    return yamlmarks._plain(text, controls)


def test_the_bundled_and_test_packs_are_mostly_built_by_the_plain_builder() -> None:
    documents = _documents()
    plain = [name for name, text, _ in documents if _plain_builder_used(text)]
    assert len(documents) > 150
    assert len(plain) > len(documents) / 2


@pytest.mark.parametrize(("name", "text", "offset"), _documents(), ids=lambda x: str(x)[:40])
def test_every_document_of_the_packs_is_built_the_same_by_both_builders(
    name: str, text: str, offset: int
) -> None:
    try:
        full = _full(text, offset)
    except YamlError as error:
        with pytest.raises(YamlError) as raised:
            parse(text, offset)
        assert (raised.value.mark, raised.value.message) == (error.mark, error.message)
        return
    parsed = parse(text, offset)
    assert _shape(parsed.value) == _shape(full.value), name
    assert parsed.mark == full.mark
    assert parsed.duplicates == full.duplicates
    assert parsed.controls == full.controls


PLAIN_CASES = {
    "duplicate key": "title: a\nquestions:\n  - id: q1\n    id: q2\n    type: single\n",
    "YAML 1.1 booleans": "shuffle: yes\nanswer: No\nitems: [on, Off, y, n]\n",
    "numbers and null": "a: 010\nb: 0x1F\nc: 1_000\nd: 1:30\ne: 3.5\nf: ~\ng: .inf\nh: 12\n",
    "keys of every kind": "1: one\ntrue: yes\nnull: x\n3.5: y\n",
    "nested flow": "a: {b: [1, {c: d}], e: [[f]]}\n",
    "block scalars": "a: |\n  line 1\n  line 2\nb: >-\n  folded\n  text\n",
    "empty values": "a:\nb: []\nc: {}\nd: ''\n",
    "timestamps and binary": "a: 2026-01-01\nb: !!binary aGk=\nc: !!str 5\n",
    "markdown bold is no alias": "prompt: 'la **situation** *vraie*'\n",
    "deep but allowed": "a: " + "[" * 63 + "1" + "]" * 63 + "\n",
}
UNUSUAL_CASES = {
    "too deep": "a: " + "[" * 70 + "1" + "]" * 70 + "\n",
    "too deep, a mapping": "a:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 70)),
    "merge key": "a: {x: 1}\nb:\n  <<: {y: 2}\n",
    "a bad integer": "a: !!int three\n",
    "a mapping as key": "? {a: 1}\n: b\n",
    "an anchor and an alias": "a: &x {b: 1}\nc: *x\nd: *x\n",
    "a control character": "a: 'x\u202ey'\nb: c\n",
    "an escape": 'a: "\\x1b[31m"\n',
}


@pytest.mark.parametrize("text", PLAIN_CASES.values(), ids=PLAIN_CASES.keys())
def test_plain_documents_give_the_full_builders_values_places_and_duplicates(text: str) -> None:
    assert _plain_builder_used(text)
    for offset in (0, 1, 7):
        parsed, full = parse(text, offset), _full(text, offset)
        assert _shape(parsed.value) == _shape(full.value)
        assert (parsed.mark, parsed.duplicates) == (full.mark, full.duplicates)


def test_a_duplicate_key_is_found_at_its_place_by_the_plain_builder() -> None:
    parsed = parse(PLAIN_CASES["duplicate key"], 1)
    assert [(d.key, d.mark) for d in parsed.duplicates] == [("id", Mark(5, 5))]
    assert parsed.value["questions"][0]["id"] == "q2"  # YAML keeps the last, as before


@pytest.mark.parametrize("text", UNUSUAL_CASES.values(), ids=UNUSUAL_CASES.keys())
def test_other_documents_get_the_full_builders_result_or_error(text: str) -> None:
    try:
        full = _full(text, 1)
    except YamlError as error:
        with pytest.raises(YamlError) as raised:
            parse(text, 1)
        assert (raised.value.mark, raised.value.message) == (error.mark, error.message)
        return
    parsed = parse(text, 1)
    assert _shape(parsed.value) == _shape(full.value)
    assert (parsed.mark, parsed.duplicates, parsed.controls) == (
        full.mark,
        full.duplicates,
        full.controls,
    )


def test_the_unusual_cases_are_not_taken_by_the_plain_builder_or_fail_there() -> None:
    """Each unusual case is either refused by `_plain` or raises in the plain builder (and is
    then built again by the full one): none is silently built the plain way."""
    for name, text in UNUSUAL_CASES.items():
        if not _plain_builder_used(text):
            continue
        node = yamlmarks._compose(text)
        with pytest.raises((yamlmarks._Unusual, YamlError)):
            yamlmarks._PlainBuilder(0, controls_possible=False).plain(node, 0)
        assert name  # the case was checked


def test_a_pack_with_each_flaw_gets_its_diagnostics_at_the_same_places(tmp_path: Path) -> None:
    """Through the whole check: a duplicate key, an alias, a control character and a YAML 1.1
    boolean are each reported at their line and column."""
    root = write_pack(
        tmp_path / "pack",
        quiz=(
            "title: Quiz\n"
            "questions:\n"
            "  - id: q1\n"
            "    type: true_false\n"
            "    prompt: Vrai ?\n"
            "    prompt: Vrai ou faux ?\n"
            "    explanation: Parce que.\n"
            "    answer: yes\n"
            "  - id: q2\n"
            "    type: single\n"
            "    prompt: &p 'Laquelle\u202e ?'\n"
            "    explanation: *p\n"
            "    choices:\n"
            "      - text: Oui\n"
            "        correct: true\n"
            "      - text: Non\n"
        ),
    )
    _, diagnostics = check_pack(root)
    found = {(d.line, d.column, d.code) for d in diagnostics if d.path.startswith("quizzes/")}
    assert (6, 5, "duplicate-key") in found
    assert (8, 13, "yaml-1-1-boolean") in found
    assert (11, 13, "control-character") in found  # where the anchored node starts


def _tags(node: yaml.Node) -> list[str]:
    """The tag of every node, depth first."""
    tags = [node.tag]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            tags += _tags(key) + _tags(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            tags += _tags(item)
    return tags


SCALARS = (
    "a: [true, True, TRUE, false, yes, No, on, OFF, y, n, ~, null, Null, '', 0, 7, 10, 010,"
    " 0o17, 0x1F, 0b101, +12, -12, 1_000, 1:30, 123456789, 1234567890123, 3.5, .5, 1e3, .inf,"
    " -.Inf, .NaN, 2026-01-01, 2026-01-01 10:00:00, '12', \"yes\", <<x, '~', ١٢]\n"
)


def test_the_composer_resolves_every_tag_as_pyyaml_does() -> None:
    for name, text, _ in [*_documents(), ("scalars", SCALARS, 0), ("value", "a: =\n", 0)]:
        try:
            ours = yamlmarks._compose(text)
        except yaml.YAMLError:
            continue
        theirs = yaml.compose(text, Loader=yaml.SafeLoader)
        assert (ours is None) == (theirs is None), name
        if ours is not None:
            assert _tags(ours) == _tags(theirs), name


def test_booleans_and_integers_read_as_pyyaml_reads_them() -> None:
    ours = parse(SCALARS).value["a"]
    theirs = yaml.safe_load(SCALARS)["a"]
    assert [(type(x), x) for x in ours if x == x] == [(type(x), x) for x in theirs if x == x]


def test_the_keys_of_a_question_of_unknown_type_are_named_in_the_same_order_every_run() -> None:
    """They were gathered through a set, whose order changes with Python's string hashing: the
    same pack gave `trainer validate` a different message from one run to the next."""
    script = "from trainer.course.questions import _ANY_KEYS; print(','.join(_ANY_KEYS))"
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert len(runs) == 1
