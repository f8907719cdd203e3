"""Question banks: a quiz's `draw` and its questions' `tags`, read and checked against each other.

A quiz that says `draw: 5` asks each attempt 5 of its questions, drawn afresh; `draw: {cas: 3,
loi: 2}` draws 3 of the questions tagged `cas` and 2 of those tagged `loi`. The draw itself is the
quiz engine's (`trainer.quiz.attempts.draw`); here the pack is read, and what cannot be drawn is
reported where it is written, once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from trainer.course.diagnostics import Mark, Text, phrase
from trainer.course.fields import FieldReader, describe, suggestion
from trainer.course.model import Draw, Question, is_valid_id
from trainer.course.yamlmarks import MarkedList, MarkedMap
from trainer.i18n import N_

DRAW_KEY = "draw"
TAGS_KEY = "tags"


def _as_id(value: object) -> str | None:
    """The id a tag written otherwise probably means (`Cas pratique` → `cas-pratique`)."""
    if not isinstance(value, str):
        return None
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug if is_valid_id(slug) else None


def _not_an_id(value: object) -> Text:
    """What to write instead of a tag that is not an id."""
    meant = _as_id(value)
    if meant is not None:
        return phrase(
            N_(
                "a tag is an id (lower-case letters, digits and hyphens): write `{id}`, not {value}"
            ),
            id=meant,
            value=describe(value),
        )
    return phrase(
        N_("a tag is an id (lower-case letters, digits and hyphens), not {value}"),
        value=describe(value),
    )


def read_tags(reader: FieldReader, question: MarkedMap) -> tuple[str, ...]:
    """A question's `tags`: a list of ids (each written once)."""
    value = question.get(TAGS_KEY)
    if value is None:
        return ()
    if not isinstance(value, MarkedList):
        meant = value if is_valid_id(value) else _as_id(value)
        reader.error(
            question.value_mark(TAGS_KEY),
            "wrong-type",
            phrase(
                N_("`tags` is a list of ids: write `tags: [{id}]`, not {value}"),
                id=meant,
                value=describe(value),
            )
            if meant
            else phrase(N_("`tags` is a list of ids, not {value}"), value=describe(value)),
        )
        return ()
    tags: list[str] = []
    for index, item in enumerate(value):
        if not is_valid_id(item):
            reader.error(value.item_mark(index), "bad-id", _not_an_id(item))
        elif item not in tags:
            tags.append(item)
    return tuple(tags)


def _count(reader: FieldReader, value: object, mark: Mark) -> int:
    """A number of questions to draw, else 0 after an error at `mark`."""
    if isinstance(value, bool) or not isinstance(value, int):
        reader.error(
            mark,
            "wrong-type",
            phrase(
                N_(
                    "`draw` is a whole number of questions (`draw: 5`) or a map of tag to number "
                    "(`draw: {{cas: 3, loi: 2}}`), not {value}"
                ),
                value=describe(value),
            ),
        )
        return 0
    if value < 1:
        reader.error(
            mark,
            "out-of-range",
            phrase(
                N_(
                    "`draw` must draw at least 1 question, not {value}: remove `draw` to ask "
                    "every question"
                ),
                value=value,
            ),
        )
        return 0
    return value


def read_draw(reader: FieldReader, quiz: MarkedMap) -> Draw | None:
    """A quiz's `draw`, its type and numbers checked (see `check_draw` for the questions)."""
    value = quiz.get(DRAW_KEY)
    if value is None:
        return None
    if not isinstance(value, MarkedMap):
        count = _count(reader, value, quiz.value_mark(DRAW_KEY))
        return Draw(count=count) if count else None
    if not value:
        reader.error(
            quiz.value_mark(DRAW_KEY),
            "empty-value",
            phrase(N_("`draw` names no tag: write `draw: {{cas: 3, loi: 2}}`, or remove it")),
        )
        return None
    per_tag: list[tuple[str, int]] = []
    clean = True
    for tag, number in value.items():
        if not is_valid_id(tag):
            reader.error(value.key_mark(tag), "bad-id", _not_an_id(tag))
            clean = False
            continue
        count = _count(reader, number, value.value_mark(tag))
        clean = clean and count > 0
        per_tag.append((tag, count))
    return Draw(per_tag=tuple(per_tag)) if clean else None


def check_draw(
    reader: FieldReader,
    quiz: MarkedMap,
    draw: Draw,
    questions: Sequence[Question],
    items: Mapping[str, MarkedMap],
) -> None:
    """Report what the quiz's questions cannot draw: more than there are, a tag no question
    carries, a question two tags of the draw could draw, or one none could.

    `questions` must be every question of the quiz (a question with its own error could carry the
    tag that seems missing: the caller does not call this then). `items` maps a question id to its
    mapping, for placing a diagnostic on the question.
    """
    mark = quiz.value_mark(DRAW_KEY)
    if draw.count:
        if draw.count > len(questions):
            reader.error(
                mark,
                "draw-too-large",
                phrase(
                    N_(
                        "`draw: {count}` asks for more questions than the quiz has ({total}): "
                        "draw at most {total}, or add questions"
                    ),
                    count=draw.count,
                    total=len(questions),
                ),
            )
        return
    written = quiz[DRAW_KEY]
    known = sorted({tag for question in questions for tag in question.tags})
    drawn_tags = [tag for tag, _count in draw.per_tag]
    misspelt = False
    for tag, count in draw.per_tag:
        carrying = sum(1 for question in questions if tag in question.tags)
        if carrying == 0:
            misspelt = True
            reader.error(
                written.key_mark(tag),
                "unknown-tag",
                phrase(
                    N_(
                        "no question has the tag `{tag}`{suggestion}: add `tags: [{tag}]` to the "
                        "questions to draw from"
                    ),
                    tag=tag,
                    suggestion=suggestion(tag, known),
                ),
            )
        elif count > carrying:
            reader.error(
                written.value_mark(tag),
                "draw-too-large",
                phrase(
                    N_(
                        "`draw` asks for {count} questions tagged `{tag}` but only {carrying} "
                        "carry it: draw at most {carrying}, or tag more questions"
                    ),
                    count=count,
                    tag=tag,
                    carrying=carrying,
                ),
            )
    for question in questions:
        item = items.get(question.id)
        if item is None:
            continue
        mine = [tag for tag in drawn_tags if tag in question.tags]
        if len(mine) > 1:
            reader.error(
                item.value_mark(TAGS_KEY),
                "draw-overlap",
                phrase(
                    N_(
                        "question `{id}` carries two tags the quiz draws by, `{first}` and "
                        "`{second}`: either draw could take it; keep one of them"
                    ),
                    id=question.id,
                    first=mine[0],
                    second=mine[1],
                ),
            )
        elif not mine and not misspelt:
            # After a tag no question has (`caz` for `cas`), its questions seem left out: the
            # misspelling is the one mistake to report.
            reader.warning(
                item.value_mark(TAGS_KEY) if TAGS_KEY in item else item.mark,
                "never-drawn",
                phrase(
                    N_(
                        "question `{id}` carries none of the tags the quiz draws by ({tags}): no "
                        "attempt will ask it; add one to its `tags`"
                    ),
                    id=question.id,
                    tags=", ".join(drawn_tags),
                ),
            )
