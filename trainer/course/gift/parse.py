"""GIFT import: the questions of a GIFT text, each read by a `_QuestionReader`."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from trainer.course.diagnostics import Diagnostic, Severity, Text, phrase
from trainer.course.gift.text import (
    FORMATS,
    RESERVED,
    as_text,
    diagnostic,
    format_weight,
    percent_weight,
    slugify,
)
from trainer.course.model import (
    WEIGHT_TOLERANCE,
    Choice,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
    is_valid_id,
)
from trainer.i18n import N_
from trainer.records import Record, init, replace

TRUE_WORDS, FALSE_WORDS = ("T", "TRUE"), ("F", "FALSE")
BLANK = "_____"
"""What a missing-word question's prompt shows where its answers were."""
ORDER_HEAD = re.compile(
    r">[ \t]*(?P<count>\d+)[ \t]*"
    r"(?:(?P<select>ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)\b)?[ \t]*"
    r"(?:(?:HORIZONTAL|HORI|H|VERTICAL|VERT|V|1|0)\b)?[ \t]*"
    r"(?:(?P<grading>ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|"
    r"RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|"
    r"RELATIVE_TO_CORRECT|RELATIVE|REL|LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)\b)?"
    r"[ \t]*(?:(?:SHOW|TRUE|YES|HIDE|FALSE|NO|1|0)\b)?[ \t]*"
    r"(?:(?:none|123|abc|ABCD|iii|IIII)\b)?\s*(?P<items>.*?)\s*$",
    re.DOTALL,
)
"""The head of Moodle's ordering answers, as its reader takes it: how many items are shown, how
they are drawn, laid out and graded, then the items, one a line."""
WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
"""A GIFT answer's weight, in per cent."""

# An escaped character stands as a private-use code point while the text is cut up, as Moodle's
# `escapedchar_pre` does with its `&&058;` placeholders.
_HIDDEN = {char: chr(0xE000 + index) for index, char in enumerate(RESERVED + "n")}
_SHOWN = {ord(hidden): ("\n" if char == "n" else char) for char, hidden in _HIDDEN.items()}
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")


class GiftSection(Record):
    """The questions under one `$CATEGORY` line (None: before any), which become one quiz."""

    __slots__ = ("category", "line", "questions", "quiz_id")
    category: str | None
    line: int
    questions: tuple[Question, ...]
    quiz_id: str | None
    """The quiz id trainer's export writes as a `// id` comment under the category, if any."""

    def __init__(
        self,
        category: str | None,
        line: int,
        questions: tuple[Question, ...],
        quiz_id: str | None = None,
    ) -> None:
        init(self, category, line, questions, quiz_id)

    @property
    def title(self) -> str | None:
        """The category's last name, which titles its quiz (None when there is no category)."""
        return category_name(self.category) if self.category else None


class GiftImport(Record):
    """What a GIFT file holds for trainer: its questions, its categories, and warnings about it."""

    __slots__ = ("categories", "diagnostics", "questions", "sections")
    questions: tuple[Question, ...]
    categories: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    sections: tuple[GiftSection, ...]
    """The questions by `$CATEGORY`, in the file's order, categories with no question left out;
    the questions before any category form a section whose category is None."""

    def __init__(
        self,
        questions: tuple[Question, ...],
        categories: tuple[str, ...],
        diagnostics: tuple[Diagnostic, ...],
        sections: tuple[GiftSection, ...] = (),
    ) -> None:
        init(self, questions, categories, diagnostics, sections)

    @property
    def has_errors(self) -> bool:
        """True when the file holds nothing to import."""
        return any(d.is_error for d in self.diagnostics)


class GiftError(Exception):
    """The question being read is malformed; the message says why."""


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(line where it starts, its trimmed lines joined) for each blank-line separated question."""
    lines: list[str] = []
    start = 0
    for number, raw in enumerate([*text.split("\n"), ""], 1):
        line = raw.strip()
        if not line:
            if lines:
                yield start, "\n".join(lines)
            lines = []
        elif not line.startswith("//"):
            start = start if lines else number
            lines.append(line)


def _formatted(text: str) -> tuple[str, str | None]:
    """The text without its `[markdown]`-like prefix, and the format it names (None if none)."""
    match = re.match(r"\s*\[(\w+)\]", text)
    if match and match[1] in FORMATS:
        return text[match.end() :], match[1]
    return text, None


class _QuestionReader:
    """Reads one question of a GIFT file; warnings name it by its id."""

    def __init__(self, text: str, question_id: str, warn) -> None:
        self.text = text
        self.id = question_id
        self.warn = warn
        self.html = False
        self.kind = N_("question")
        """What the question is taken for so far, named in the warning when it is skipped."""

    def clean(self, text: str) -> str:
        """A text with its format prefix dropped and its escapes turned back into characters."""
        text, form = _formatted(text.strip())
        self.html = self.html or form == "html"
        return text.translate(_SHOWN).strip()

    def read(self) -> Question | None:
        """The question, None when it has no trainer type; GiftError when malformed."""
        text = self.text
        start, end = text.find("{"), text.find("}")
        if start < 0 and end < 0:
            self.kind = N_("description item")
            raise GiftError(phrase(N_("no answer block `{{…}}`: trainer has no description items")))
        if start >= 0 and (end < 0 or "{" in text[start + 1 : end]):
            raise GiftError(
                phrase(
                    N_("the answer block's `{{` is never closed (write `\\{{` for the character)")
                )
            )
        if start < 0 or end < start:
            raise GiftError(phrase(N_("a `}}` closes no `{{` (write `\\}}` for the character)")))
        after = text[end + 1 :]
        if "{" in after or "}" in after:
            raise GiftError(
                phrase(
                    N_(
                        "more than one answer block `{{…}}`: a question holds one (write `\\{{` "
                        "for the character)"
                    )
                )
            )
        block = text[start + 1 : end].strip()
        general = ""
        if "####" in block:
            block, _, general = block.rpartition("####")
            block = block.strip()
        prompt = text[:start] + (BLANK + after if after.strip() else "")
        if after.strip():
            self.warn(
                "gift-missing-word",
                phrase(
                    N_(
                        "the answers were in the middle of the text (missing word): the prompt "
                        "shows `{blank}` where they were"
                    ),
                    blank=BLANK,
                ),
            )
        fields = {
            "id": self.id,
            "prompt": self.clean(prompt),
            "explanation": self.clean(general) or None,
        }
        if not fields["prompt"]:
            raise GiftError(phrase(N_("the question has no text before its answers")))
        question = self._typed(block, fields)
        if question is not None and self.html:
            self.warn(
                "gift-html",
                phrase(
                    N_(
                        "[html] text is kept as it is written, tags included "
                        "(trainer shows Markdown)"
                    )
                ),
            )
        return question

    def _typed(self, block: str, fields: dict) -> Question | None:
        if block.startswith(">"):
            self.kind = N_("ordering question")
            return self._order(block, fields)
        if not block:
            self.kind = N_("essay question")
            raise GiftError(phrase(N_("trainer has no essay questions (`{{}}`)")))
        if block.startswith("#"):
            self.kind = N_("numerical question")
            raise GiftError(phrase(N_("trainer has no numerical questions (`{{#…}}`)")))
        if "~" in block:
            self.kind = N_("choice question")
            return self._choices(block, fields)
        if "=" in block and "->" in block:
            self.kind = N_("match question")
            return self._match(block, fields)
        if block.split("#", 1)[0].strip() in TRUE_WORDS + FALSE_WORDS:
            self.kind = N_("true/false question")
            return self._true_false(block, fields)
        self.kind = N_("short-answer question")
        return self._text(block, fields)

    def _pieces(self, block: str, mark: str) -> list[str]:
        pieces = block.split(mark)
        if pieces[0].strip():
            raise GiftError(
                phrase(
                    N_("`{text}` is not an answer: each answer starts with `=` or `~`"),
                    text=pieces[0].strip().translate(_SHOWN)[:30],
                )
            )
        return [piece.strip() for piece in pieces[1:]]

    def _weighted(self, piece: str) -> tuple[float | None, str]:
        """The `%50%` weight that starts the piece (None when there is none), as a fraction of
        the marks (0.5), and the rest."""
        if not piece.startswith("%"):
            return None, piece
        match = WEIGHT.match(piece)
        if match is None or not -100 <= float(match[1]) <= 100:
            raise GiftError(
                phrase(
                    N_(
                        "a malformed weight in `{text}`: write `%50%` or `%-25%`, between -100 "
                        "and 100"
                    ),
                    text=piece[:20].translate(_SHOWN),
                )
            )
        return percent_weight(match[1]), piece[match.end() :]

    def _choices(self, block: str, fields: dict) -> Question:
        weighted: list[tuple[float, bool, Choice]] = []
        for piece in self._pieces(block.replace("=", "~="), "~"):
            is_equal = piece.startswith("=")
            weight, body = (1.0, piece[1:]) if is_equal else self._weighted(piece)
            text, _, feedback = body.partition("#")
            choice = Choice(self.clean(text), False, self.clean(feedback) or None)
            if not choice.text:
                raise GiftError(phrase(N_("an answer is empty")))
            weighted.append((weight or 0.0, is_equal, choice))
        if len(weighted) < 2:
            raise GiftError(phrase(N_("a choice question needs at least 2 answers")))
        if any(is_equal for _, is_equal, _ in weighted):
            right = [weight >= 1 for weight, _, _ in weighted]
            if any(0 < weight < 1 for weight, _, _ in weighted):
                self.warn(
                    "gift-partial",
                    phrase(
                        N_(
                            "partial credit on a one-answer question: trainer counts those "
                            "answers wrong"
                        )
                    ),
                )
        else:
            right = [weight > 0 for weight, _, _ in weighted]
        choices = tuple(
            Choice(c.text, ok, c.feedback) for (_, _, c), ok in zip(weighted, right, strict=True)
        )
        count = sum(right)
        if count == 0:
            raise GiftError(
                phrase(
                    N_(
                        "no right answer: mark one with `=`, or give right answers a positive "
                        "weight `~%50%`"
                    )
                )
            )
        if count == 1 and any(is_equal for _, is_equal, _ in weighted):
            return SingleChoice(**fields, choices=choices)
        if any(is_equal for _, is_equal, _ in weighted):
            self.warn(
                "gift-several-right",
                phrase(
                    N_(
                        "several `=` answers: imported as a multiple question, where learners "
                        "pick them all"
                    )
                ),
            )
            return MultipleChoice(**fields, choices=choices)
        weights = [weight for weight, _, _ in weighted]
        if _shares(weights, count):
            return MultipleChoice(**fields, choices=choices)  # the design's rule grades the same
        positive = math.fsum(w for w in weights if w > 0)
        if abs(positive - 1) > WEIGHT_TOLERANCE:
            self.warn(
                "gift-weights",
                phrase(
                    N_(
                        "the right answers' weights sum to {sum} %, not 100 %: imported without "
                        "weights, each right answer worth the same"
                    ),
                    sum=format_weight(positive * 100),
                ),
            )
            return MultipleChoice(**fields, choices=choices)
        return MultipleChoice(
            **fields,
            choices=tuple(
                replace(choice, weight=weight)
                for choice, weight in zip(choices, weights, strict=True)
            ),
        )

    def _match(self, block: str, fields: dict) -> Question:
        pairs: list[tuple[str, str]] = []
        for piece in self._pieces(block, "="):
            left, arrow, right = piece.partition("->")
            if not arrow:
                raise GiftError(
                    phrase(
                        N_("`={text}` has no `->`: a match answer is `=left -> right`"),
                        text=piece[:30].translate(_SHOWN),
                    )
                )
            pair = (self.clean(left), self.clean(right))
            if not pair[0] and pair[1]:
                # Moodle's distractor: a right side that matches no left side.
                self.warn(
                    "gift-distractor",
                    phrase(
                        N_(
                            "the extra right side `{right}` (a distractor) is dropped: trainer "
                            "match questions offer only the right sides of their pairs"
                        ),
                        right=pair[1],
                    ),
                )
                continue
            if not all(pair):
                raise GiftError(
                    phrase(N_("a `->` pair is missing its left side"))
                    if not pair[0]
                    else phrase(N_("a `->` pair is missing its right side"))
                )
            pairs.append(pair)
        if len(pairs) < 2:
            raise GiftError(phrase(N_("a match question needs at least 2 pairs")))
        rights = [right for _, right in pairs]
        if len(set(rights)) < len(rights):
            raise GiftError(
                phrase(N_("two pairs have the same right side: trainer needs them distinct"))
            )
        return Matching(**fields, pairs=tuple(pairs))

    def _order(self, block: str, fields: dict) -> Question:
        """Moodle's ordering question, `{>N ALL VERTICAL ALL_OR_NOTHING SHOW` then an item a
        line, in the right order (question/type/ordering's `import_from_gift`)."""
        match = ORDER_HEAD.match(block)
        if match is None:
            raise GiftError(
                phrase(
                    N_("`>` starts an ordering question: write `>` and the number of items shown")
                )
            )
        # Items are taken as written, as Moodle does: no format prefix is read in them.
        items = [line.translate(_SHOWN).strip() for line in match["items"].split("\n")]
        items = [item for item in items if item]
        if len(items) < 2:
            raise GiftError(phrase(N_("an ordering question needs at least 2 items, one a line")))
        count = int(match["count"])
        if match["select"] in ("RANDOM", "REL", "CONTIGUOUS", "CONTIG") or 2 <= count < len(items):
            self.warn(
                "gift-order-subset",
                phrase(
                    N_(
                        "Moodle shows {count} of the {total} items: trainer shows them all, "
                        "to put in order"
                    ),
                    count=count,
                    total=len(items),
                ),
            )
        grading = match["grading"] or "RELATIVE_NEXT_EXCLUDE_LAST"
        if grading != "ALL_OR_NOTHING":
            self.warn(
                "gift-order-grading",
                phrase(
                    N_(
                        "Moodle grades it `{grading}`: trainer gives the mark only for the whole "
                        "order right (ALL_OR_NOTHING)"
                    ),
                    grading=grading,
                ),
            )
        return Ordering(**fields, items=tuple(items))

    def _true_false(self, block: str, fields: dict) -> Question:
        """Moodle's `{T#for a wrong answer#for a right answer}`: each feedback goes to the
        learner who gave that answer."""
        word, *feedbacks = block.split("#", 2)
        answer = word.strip() in TRUE_WORDS
        wrong, right = (self.clean(text) or None for text in [*feedbacks, "", ""][:2])
        return TrueFalse(
            **fields,
            answer=answer,
            feedback_true=right if answer else wrong,
            feedback_false=wrong if answer else right,
        )

    def _text(self, block: str, fields: dict) -> Question:
        accept: list[str] = []
        feedbacks: list[str | None] = []
        wrong: str | None = None
        for piece in self._pieces(block, "="):
            weight, body = self._weighted(piece)
            text, hash_, feedback = body.partition("#")
            text = self.clean(text)
            if not text:
                raise GiftError(phrase(N_("an answer is empty")))
            if text == "*" and weight is not None and weight <= 0:
                # Moodle's catch-all: its feedback is for any answer the others do not match.
                wrong = wrong or (self.clean(feedback) or None if hash_ else None)
                continue
            if weight is not None and weight <= 0:
                self.warn(
                    "gift-partial",
                    phrase(
                        N_(
                            "`{text}` has weight {weight} %: trainer does not accept it, "
                            "it is dropped"
                        ),
                        text=text,
                        weight=format_weight(weight * 100),
                    ),
                )
                continue
            if weight is not None and weight < 1:
                self.warn(
                    "gift-partial",
                    phrase(
                        N_("`{text}` has weight {weight} %: trainer accepts it for full marks"),
                        text=text,
                        weight=format_weight(weight * 100),
                    ),
                )
            if "*" in text:
                self.warn(
                    "gift-wildcard",
                    phrase(
                        N_("`*` in `{text}` is a wildcard in Moodle, trainer matches it as it is"),
                        text=text,
                    ),
                )
            accept.append(text)
            feedbacks.append(self.clean(feedback) or None if hash_ else None)
        if not accept:
            raise GiftError(
                phrase(N_("no answer: a short-answer question needs at least one `=answer`"))
            )
        return TextAnswer(
            **fields,
            accept=tuple(accept),
            accept_feedback=tuple(feedbacks) if any(feedbacks) else (),
            feedback_wrong=wrong,
        )


def _shares(weights: list[float], count: int) -> bool:
    """Whether the weights are trainer's own rule: each right choice 1/count, each wrong one
    -1/count (as trainer's export writes them), so that the question needs no weights."""
    share = 1 / count
    return all(abs(abs(weight) - share) <= WEIGHT_TOLERANCE for weight in weights)


def _named_quiz(text: str, line: int) -> str | None:
    """The id in a `// quiz-id` comment on the line after the `$CATEGORY` at `line` (1-based), as
    trainer's export writes it; None when there is none."""
    lines = text.split("\n")
    if line >= len(lines):
        return None
    comment = lines[line].strip()
    if not comment.startswith("//"):
        return None
    name = comment[2:].strip()
    return name if is_valid_id(name) else None


def category_name(path: str) -> str:
    """The last name of a Moodle category path (`$course$/top/Module A` → `Module A`); `//`
    stands for a `/` inside a name, as Moodle writes it."""
    names = path.replace("//", "\0").split("/")
    return names[-1].replace("\0", "/").strip()


def category_path(*names: str) -> str:
    """A Moodle category path of these names, a `/` inside a name written `//`."""
    return "/".join(name.replace("/", "//") for name in names)


def import_gift(text: str, path: str = "<gift>") -> GiftImport:
    """The questions of a GIFT text; diagnostics name `path` and the line a question starts at.

    Ids come from `::title::`, slugified and made unique, else q1, q2… by position. A question
    that cannot be read is skipped with a warning that says its line, its kind and why; only a
    file with nothing to import is an error.
    """
    diagnostics: list[Diagnostic] = []
    questions: list[Question] = []
    categories: list[str] = []
    sections: list[GiftSection] = []
    used: set[str] = set()
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    def skipped(line: int, question_id: str, kind: str, why: str | Text) -> None:
        diagnostics.append(
            diagnostic(
                path,
                line,
                Severity.WARNING,
                "gift-skipped",
                phrase(
                    N_("{kind} `{id}` skipped: {why}"),
                    id=question_id,
                    kind=phrase(kind),
                    why=as_text(why),
                ),
            )
        )

    for position, (line, block) in enumerate(_blocks(text), 1):
        block = _ESCAPE.sub(lambda match: _HIDDEN[match[1]], block)
        if block.startswith("$CATEGORY:"):
            category = block[len("$CATEGORY:") :].translate(_SHOWN).strip()
            categories.append(category)
            sections.append(GiftSection(category, line, (), _named_quiz(text, line)))
            continue
        title = None
        if block.startswith("::"):
            title, closed, rest = block[2:].partition("::")
            if not closed:
                skipped(
                    line,
                    f"q{position}",
                    N_("question"),
                    phrase(N_("the title's `::` is never closed")),
                )
                continue
            block = rest.strip()
        question_id = base = (
            slugify(title.translate(_SHOWN), f"q{position}") if title else f"q{position}"
        )
        suffix = 1
        while question_id in used:
            suffix += 1
            question_id = f"{base}-{suffix}"
        used.add(question_id)

        # A question's warnings count only if it is read: a skipped one gets one warning alone.
        pending: list[Diagnostic] = []

        def warn(
            code: str,
            message: str | Text,
            line: int = line,
            question_id: str = question_id,
            pending: list[Diagnostic] = pending,
        ) -> None:
            pending.append(
                diagnostic(
                    path,
                    line,
                    Severity.WARNING,
                    code,
                    phrase(
                        N_("question `{id}`: {message}"),
                        id=question_id,
                        message=as_text(message),
                    ),
                )
            )

        reader = _QuestionReader(block, question_id, warn)
        try:
            question = reader.read()
        except GiftError as error:
            skipped(line, question_id, reader.kind, error.args[0])
            continue
        diagnostics.extend(pending)
        if question is not None:
            question = replace(question, line=line)
            questions.append(question)
            if not sections:
                sections.append(GiftSection(None, line, ()))
            section = sections[-1]
            sections[-1] = replace(section, questions=(*section.questions, question))
    if not questions:
        diagnostics.append(
            diagnostic(
                path,
                1 if text.strip() else 0,
                Severity.ERROR,
                "gift-empty",
                phrase(N_("no question to import")),
            )
        )
    return GiftImport(
        tuple(questions),
        tuple(categories),
        tuple(diagnostics),
        tuple(section for section in sections if section.questions),
    )
