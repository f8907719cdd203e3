"""Reading one quiz question, and the rules of each question type."""

from __future__ import annotations

import math
from typing import Any

from trainer.course.banks import read_tags
from trainer.course.diagnostics import Text, phrase
from trainer.course.fields import FieldReader, describe, nearest, suggestion, yaml_spelling
from trainer.course.model import (
    QUESTION_CLASSES,
    WEIGHT_TOLERANCE,
    Choice,
    Question,
    QuestionType,
)
from trainer.course.yamlmarks import MarkedList, MarkedMap
from trainer.i18n import N_
from trainer.inert import inert

BASE_KEYS = ("id", "type", "points", "prompt", "hint", "explanation", "tags")
TYPE_KEYS: dict[QuestionType, str] = {
    QuestionType.SINGLE: "choices",
    QuestionType.MULTIPLE: "choices",
    QuestionType.TRUE_FALSE: "answer",
    QuestionType.TEXT: "accept",
    QuestionType.ORDER: "items",
    QuestionType.MATCH: "pairs",
}
CHOICE_KEYS = ("text", "correct", "feedback", "weight")
FEEDBACK_KEYS = ("text", "feedback")
"""The keys of an accepted answer (`text`) or an item (`order`) written as a mapping."""
TRUE_FALSE_FEEDBACK_KEYS = ("feedback_true", "feedback_false")
"""A true_false question's feedbacks: for the learner who answered true, and false."""
TEXT_FEEDBACK_KEY = "feedback_wrong"
"""A text question's feedback for an answer that matches none of `accept`."""
OWN_KEYS: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.TRUE_FALSE: TRUE_FALSE_FEEDBACK_KEYS,
    QuestionType.TEXT: (TEXT_FEEDBACK_KEY,),
}
"""The optional keys of one question type alone (its feedbacks)."""
DIGIT_KEYS = 9
"""Choices past the ninth cannot be picked with one digit key (the mouse still can)."""


def _elsewhere(kind: QuestionType) -> dict[str, Text]:
    """For each answer key of the other types, where it belongs."""
    own = TYPE_KEYS[kind]
    users: dict[str, list[str]] = {}
    for other, key in TYPE_KEYS.items():
        if key != own:
            users.setdefault(key, []).append(other.value)
    return {
        key: phrase(N_("it is for {types} questions"), types=" and ".join(types))
        for key, types in users.items()
    }


_ELSEWHERE = {kind: _elsewhere(kind) for kind in TYPE_KEYS}
"""`_elsewhere` of each type, worked out once rather than for every question of a pack."""
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)
SHUFFLE_KEY = "shuffle"
"""`shuffle: false` pins the authored order of a single or multiple question's choices."""
for _kind in TYPE_KEYS:
    if _kind not in CHOICE_TYPES:
        _ELSEWHERE[_kind][SHUFFLE_KEY] = phrase(
            N_(
                "it is for single and multiple questions (order items and match right sides are "
                "always shuffled): remove it"
            )
        )
for _kind in TYPE_KEYS:
    if _kind is not QuestionType.TRUE_FALSE:
        for _key in TRUE_FALSE_FEEDBACK_KEYS:
            _ELSEWHERE[_kind][_key] = phrase(N_("it is for true_false questions"))
    if _kind is not QuestionType.TEXT:
        _ELSEWHERE[_kind][TEXT_FEEDBACK_KEY] = phrase(N_("it is for text questions"))
_ELSEWHERE[QuestionType.TRUE_FALSE]["feedback"] = phrase(
    N_(
        "a true_false question has `feedback_true:` (for who answered true) and "
        "`feedback_false:` (for who answered false)"
    )
)
_KEYS = {
    kind: (
        *BASE_KEYS,
        TYPE_KEYS[kind],
        *((SHUFFLE_KEY,) if kind in CHOICE_TYPES else ()),
        *OWN_KEYS.get(kind, ()),
    )
    for kind in TYPE_KEYS
}
"""The keys a question of each type may have."""
_ANY_KEYS = (
    *BASE_KEYS,
    *dict.fromkeys(TYPE_KEYS.values()),  # once each, in a fixed order (a set's changes by run)
    SHUFFLE_KEY,
    *(key for keys in OWN_KEYS.values() for key in keys),
)
"""The keys a question of unknown type may have."""


FRENCH_TYPE_GUESSES = {
    "qcm": ("single", "multiple"),
    "qcu": ("single",),
    "quiz": ("single", "multiple"),
}
"""French names of question kinds that may mean more than one type."""


A_QUESTION = phrase(N_("a question"))
A_CHOICE = phrase(N_("a choice"))
AN_ACCEPTED_ANSWER = phrase(N_("an accepted answer"))
AN_ITEM = phrase(N_("an item"))
"""What a message is about, made once (they are passed to every reader, and used only when
something is wrong)."""
_TYPES = {kind.value: kind for kind in QuestionType}
"""`type:` as written → the question type (a dict is faster than calling the enum)."""


def a_question(kind: str) -> Text:
    """ "a single question", "an order question"."""
    if kind[:1] in "aeiou":
        return phrase(N_("an {kind} question"), kind=kind)
    return phrase(N_("a {kind} question"), kind=kind)


_A_QUESTION_OF = {kind: a_question(kind.value) for kind in QuestionType}
"""`a_question` of each type, made once."""


def _unknown_type(raw: str, names: list[str]) -> Text:
    """The message for an unknown `type:`, with the type(s) it probably means."""
    guesses = FRENCH_TYPE_GUESSES.get(raw.strip().lower())
    if guesses:
        return phrase(
            N_(
                "unknown question type `{type}`: write `type: {first}` for one right answer or "
                "`type: {second}` for several; the types are {types}"
            )
            if len(guesses) == 2
            else N_("unknown question type `{type}`: write `type: {first}`; the types are {types}"),
            type=inert(raw),
            first=guesses[0],
            second=guesses[-1],
            types=", ".join(names),
        )
    return phrase(
        N_("unknown question type `{type}`{suggestion}; the types are {types}"),
        type=inert(raw),
        suggestion=suggestion(raw, names),
        types=", ".join(names),
    )


def read_question(reader: FieldReader, items: MarkedList, index: int) -> Question | None:
    """Question `index` of a quiz's `questions`, after checking its keys and its type's rules."""
    item = items[index]
    question = item if isinstance(item, MarkedMap) else None
    if question is None:  # the place is found only for the message
        question = reader.mapping(item, items.item_mark(index), A_QUESTION)
        if question is None:
            return None
    raw_type = question.get("type")
    kind: QuestionType | None = None
    if raw_type is not None:
        try:
            kind = _TYPES[raw_type]
        except (KeyError, TypeError):
            names = [t.value for t in QuestionType]
            reader.error(
                question.value_mark("type"),
                "unknown-type",
                _unknown_type(str(raw_type), names),
            )
    if kind is None:
        reader.keys(question, A_QUESTION, _ANY_KEYS, required=("id", "type", "prompt"))
        return None
    answer_key = TYPE_KEYS[kind]
    clean = reader.keys(
        question,
        _A_QUESTION_OF[kind],
        _KEYS[kind],
        required=("id", "type", "prompt", answer_key),
        elsewhere=_ELSEWHERE[kind],
    )
    question_id = reader.identifier(question, "id")
    prompt = reader.string(question, "prompt")
    points = reader.number(question, "points")
    if points is not None and points <= 0:
        reader.error(
            question.value_mark("points"),
            "out-of-range",
            phrase(N_("`points` must be more than 0, not {value}"), value=question["points"]),
        )
        points = None
    hint = reader.string(question, "hint")
    explanation = reader.string(question, "explanation")
    # Keys all known (`clean`) cannot hold a misspelt one.
    misspelt = not clean and any(
        key not in _KEYS[kind] and nearest(str(key), _KEYS[kind]) == "explanation"
        for key in question
    )
    if question.get("explanation") is None and not misspelt:
        # A misspelt `explaination` was reported as such: one mistake, one message.
        reader.warning(
            question.mark,
            "no-explanation",
            phrase(
                N_(
                    "question `{id}` has no `explanation`: learners see one after answering; "
                    "add an `explanation:` line"
                ),
                id=question_id or "?",
            ),
        )
    tags = read_tags(reader, question)
    fields = _READERS[kind](reader, question)
    if question_id is None or prompt is None or fields is None:
        return None
    return QUESTION_CLASSES[kind](
        id=question_id,
        prompt=prompt,
        points=points if points is not None else 1.0,
        hint=hint,
        explanation=explanation,
        line=question.line,
        tags=tags,
        **fields,
    )


def _choices(reader: FieldReader, question: MarkedMap) -> dict[str, Any] | None:
    items = reader.sequence(question, "choices")
    if items is None:
        return None
    kind = _TYPES[question["type"]]
    choices: list[Choice] = []
    clean = True
    for index in range(len(items)):
        choice, choice_clean = _choice(reader, items, index, kind)
        clean = clean and choice_clean
        if choice is not None:
            choices.append(choice)
    if len(items) < 2:
        reader.error(
            items.mark,
            "too-few-choices",
            phrase(N_("{question} needs at least 2 choices"), question=a_question(kind.value)),
        )
        return None
    if len(choices) < len(items) or not clean:
        return None  # a typo such as `corect` is reported once, not again as a missing answer
    weighted = [choice for choice in choices if choice.weight is not None]
    if weighted:
        return _weighted(reader, question, items, choices, len(weighted))
    correct = sum(choice.correct for choice in choices)
    if kind is QuestionType.SINGLE and correct != 1:
        reader.error(
            items.mark,
            "single-correct",
            phrase(
                N_(
                    "a single question has exactly one choice with `correct: true`, this one has "
                    "{count}; use `type: multiple` for several"
                ),
                count=correct,
            )
            if correct > 1
            else phrase(
                N_(
                    "a single question has exactly one choice with `correct: true`, this one has "
                    "{count}: add `correct: true` under the right choice"
                ),
                count=correct,
            ),
        )
        return None
    if kind is QuestionType.MULTIPLE and correct == 0:
        reader.error(
            items.mark,
            "multiple-correct",
            phrase(
                N_(
                    "a multiple question needs at least one choice with `correct: true`: add it "
                    "under each right choice"
                )
            ),
        )
        return None
    return _choice_fields(reader, question, items, choices)


def _weighted(
    reader: FieldReader,
    question: MarkedMap,
    items: MarkedList,
    choices: list[Choice],
    count: int,
) -> dict[str, Any] | None:
    """The fields of a multiple question whose choices carry Moodle weights, once the weights
    are checked: on every choice, the positive ones summing to 1."""
    if count < len(choices):
        reader.error(
            items.mark,
            "weight-all",
            phrase(
                N_(
                    "{count} of the {total} choices have a `weight`: give every choice a "
                    "`weight` (0 for one that earns nothing), or none"
                ),
                count=count,
                total=len(choices),
            ),
        )
        return None
    positive = math.fsum(choice.weight for choice in choices if choice.weight and choice.weight > 0)
    if abs(positive - 1) > WEIGHT_TOLERANCE:
        reader.error(
            items.mark,
            "weight-sum",
            phrase(
                N_(
                    "the positive weights sum to {sum}, not 1: picking every right choice must "
                    "give full marks (write 0.33333 for a third)"
                ),
                sum=f"{positive:.6g}",
            ),
        )
        return None
    return _choice_fields(reader, question, items, choices)


def _choice_fields(
    reader: FieldReader, question: MarkedMap, items: MarkedList, choices: list[Choice]
) -> dict[str, Any]:
    """The fields of a choice question whose choices are right, with the warnings about them."""
    if len(choices) > DIGIT_KEYS:
        reader.warning(
            items.item_mark(DIGIT_KEYS),
            "many-choices",
            phrase(
                N_(
                    "only the first {count} choices can be picked with a digit key; the rest need "
                    "the mouse"
                ),
                count=DIGIT_KEYS,
            ),
        )
    shuffle = reader.boolean(question, SHUFFLE_KEY)
    return {"choices": tuple(choices), "shuffle": shuffle is not False}


_SINGLE_CHOICE_KEYS = tuple(key for key in CHOICE_KEYS if key != "weight")
_WEIGHT_ELSEWHERE = {
    "weight": phrase(
        N_("weights are for multiple questions; a single question has one right choice")
    )
}


def _choice(
    reader: FieldReader, items: MarkedList, index: int, kind: QuestionType
) -> tuple[Choice | None, bool]:
    """Choice `index` of `items`, and whether its keys were all known and its values right."""
    item = items[index]
    if isinstance(item, (str, int, float)) and not isinstance(item, bool):
        reader.error(
            items.item_mark(index),
            "wrong-type",
            phrase(
                N_(
                    "a choice is a mapping with `text:` (and `correct: true` when right), not "
                    "{value}: write `- text: …`"
                ),
                value=describe(item),
            ),
        )
        return None, False
    choice = item if isinstance(item, MarkedMap) else None
    if choice is None:
        choice = reader.mapping(item, items.item_mark(index), A_CHOICE)
        if choice is None:
            return None, False
    single = kind is QuestionType.SINGLE
    clean = reader.keys(
        choice,
        A_CHOICE,
        _SINGLE_CHOICE_KEYS if single else CHOICE_KEYS,
        required=("text",),
        elsewhere=_WEIGHT_ELSEWHERE if single else None,
    )
    text = reader.string(choice, "text")
    correct = reader.boolean(choice, "correct")
    feedback = reader.string(choice, "feedback")
    weight = None if single else _weight(reader, choice)
    if text is None:
        return None, False
    # `correct: vrai` was reported as such: not counted again as a choice that is not right.
    clean = clean and (correct is not None or choice.get("correct") is None)
    clean = clean and (weight is not None or choice.get("weight") is None)
    if weight is not None and correct is not None and correct != (weight > 0):
        reader.error(
            choice.value_mark("correct"),
            "weight-correct",
            phrase(
                N_(
                    "this choice has `correct: {correct}` but `weight: {weight}`: a right choice "
                    "weighs more than 0; remove `correct:`, the weight says it"
                ),
                correct=yaml_spelling(correct),
                weight=choice.raw.get("weight", f"{weight:g}"),
            ),
        )
        clean = False
    right = weight > 0 if weight is not None else bool(correct)
    return Choice(text=text, correct=right, feedback=feedback, weight=weight), clean


def _weight(reader: FieldReader, choice: MarkedMap) -> float | None:
    """A choice's Moodle weight, from -1 to 1 (None when absent or reported)."""
    weight = reader.number(choice, "weight")
    if weight is not None and not -1 <= weight <= 1:
        reader.error(
            choice.value_mark("weight"),
            "out-of-range",
            phrase(
                N_(
                    "`weight` is the share of the marks a choice gives or takes, from -1 to 1 "
                    "(0.5 for half), not {value}"
                ),
                value=choice.raw.get("weight", f"{weight:g}"),
            ),
        )
        return None
    return weight


def _true_false(reader: FieldReader, question: MarkedMap) -> dict[str, Any] | None:
    answer = reader.boolean(question, "answer")
    feedbacks = {key: reader.string(question, key) for key in TRUE_FALSE_FEEDBACK_KEYS}
    return None if answer is None else {"answer": answer, **feedbacks}


def _texts(
    reader: FieldReader, question: MarkedMap, key: str, what: Text
) -> tuple[list[str], list[str | None]] | None:
    """The texts of a list whose items are each a text or a mapping `{text:, feedback:}`, and
    their feedbacks (None where there is none); None when an item was reported."""
    items = reader.sequence(question, key)
    if items is None:
        return None
    texts: list[str] = []
    feedbacks: list[str | None] = []
    clean = True
    for index, item in enumerate(items):
        if isinstance(item, MarkedMap):
            known = reader.keys(item, what, FEEDBACK_KEYS, required=("text",))
            text = reader.string(item, "text")
            feedback = reader.string(item, "feedback")
            if text is None or not known or (feedback is None and item.get("feedback") is not None):
                clean = False
                continue
            texts.append(text)
            feedbacks.append(feedback)
        elif (
            isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip()
        ):
            texts.append(item if isinstance(item, str) else items.raw.get(index, str(item)))
            feedbacks.append(None)
        else:
            reader.error(
                items.item_mark(index),
                "wrong-type",
                phrase(
                    N_(
                        "each item of `{key}` is a non-empty text, or `text:` with its "
                        "`feedback:`, not {value}"
                    ),
                    key=key,
                    value=describe(item),
                ),
            )
            clean = False
    return (texts, feedbacks) if clean else None


def _feedbacks(feedbacks: list[str | None]) -> tuple[str | None, ...]:
    """Feedbacks position for position, or () when none is given."""
    return tuple(feedbacks) if any(feedbacks) else ()


def _text(reader: FieldReader, question: MarkedMap) -> dict[str, Any] | None:
    read = _texts(reader, question, "accept", AN_ACCEPTED_ANSWER)
    if read is None:
        return None
    accept, feedbacks = read
    if not accept:
        reader.error(
            question.value_mark("accept"),
            "text-accept",
            phrase(N_("a text question needs at least one answer in `accept`")),
        )
        return None
    return {
        "accept": tuple(accept),
        "accept_feedback": _feedbacks(feedbacks),
        "feedback_wrong": reader.string(question, TEXT_FEEDBACK_KEY),
    }


def _order(reader: FieldReader, question: MarkedMap) -> dict[str, Any] | None:
    read = _texts(reader, question, "items", AN_ITEM)
    if read is None:
        return None  # each bad item was reported: not again as too few items
    items, feedbacks = read
    if len(items) < 2:
        reader.error(
            question.value_mark("items"),
            "order-items",
            phrase(N_("an order question needs at least 2 items")),
        )
        return None
    if len(items) > DIGIT_KEYS:
        reader.warning(
            question.value_mark("items"),
            "many-choices",
            phrase(
                N_("only the first {count} items can be placed with a digit key"), count=DIGIT_KEYS
            ),
        )
    return {"items": tuple(items), "item_feedback": _feedbacks(feedbacks)}


def _match(reader: FieldReader, question: MarkedMap) -> dict[str, Any] | None:
    items = reader.sequence(question, "pairs")
    if items is None:
        return None
    pairs: list[tuple[str, str]] = []
    for index, written in enumerate(items):
        if isinstance(written, MarkedList) and len(written) == 2:
            left, right = written
            if type(left) is str and type(right) is str and left.strip() and right.strip():
                pairs.append((left, right))  # the usual pair: two texts, nothing to check
                continue
        item = written
        if isinstance(written, MarkedList):  # an unquoted `[Oui, No]`: text, with a warning
            item = [
                reader.plain_text(side, written.raw.get(i), written.item_mark(i))
                if isinstance(side, bool)
                else side
                for i, side in enumerate(written)
            ]
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(
                isinstance(side, (str, int, float))
                and not isinstance(side, bool)
                and str(side).strip()
                for side in item
            )
        ):
            reader.error(
                items.item_mark(index),
                "wrong-type",
                phrase(
                    N_("each pair is a list of two strings, `[left, right]`, not {value}"),
                    value=describe(item),
                ),
            )
            continue
        # A number is kept as written (`1.10` stays 1.10, not 1.1).
        left_text, right_text = (
            side if isinstance(side, str) else written.raw.get(i, str(side))
            for i, side in enumerate(item)
        )
        pairs.append((left_text, right_text))
    if len(pairs) < len(items):
        return None
    if len(pairs) < 2:
        reader.error(
            items.mark, "match-pairs", phrase(N_("a match question needs at least 2 pairs"))
        )
        return None
    seen: dict[str, int] = {}
    for index, (_, right) in enumerate(pairs):
        if right in seen:
            reader.error(
                items.item_mark(index),
                "match-distinct",
                phrase(
                    N_(
                        "right side {right} is also the right side of pair {pair}: right sides "
                        "must differ"
                    ),
                    right=repr(right),
                    pair=seen[right] + 1,
                ),
            )
            return None
        seen[right] = index
    if len(pairs) > DIGIT_KEYS:
        reader.warning(
            items.mark,
            "many-choices",
            phrase(
                N_("only the first {count} right sides can be picked with a digit key"),
                count=DIGIT_KEYS,
            ),
        )
    return {"pairs": tuple(pairs)}


_READERS = {
    QuestionType.SINGLE: _choices,
    QuestionType.MULTIPLE: _choices,
    QuestionType.TRUE_FALSE: _true_false,
    QuestionType.TEXT: _text,
    QuestionType.ORDER: _order,
    QuestionType.MATCH: _match,
}
