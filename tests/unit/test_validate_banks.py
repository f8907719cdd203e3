"""The rules of question banks: `draw` and `tags`, each mistake reported once, where it is written,
with its fix (in French too), and the same draw and tags in every translation."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from tests.helpers.packs import PACKS
from tests.helpers.validation import BILINGUAL, BILINGUAL_QUIZ, E, W, check, expect
from trainer.course.schema import SCHEMAS
from trainer.i18n import LOCALE_DIR

QUESTION = """\
  - id: {id}
    type: true_false
    prompt: Statement {id}.
    answer: {answer}
    explanation: Because.
    tags: {tags}
"""


def bank(draw: str, tags: dict[str, str] | None = None, extra: str = "") -> str:
    """A quiz of q1…q4, q1 to q3 tagged `cas` and q4 `loi` unless `tags` says otherwise.

    `draw` is written on line 2; each question takes six lines from line 4 (its `tags:` on the
    sixth, column 11).
    """
    written = {"q1": "[cas]", "q2": "[cas]", "q3": "[cas]", "q4": "[loi]", **(tags or {})}
    questions = "".join(
        QUESTION.format(id=qid, answer="true" if n % 2 else "false", tags=value)
        for n, (qid, value) in enumerate(written.items())
    )
    return f"title: Quiz\n{draw}\nquestions:\n{questions}{extra}"


def quiz_of(draw: str, **options) -> dict[str, str]:
    return {"quizzes/one.yaml": bank(draw, **options)}


TAGS_LINE = {"q1": 9, "q2": 15, "q3": 21, "q4": 27}
"""The line of each question's `tags:` in `bank`."""


@pytest.mark.parametrize(
    "draw",
    ["draw: 1", "draw: 4", "draw: {cas: 3, loi: 1}", "draw: {loi: 1, cas: 1}", "# no draw"],
)
def test_a_valid_draw_gives_no_diagnostic(tmp_path: Path, draw: str) -> None:
    assert check(tmp_path, quiz_of(draw)) == []


@pytest.mark.parametrize(
    ("draw", "tags", "expected"),
    [
        pytest.param(
            "draw: 5",
            None,
            (2, 7, E, "draw-too-large", "`draw: 5` asks for more questions than the quiz has (4)"),
            id="more-than-the-questions",
        ),
        pytest.param(
            "draw: 0",
            None,
            (2, 7, E, "out-of-range", "`draw` must draw at least 1 question, not 0"),
            id="zero",
        ),
        pytest.param(
            "draw: -2",
            None,
            (2, 7, E, "out-of-range", "at least 1 question, not -2: remove `draw`"),
            id="negative",
        ),
        pytest.param(
            "draw: 2.5",
            None,
            (2, 7, E, "wrong-type", "`draw` is a whole number of questions"),
            id="not-whole",
        ),
        pytest.param("draw: '3'", None, (2, 7, E, "wrong-type", "not a string ('3')"), id="quoted"),
        pytest.param(
            "draw: true", None, (2, 7, E, "wrong-type", "not true or false"), id="boolean"
        ),
        pytest.param(
            "draw: {}", None, (2, 7, E, "empty-value", "`draw` names no tag"), id="no-tag"
        ),
        pytest.param(
            "draw: {cas: 4, loi: 1}",
            None,
            (2, 13, E, "draw-too-large", "4 questions tagged `cas` but only 3 carry it"),
            id="more-than-a-tag-has",
        ),
        pytest.param(
            "draw: {caz: 1, loi: 1}",
            None,
            # one message: not also « q1 to q3 carry none of the draw's tags »
            (2, 8, E, "unknown-tag", "no question has the tag `caz` (did you mean `cas`?)"),
            id="unknown-tag",
        ),
        pytest.param(
            "draw: {Cas Pratique: 1}",
            None,
            (2, 8, E, "bad-id", "write `cas-pratique`, not a string ('Cas Pratique')"),
            id="tag-not-an-id",
        ),
        pytest.param(
            "draw: {cas: 0, loi: 1}",
            None,
            (2, 13, E, "out-of-range", "`draw` must draw at least 1 question, not 0"),
            id="zero-of-a-tag",
        ),
        pytest.param(
            "draw: {cas: 1.5}",
            {"q4": "[cas]"},
            (2, 13, E, "wrong-type", "not a number (1.5)"),
            id="not-whole-of-a-tag",
        ),
        pytest.param(
            "draw: 2",
            {"q2": "cas"},
            (15, 11, E, "wrong-type", "`tags` is a list of ids: write `tags: [cas]`"),
            id="tags-not-a-list",
        ),
        pytest.param(
            "draw: 2",
            {"q2": "[Loi]"},
            (15, 12, E, "bad-id", "a tag is an id (lower-case letters, digits and hyphens)"),
            id="tag-in-a-question-not-an-id",
        ),
        pytest.param(
            "draw: {cas: 1, loi: 1}",
            {"q1": "[cas, loi]"},
            (9, 11, E, "draw-overlap", "question `q1` carries two tags the quiz draws by"),
            id="two-tags-of-the-draw",
        ),
        pytest.param(
            "draw: {cas: 2}",
            None,
            (27, 11, W, "never-drawn", "question `q4` carries none of the tags the quiz draws by"),
            id="a-question-never-drawn",
        ),
    ],
)
def test_each_mistake_in_a_bank_gives_exactly_one_diagnostic(
    tmp_path: Path, draw: str, tags: dict | None, expected: tuple
) -> None:
    diagnostics = check(tmp_path, quiz_of(draw, tags=tags))
    expect(diagnostics, ("quizzes/one.yaml", *expected))


def test_a_question_with_its_own_error_is_not_also_a_draw_error(tmp_path: Path) -> None:
    broken = "  - id: q5\n    type: vrai_faux\n    prompt: Five.\n    answer: true\n"
    diagnostics = check(tmp_path, quiz_of("draw: 5", extra=broken))
    # `draw: 5` of five questions is right once q5 is fixed: only its type is reported
    assert [d.code for d in diagnostics] == ["unknown-type"]


def test_bank_messages_are_in_french(tmp_path: Path) -> None:
    french = gettext.translation("trainer", LOCALE_DIR, languages=["fr"]).gettext
    cases = {
        "draw: 9": "`draw: 9` demande plus de questions que le quiz n'en a (4)\u00a0: tirez-en",
        "draw: {caz: 1, loi: 1}": (
            "aucune question ne porte l'étiquette `caz` (vouliez-vous dire `cas`\u00a0?)"
        ),
        "draw: {cas: 1}": "la question `q4` ne porte aucune des étiquettes du tirage (cas)",
    }
    for draw, gist in cases.items():
        (diagnostic,) = check(tmp_path / str(len(draw)), quiz_of(draw))
        assert gist in diagnostic.shown(french), diagnostic.shown(french)


# translations -------------------------------------------------------------------------------------

BILINGUAL_BANK = BILINGUAL_QUIZ.replace("title: Quiz\n", "title: Quiz\ndraw: 1\n").replace(
    "    explanation: Because.\n  - id: tf", "    explanation: Because.\n    tags: [a]\n  - id: tf"
)


def test_a_translation_with_the_same_draw_and_tags_is_clean(tmp_path: Path) -> None:
    changes = {"quizzes/one.fr.yaml": BILINGUAL_BANK, "quizzes/one.en.yaml": BILINGUAL_BANK}
    assert check(tmp_path, changes, base=BILINGUAL) == []


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        pytest.param(
            BILINGUAL_BANK.replace("draw: 1", "draw: 2"),
            (2, 1, "`draw` is 2 here but 1 in quizzes/one.fr.yaml: write the same"),
            id="another-count",
        ),
        pytest.param(
            BILINGUAL_BANK.replace("draw: 1\n", ""),
            (1, 1, "`draw` is unset here but 1 in quizzes/one.fr.yaml"),
            id="no-draw",
        ),
        pytest.param(
            BILINGUAL_BANK.replace("tags: [a]", "tags: [b]"),
            (12, 11, "question `pick` has the tags [b] here but [a] in quizzes/one.fr.yaml"),
            id="other-tags",
        ),
    ],
)
def test_translations_must_draw_the_same_way(tmp_path: Path, english: str, expected) -> None:
    changes = {"quizzes/one.fr.yaml": BILINGUAL_BANK, "quizzes/one.en.yaml": english}
    diagnostics = check(tmp_path, changes, base=BILINGUAL)
    line, column, gist = expected
    expect(diagnostics, ("quizzes/one.en.yaml", line, column, E, "translation-drift", gist))


def test_a_per_tag_draw_written_in_another_order_is_the_same_draw(tmp_path: Path) -> None:
    two_tags = BILINGUAL_BANK.replace("draw: 1", "draw: {a: 1, b: 1}").replace(
        "    explanation: Because.\n", "    explanation: Because.\n    tags: [b]\n", 2
    )
    # the `pick` question now has tags [a] written after [b]: keep one, as in the French
    two_tags = two_tags.replace("    tags: [b]\n    tags: [a]\n", "    tags: [a]\n")
    french = two_tags
    english = two_tags.replace("draw: {a: 1, b: 1}", "draw: {b: 1, a: 1}")
    changes = {"quizzes/one.fr.yaml": french, "quizzes/one.en.yaml": english}
    assert check(tmp_path, changes, base=BILINGUAL) == []


# the editor's schema ------------------------------------------------------------------------------


def _schema_errors(text: str) -> list[str]:
    import yaml
    from jsonschema.validators import validator_for

    schema = SCHEMAS["quiz"]()
    validator = validator_for(schema)(schema)
    return [error.message for error in validator.iter_errors(yaml.safe_load(text))]


def test_the_schema_takes_a_bank_as_the_validator_does() -> None:
    for path in sorted((PACKS / "bank" / "quizzes").glob("*.yaml")):
        assert _schema_errors(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize(
    ("draw", "tags"),
    [
        ("draw: 0", None),
        ("draw: 2.5", None),
        ("draw: {}", None),
        ("draw: {Cas: 1}", None),
        ("draw: {cas: 0}", None),
        ("draw: 2", {"q1": "cas"}),
        ("draw: 2", {"q1": "[Cas]"}),
    ],
)
def test_the_schema_flags_a_broken_bank_as_the_validator_does(
    tmp_path: Path, draw: str, tags: dict | None
) -> None:
    assert _schema_errors(bank(draw, tags=tags)) != []
    assert [d.code for d in check(tmp_path, quiz_of(draw, tags=tags)) if d.is_error] != []
