"""Learners' names compared as a person reads them: « marie dupre » is not a new learner beside
« Marie Dupré », nor is « Marie Dupré » with one letter mistyped.

Pure functions, no store: the commands and screens that take a name use them before creating
anyone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def comparable(name: str) -> str:
    """A name without what a typist gets wrong unawares: accents, case, runs of spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def one_edit_apart(first: str, second: str) -> bool:
    """True when one letter typed wrong, left out, added or swapped with its neighbour turns one
    string into the other (the strings differ)."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        differ = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        if len(differ) == 1:
            return True
        return (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and first[differ[0]] == second[differ[1]]
            and first[differ[1]] == second[differ[0]]
        )
    shorter, longer = sorted((first, second), key=len)
    return any(longer[:index] + longer[index + 1 :] == shorter for index in range(len(longer)))


def near_names(name: str, names: Iterable[str]) -> list[str]:
    """The existing `names` that `name` most likely meant without being one of them: the same
    once accents, case and spaces are set aside, or one typing slip away. A name of fewer than
    four letters only matches without the slip: « Ada » and « Adam » are two people."""
    wanted = comparable(name)
    exact = " ".join(name.split())
    found = []
    for other in names:
        if other == exact:
            continue
        candidate = comparable(other)
        if candidate == wanted or (
            min(len(candidate), len(wanted)) >= 4 and one_edit_apart(candidate, wanted)
        ):
            found.append(other)
    return found
