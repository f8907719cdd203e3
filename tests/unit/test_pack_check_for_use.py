"""A pack checked for use (`check_pack(root, advice=False)`: every command but `validate` and the
preview) gets the same errors as one checked for its author, and none of the advice on teaching."""

from __future__ import annotations

import pytest

from tests.helpers.packs import PACKS, write_pack
from trainer.course.validate import ADVICE_CODES
from trainer.locations import bundled_course
from trainer.quiz.pack_check import check_pack

ROOTS = [*sorted(p for p in PACKS.iterdir() if p.is_dir()), bundled_course()]


ADVISED_QUIZ = """title: Q
questions:
  - id: q
    type: single
    prompt: Which one?
    choices:
      - text: Our page
        correct: true
      - text: All of the above
"""


@pytest.fixture(scope="module")
def advised(tmp_path_factory):
    """A pack with advice to give: « all of the above » among the choices."""
    return write_pack(tmp_path_factory.mktemp("advised") / "pack", quiz=ADVISED_QUIZ)


@pytest.mark.parametrize("name", [*(root.name for root in ROOTS), "advised"])
def test_checked_for_use_the_pack_has_the_same_errors_and_no_advice(name, advised) -> None:
    root = advised if name == "advised" else next(r for r in ROOTS if r.name == name)
    pack, for_author = check_pack(root)
    used, for_use = check_pack(root, advice=False)
    assert (pack is None) == (used is None)
    assert [d for d in for_use if d.is_error] == [d for d in for_author if d.is_error]
    assert [d for d in for_use if not d.is_error] == [
        d for d in for_author if not d.is_error and d.code not in ADVICE_CODES
    ]
    assert not [d for d in for_use if d.code in ADVICE_CODES]
    if name == "advised":  # the comparison means something: the author is given advice
        assert "all-none-of-the-above" in {d.code for d in for_author}
