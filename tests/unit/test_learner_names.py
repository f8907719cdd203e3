"""Near matches of learners' names: accents, case, spaces and one typing slip."""

from __future__ import annotations

import pytest

from trainer.progress.names import comparable, near_names, one_edit_apart

LEARNERS = ["Marie Dupré", "Paul Martin", "Ada"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Marie Dupre", ["Marie Dupré"]),
        ("marie dupré", ["Marie Dupré"]),
        ("  MARIE   DUPRÉ ", ["Marie Dupré"]),
        ("Marie Dupée", ["Marie Dupré"]),  # a letter left out
        ("Marie Dupréé", ["Marie Dupré"]),  # a letter added
        ("Marie Dpuré", ["Marie Dupré"]),  # two swapped
        ("Paul Matrin", ["Paul Martin"]),
        ("ada", ["Ada"]),
        ("Adam", []),  # short names need the same letters
        ("Marie Dupré", []),  # the learner itself is no near match
        ("Nobody", []),
        ("Marie Durand", []),
    ],
)
def test_near_names(typed: str, meant: list[str]) -> None:
    assert near_names(typed, LEARNERS) == meant


def test_comparable_sets_aside_accents_case_and_spaces() -> None:
    assert comparable(" Agnès  LŒVENBRUCK ") == "agnes lœvenbruck"


@pytest.mark.parametrize(
    ("first", "second", "near"),
    [
        ("abcd", "abcd", False),
        ("abcd", "abxd", True),
        ("abcd", "bacd", True),
        ("abcd", "abdc", True),
        ("abcd", "abc", True),
        ("abcd", "xabcd", True),
        ("abcd", "badc", False),
        ("abcd", "ab", False),
    ],
)
def test_one_edit_apart(first: str, second: str, near: bool) -> None:
    assert one_edit_apart(first, second) is near
