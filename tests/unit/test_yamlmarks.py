"""The marked YAML parser: values as plain dicts and lists that remember where each part stands."""

from __future__ import annotations

import pytest

from trainer.course import yamlmarks
from trainer.course.diagnostics import Mark
from trainer.course.yamlmarks import (
    DuplicateKey,
    MarkedList,
    MarkedMap,
    YamlError,
    parse,
)


def test_values_are_plain_and_remember_their_places() -> None:
    parsed = parse("a: 1\nb:\n  - x\n  - {c: d}\n")
    assert parsed.value == {"a": 1, "b": ["x", {"c": "d"}]}
    assert parsed.mark == Mark(1, 1)
    assert parsed.duplicates == []
    top = parsed.value
    assert (
        isinstance(top, MarkedMap)
        and isinstance(top["b"], MarkedList)
        and isinstance(top["b"][1], MarkedMap)
    )
    assert top.key_marks == {"a": Mark(1, 1), "b": Mark(2, 1)}
    assert top.value_marks == {"a": Mark(1, 4), "b": Mark(3, 3)}
    assert top["b"].item_marks == [Mark(3, 5), Mark(4, 5)]
    assert top["b"][1].key_mark("c") == Mark(4, 6)


def test_absent_keys_and_items_fall_back_to_where_the_collection_starts() -> None:
    top = parse("x: 0\nm:\n  k: v\nl: [1]\n").value
    assert top["m"].key_mark("nope") == Mark(3, 3)
    assert top["m"].value_mark("nope") == Mark(3, 3)
    assert top["l"].item_mark(5) == Mark(4, 4)
    assert top["l"].item_mark(-1) == Mark(4, 4)


def test_line_offset_moves_every_mark() -> None:
    parsed = parse("a: 1\nb: [2]\n", line_offset=3)
    assert parsed.mark == Mark(4, 1)
    assert parsed.value.key_marks == {"a": Mark(4, 1), "b": Mark(5, 1)}
    assert parsed.value["b"].item_marks == [Mark(5, 5)]


@pytest.mark.parametrize("text", ["", "# a comment only\n", "\n\n"])
def test_empty_document_is_none(text: str) -> None:
    parsed = parse(text)
    assert parsed.value is None and parsed.mark == Mark(1, 1) and parsed.duplicates == []


def test_empty_document_with_offset_starts_below() -> None:
    assert parse("", line_offset=1).mark == Mark(2, 1)


def test_duplicate_keys_are_kept_last_and_reported_at_the_second() -> None:
    parsed = parse("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert parsed.value == {"a": 3, "b": {"c": 2}}
    assert parsed.duplicates == [DuplicateKey("c", Mark(4, 3)), DuplicateKey("a", Mark(5, 1))]


def test_scalar_keys_become_strings() -> None:
    assert parse("1: a\nnull: b\n2.5: c\n").value == {"1": "a", "": "b", "2.5": "c"}


def test_byte_order_mark_is_ignored() -> None:
    assert parse("\ufeffa: 1\n").value == {"a": 1}


@pytest.mark.parametrize(
    ("text", "offset", "mark", "message"),
    [
        pytest.param(
            "a: 1\n  b: 2\n",
            0,
            Mark(2, 4),
            "invalid YAML: mapping values are not allowed in this context",
            id="indentation",
        ),
        pytest.param(
            "a:\n\tb: 1\n",
            0,
            Mark(2, 1),
            "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces",
            id="tab",
        ),
        pytest.param(
            "a: 'open\n",
            0,
            Mark(2, 1),
            "invalid YAML: while scanning a quoted scalar: found unexpected end of stream",
            id="unclosed quote",
        ),
        pytest.param(
            "- a\nb: 1\n",
            0,
            Mark(2, 1),
            "invalid YAML: while parsing a block collection: did not find expected '-' indicator",
            id="list then map",
        ),
        pytest.param(
            "x: [a\n",
            1,
            Mark(3, 1),
            "invalid YAML: while parsing a flow sequence: did not find expected ',' or ']'",
            id="with an offset",
        ),
        pytest.param(
            "a: 1\n---\nb: 2\n",
            0,
            Mark(2, 1),
            "invalid YAML: expected a single document in the stream: but found another document",
            id="two documents",
        ),
        pytest.param(
            "a: &x 1\nb: *y\n",
            0,
            Mark(2, 4),
            "invalid YAML: found undefined alias",
            id="undefined alias",
        ),
        pytest.param(
            "? [a, b]\n: c\n", 0, Mark(1, 3), "a key must be a plain value", id="list as a key"
        ),
        pytest.param(
            "a: !thing x\n",
            0,
            Mark(1, 4),
            "could not determine a constructor for the tag '!thing'",
            id="local tag",
        ),
        pytest.param(
            "a: !!python/name:os.system\n",
            0,
            Mark(1, 4),
            "could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/name:os.system'",
            id="python tag",
        ),
    ],
)
def test_errors_carry_a_place(text: str, offset: int, mark: Mark, message: str) -> None:
    with pytest.raises(YamlError) as raised:
        parse(text, line_offset=offset)
    assert raised.value.mark == mark
    assert raised.value.message == message
    assert str(raised.value) == message


def test_python_object_tags_build_nothing_but_plain_data() -> None:
    assert parse("!!python/object/apply:os.system ['echo hi']\n").value == ["echo hi"]


def test_aliases_are_expanded_where_they_are_used() -> None:
    parsed = parse("a: &x [1, 2]\nb: *x\n")
    assert parsed.value == {"a": [1, 2], "b": [1, 2]}
    assert parsed.value["b"].mark == Mark(1, 4)  # an alias keeps the place of its anchor


def test_node_limit_counts_every_expanded_value(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: &x [1, 2, 3]\nb: [*x, *x]\n"  # 1 + (1 + 1 + 3) + (1 + 1 + 4 + 4) = 16 values
    monkeypatch.setattr(yamlmarks, "MAX_NODES", 16)
    assert parse(text).value["b"] == [[1, 2, 3], [1, 2, 3]]
    monkeypatch.setattr(yamlmarks, "MAX_NODES", 15)
    with pytest.raises(YamlError) as raised:
        parse(text)
    assert raised.value.message == "the document expands to more than 15 values (an alias bomb?)"


def test_alias_bomb_is_refused() -> None:
    levels = ["a: &a [" + ", ".join(["x"] * 10) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    with pytest.raises(YamlError) as raised:
        parse("\n".join(levels) + "\n")
    assert (
        raised.value.message
        == f"the document expands to more than {yamlmarks.MAX_NODES:,} values (an alias bomb?)"
    )
    assert raised.value.mark.line >= 1


def test_nesting_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse("[" * 64 + "]" * 64)  # 64 lists inside one another: depths 0 to 63
    assert parse("a: " + "[" * 64 + "]" * 64)  # depth 64 is still allowed
    with pytest.raises(YamlError) as raised:
        parse("a: " + "[" * 65 + "]" * 65)
    assert raised.value.message == "the document nests deeper than 64 levels"
    assert raised.value.mark == Mark(1, 68)


def test_very_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(YamlError) as raised:
        parse("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert raised.value.mark.line == 1


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",  # flow style
        "- " * 100_000 + "x\n",  # compact block sequences
    ],
    ids=["flow", "compact"],
)
def test_deep_nesting_is_refused_before_composing(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # Composing recurses once a level: 100,000 levels took minutes, or overflowed the C stack.
    composed = []
    monkeypatch.setattr(yamlmarks.yaml, "compose", lambda *a, **k: composed.append(1))
    with pytest.raises(YamlError) as raised:
        parse(text)
    assert raised.value.message == "the document nests deeper than 64 levels"
    assert composed == []
