"""Moodle GIFT: a quiz out as GIFT text, GIFT text in as questions, and those questions as quiz YAML.

Pure: strings in, strings and model objects out. The syntax is that of Moodle's own reader
(question/format/gift/format.php): questions are separated by blank lines, every line is trimmed,
`//` lines are comments, and `~ = # { } :` are escaped with a backslash in every text.

GIFT and trainer do not hold the same things. Whatever one side cannot keep is a warning that names
the question, never a silent loss; whatever cannot be read at all is an error at the line where
its question starts.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import yaml

from trainer.course.diagnostics import Diagnostic, Severity
from trainer.course.model import (
    Choice,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)

RESERVED = "\\~=#{}:"
"""Characters escaped with a backslash in GIFT texts (the backslash itself first)."""
FORMATS = ("moodle", "html", "plain", "markdown")
TRUE_WORDS, FALSE_WORDS = ("T", "TRUE"), ("F", "FALSE")
BLANK = "_____"
"""What a missing-word question's prompt shows where its answers were."""
WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
MISREAD_START = re.compile(r"\s*(%-?\d|\[(" + "|".join(FORMATS) + r")\])")
"""How an answer may start that GIFT would take for a weight or a format, not for text."""

# An escaped character stands as a private-use code point while the text is cut up, as Moodle's
# `escapedchar_pre` does with its `&&058;` placeholders.
_HIDDEN = {char: chr(0xE000 + index) for index, char in enumerate(RESERVED + "n")}
_SHOWN = {ord(hidden): ("\n" if char == "n" else char) for char, hidden in _HIDDEN.items()}
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")


def _diagnostic(path: str, line: int, severity: Severity, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, 0, severity, code, message)


def slugify(text: str, fallback: str = "quiz") -> str:
    """`text` as an id matching [a-z0-9][a-z0-9-]*: accents dropped, other signs made hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or fallback


# export ------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """`text` for GIFT: reserved characters escaped, line breaks kept where a reader keeps them.

    A line break stays a real one when the reader (which trims lines, ends a question at a blank
    line and skips `//` lines) gives it back unchanged; elsewhere it is written `\\n`.
    """
    lines = re.sub(r"([\\~=#{}:])", r"\\\1", text).split("\n")
    escaped = lines[0]
    for before, line in itertools.pairwise(lines):
        kept = line and not line[0].isspace() and not line.startswith("//") and not before[-1:].isspace()
        escaped += ("\n" if kept else "\\n") + line
    return escaped


def format_weight(percent: float) -> str:
    """A GIFT answer weight: up to 5 decimals, as Moodle accepts (33.33333, 50, -12.5)."""
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def _with_feedback(text: str, feedback: str | None) -> str:
    return escape(text) + (f"#{escape(feedback)}" if feedback else "")


def _answers(question: Question) -> list[str]:
    """The lines of the question's answer block, without its general feedback."""
    if isinstance(question, SingleChoice):
        return [("=" if c.correct else "~") + _with_feedback(c.text, c.feedback) for c in question.choices]
    if isinstance(question, MultipleChoice):
        share = format_weight(100 / len(question.correct_positions))
        return [
            f"~%{'' if c.correct else '-'}{share}%" + _with_feedback(c.text, c.feedback) for c in question.choices
        ]
    if isinstance(question, TrueFalse):
        return ["TRUE" if question.answer else "FALSE"]
    if isinstance(question, TextAnswer):
        return ["=" + escape(accepted) for accepted in question.accept]
    if isinstance(question, Matching):
        return [f"={escape(left)} -> {escape(right)}" for left, right in question.pairs]
    raise TypeError(f"no GIFT type for {question.type} questions")


def _losses(question: Question) -> Iterator[tuple[str, str]]:
    """(code, message) for each part of the question GIFT cannot hold or would read back wrong."""
    if isinstance(question, Ordering):
        yield "gift-order", "order questions have no GIFT type: skipped"
        return
    if question.hint:
        yield "gift-hint", "GIFT has no hints: the hint is dropped"
    if question.points != 1:
        yield "gift-points", f"GIFT has no question weight in its text: `points: {question.points:g}` is dropped, set the mark in Moodle"
    if isinstance(question, Matching) and any("->" in left for left in question.lefts):
        yield "gift-arrow", "a left side holds `->`, which GIFT reads as the end of the left side"
    if isinstance(question, TextAnswer) and any("->" in accepted for accepted in question.accept):
        yield "gift-arrow", "an accepted answer holds `->`: GIFT reads the question as a match"
    if any(MISREAD_START.match(text) for text in _answer_texts(question)):
        yield "gift-misread", "an answer starts with `%…%` or `[format]`, which GIFT reads as a weight or a text format"


def _answer_texts(question: Question) -> list[str]:
    """The texts of the answer block, each of which GIFT reads from its start."""
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return [text for c in question.choices for text in (c.text, c.feedback or "")]
    if isinstance(question, TextAnswer):
        return list(question.accept)
    if isinstance(question, Matching):
        return list(question.lefts)
    return []


def _question_text(question: Question) -> str:
    lines = [f"::{escape(question.id)}::[markdown]{escape(question.prompt)} {{"]
    lines += [f"\t{answer}" for answer in _answers(question)]
    if question.explanation:
        lines.append(f"\t####{escape(question.explanation)}")
    lines.append("}")
    return "\n".join(lines)


@dataclass(frozen=True)
class GiftExport:
    """A quiz as GIFT text, with a warning for each thing the text could not hold."""

    text: str
    warnings: tuple[Diagnostic, ...]


def export_quiz(quiz: Quiz, course_id: str) -> GiftExport:
    """The quiz as GIFT: its `$CATEGORY` line first, then one question a paragraph."""
    warnings: list[Diagnostic] = []

    def warn(line: int, code: str, message: str) -> None:
        warnings.append(_diagnostic(quiz.path, line, Severity.WARNING, code, message))

    for name, value, default in (("pass_mark", quiz.pass_mark, None), ("shuffle", quiz.shuffle, False), ("max_attempts", quiz.max_attempts, None)):
        if value != default:
            warn(0, "gift-quiz-option", f"quiz `{quiz.id}`: GIFT holds questions only: `{name}` is dropped, set it on the Moodle quiz")
    parts = [f"$CATEGORY: {course_id}/{quiz.id}", f"// {escape(quiz.title)}"]
    for question in quiz.questions:
        for code, message in _losses(question):
            warn(question.line, code, f"question `{question.id}`: {message}")
        if not isinstance(question, Ordering):
            parts.append(_question_text(question))
    if len(parts) == 2:
        warn(0, "gift-empty", f"quiz `{quiz.id}`: no question could be exported")
    # The category is a question of its own to Moodle: a blank line must end it.
    text = "\n".join(parts[:2]) + "\n\n" + "".join(f"{part}\n\n" for part in parts[2:])
    return GiftExport(text.rstrip("\n") + "\n", tuple(warnings))


# import ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GiftImport:
    """What a GIFT file holds for trainer: its questions, its categories, and what was said of it."""

    questions: tuple[Question, ...]
    categories: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def has_errors(self) -> bool:
        """True when the file could not be read as a whole."""
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
            raise GiftError("no answer block `{…}`: trainer has no description items")
        if start >= 0 and (end < 0 or "{" in text[start + 1 : end]):
            raise GiftError("the answer block's `{` is never closed (write `\\{` for the character)")
        if start < 0 or end < start:
            raise GiftError("a `}` closes no `{` (write `\\}` for the character)")
        after = text[end + 1 :]
        if "{" in after or "}" in after:
            raise GiftError("more than one answer block `{…}`: a question holds one (write `\\{` for the character)")
        block = text[start + 1 : end].strip()
        general = ""
        if "####" in block:
            block, _, general = block.rpartition("####")
            block = block.strip()
        prompt = text[:start] + (BLANK + after if after.strip() else "")
        if after.strip():
            self.warn("gift-missing-word", f"the answers were in the middle of the text (missing word): the prompt shows `{BLANK}` where they were")
        fields = {"id": self.id, "prompt": self.clean(prompt), "explanation": self.clean(general) or None}
        if not fields["prompt"]:
            raise GiftError("the question has no text before its answers")
        question = self._typed(block, fields)
        if question is not None and self.html:
            self.warn("gift-html", "[html] text is kept as it is written, tags included (trainer shows Markdown)")
        return question

    def _typed(self, block: str, fields: dict) -> Question | None:
        if not block:
            self.warn("gift-essay", "essay questions `{}` have no trainer type: skipped")
            return None
        if block.startswith("#"):
            self.warn("gift-numerical", "numerical questions `{#…}` have no trainer type: skipped")
            return None
        if "~" in block:
            return self._choices(block, fields)
        if "=" in block and "->" in block:
            return self._match(block, fields)
        if block.split("#", 1)[0].strip() in TRUE_WORDS + FALSE_WORDS:
            return self._true_false(block, fields)
        return self._text(block, fields)

    def _pieces(self, block: str, mark: str) -> list[str]:
        pieces = block.split(mark)
        if pieces[0].strip():
            raise GiftError(f"`{pieces[0].strip().translate(_SHOWN)[:30]}` is not an answer: each answer starts with `=` or `~`")
        return [piece.strip() for piece in pieces[1:]]

    def _weighted(self, piece: str) -> tuple[float | None, str]:
        """The `%50%` weight that starts the piece (None when there is none) and the rest."""
        if not piece.startswith("%"):
            return None, piece
        match = WEIGHT.match(piece)
        if match is None or not -100 <= float(match[1]) <= 100:
            raise GiftError(f"a malformed weight in `{piece[:20]}`: write `%50%` or `%-25%`, between -100 and 100")
        return float(match[1]), piece[match.end() :]

    def _choices(self, block: str, fields: dict) -> Question:
        weighted: list[tuple[float, bool, Choice]] = []
        for piece in self._pieces(block.replace("=", "~="), "~"):
            is_equal = piece.startswith("=")
            weight, body = (100.0, piece[1:]) if is_equal else self._weighted(piece)
            text, _, feedback = body.partition("#")
            choice = Choice(self.clean(text), False, self.clean(feedback) or None)
            if not choice.text:
                raise GiftError("an answer is empty")
            weighted.append((weight or 0.0, is_equal, choice))
        if len(weighted) < 2:
            raise GiftError("a choice question needs at least 2 answers")
        if any(is_equal for _, is_equal, _ in weighted):
            right = [weight >= 100 for weight, _, _ in weighted]
            if any(0 < weight < 100 for weight, _, _ in weighted):
                self.warn("gift-partial", "partial credit on a one-answer question: trainer counts those answers wrong")
        else:
            right = [weight > 0 for weight, _, _ in weighted]
        choices = tuple(Choice(c.text, ok, c.feedback) for (_, _, c), ok in zip(weighted, right))
        count = sum(right)
        if count == 0:
            raise GiftError("no right answer: mark one with `=`, or give right answers a positive weight `~%50%`")
        if count == 1 and any(is_equal for _, is_equal, _ in weighted):
            return SingleChoice(**fields, choices=choices)
        if any(is_equal for _, is_equal, _ in weighted):
            self.warn("gift-several-right", "several `=` answers: imported as a multiple question, where learners pick them all")
        self._check_weights([w for w, _, _ in weighted], right)
        return MultipleChoice(**fields, choices=choices)

    def _check_weights(self, weights: list[float], right: list[bool]) -> None:
        positive = {w for w, ok in zip(weights, right) if ok}
        if len(positive) > 1:
            self.warn("gift-weights", "the right answers have unequal weights: trainer weighs every correct choice the same")
        penalty = -100 / sum(right)
        if any(abs(w - penalty) > 0.01 for w, ok in zip(weights, right) if not ok):
            self.warn("gift-weights", f"trainer takes {format_weight(-penalty)} % off for each wrong answer picked, whatever its weight")

    def _match(self, block: str, fields: dict) -> Question:
        pairs: list[tuple[str, str]] = []
        for piece in self._pieces(block, "="):
            left, arrow, right = piece.partition("->")
            if not arrow:
                raise GiftError(f"`={piece[:30].translate(_SHOWN)}` has no `->`: a match answer is `=left -> right`")
            pair = (self.clean(left), self.clean(right))
            if not all(pair):
                raise GiftError(f"a `->` pair is missing its {'left' if not pair[0] else 'right'} side")
            pairs.append(pair)
        if len(pairs) < 2:
            raise GiftError("a match question needs at least 2 pairs")
        rights = [right for _, right in pairs]
        if len(set(rights)) < len(rights):
            raise GiftError("two pairs have the same right side: trainer needs them distinct")
        return Matching(**fields, pairs=tuple(pairs))

    def _true_false(self, block: str, fields: dict) -> Question:
        word, *feedbacks = block.split("#", 2)
        answer = word.strip() in TRUE_WORDS
        wrong, right = ([*feedbacks, "", ""])[:2]
        by_answer = {answer: self.clean(right), not answer: self.clean(wrong)}
        folded = [f"{'TRUE' if value else 'FALSE'}: {by_answer[value]}" for value in (True, False) if by_answer[value]]
        if folded:
            self.warn("gift-tf-feedback", "trainer true_false has no feedback per answer: the two feedbacks are added to the explanation")
            fields["explanation"] = "\n\n".join(filter(None, [fields["explanation"], *folded]))
        return TrueFalse(**fields, answer=answer)

    def _text(self, block: str, fields: dict) -> Question:
        accept: list[str] = []
        for piece in self._pieces(block, "="):
            weight, body = self._weighted(piece)
            text, hash_, feedback = body.partition("#")
            text = self.clean(text)
            if not text:
                raise GiftError("an answer is empty")
            if hash_ and feedback.strip():
                self.warn("gift-feedback", f"trainer text questions have no feedback per answer: the feedback of `{text}` is dropped")
            if weight is not None and weight <= 0:
                self.warn("gift-partial", f"`{text}` has weight {format_weight(weight)} %: trainer does not accept it, it is dropped")
                continue
            if weight is not None and weight < 100:
                self.warn("gift-partial", f"`{text}` has weight {format_weight(weight)} %: trainer accepts it for full marks")
            if "*" in text:
                self.warn("gift-wildcard", f"`*` in `{text}` is a wildcard in Moodle, trainer matches it as it is")
            accept.append(text)
        if not accept:
            raise GiftError("no answer: a short-answer question needs at least one `=answer`")
        return TextAnswer(**fields, accept=tuple(accept))


def import_gift(text: str, path: str = "<gift>") -> GiftImport:
    """The questions of a GIFT text; diagnostics name `path` and the line a question starts at.

    Ids come from `::title::`, slugified and made unique, else q1, q2… by position.
    """
    diagnostics: list[Diagnostic] = []
    questions: list[Question] = []
    categories: list[str] = []
    used: set[str] = set()
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for position, (line, block) in enumerate(_blocks(text), 1):
        block = _ESCAPE.sub(lambda match: _HIDDEN[match[1]], block)
        if block.startswith("$CATEGORY:"):
            categories.append(block[len("$CATEGORY:") :].translate(_SHOWN).strip())
            continue
        title = None
        if block.startswith("::"):
            title, closed, rest = block[2:].partition("::")
            if not closed:
                diagnostics.append(_diagnostic(path, line, Severity.ERROR, "gift-syntax", "the title's `::` is never closed"))
                continue
            block = rest.strip()
        question_id = base = slugify(title.translate(_SHOWN), f"q{position}") if title else f"q{position}"
        suffix = 1
        while question_id in used:
            suffix += 1
            question_id = f"{base}-{suffix}"
        used.add(question_id)

        def warn(code: str, message: str, line: int = line, question_id: str = question_id) -> None:
            diagnostics.append(_diagnostic(path, line, Severity.WARNING, code, f"question `{question_id}`: {message}"))

        try:
            question = _QuestionReader(block, question_id, warn).read()
        except GiftError as error:
            diagnostics.append(_diagnostic(path, line, Severity.ERROR, "gift-syntax", f"question `{question_id}`: {error}"))
            continue
        if question is not None:
            questions.append(replace(question, line=line))
    if not questions and not any(d.is_error for d in diagnostics):
        diagnostics.append(_diagnostic(path, 1 if text.strip() else 0, Severity.ERROR, "gift-empty", "no question to import"))
    return GiftImport(tuple(questions), tuple(categories), tuple(diagnostics))


# quiz YAML ---------------------------------------------------------------------------------------


class _Pair(tuple):
    """A match pair, written `[left, right]` on one line as in the design's example."""


class _QuizDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, indenting lists under their key as the bundled quizzes do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # type: ignore[override]
        return super().increase_indent(flow, False)

    # A `[left, right]` pair stays on one line, however long: folded, it would be hard to read.
    def write_plain(self, text, split=True):  # type: ignore[override]
        super().write_plain(text, split and not self.flow_level)

    def write_single_quoted(self, text, split=True):  # type: ignore[override]
        super().write_single_quoted(text, split and not self.flow_level)

    def write_double_quoted(self, text, split=True):  # type: ignore[override]
        super().write_double_quoted(text, split and not self.flow_level)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else ">" if len(text) > 72 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_QuizDumper.add_representer(str, _represent_text)
_QuizDumper.add_representer(
    _Pair, lambda dumper, pair: dumper.represent_sequence("tag:yaml.org,2002:seq", list(pair), flow_style=True)
)


def question_data(question: Question) -> dict[str, object]:
    """The question as the pack format writes it, keys in the order of the design's example."""
    data: dict[str, object] = {"id": question.id, "type": question.type.value}
    if question.points != 1:
        data["points"] = question.points
    data["prompt"] = question.prompt
    if isinstance(question, (SingleChoice, MultipleChoice)):
        data["choices"] = [
            {"text": c.text, **({"correct": True} if c.correct else {}), **({"feedback": c.feedback} if c.feedback else {})}
            for c in question.choices
        ]
    elif isinstance(question, TrueFalse):
        data["answer"] = question.answer
    elif isinstance(question, TextAnswer):
        data["accept"] = list(question.accept)
    elif isinstance(question, Ordering):
        data["items"] = list(question.items)
    elif isinstance(question, Matching):
        data["pairs"] = [_Pair(pair) for pair in question.pairs]
    if question.hint:
        data["hint"] = question.hint
    if question.explanation:
        data["explanation"] = question.explanation
    return data


def quiz_yaml(title: str, questions: Iterable[Question]) -> str:
    """A quiz file in the pack format: its title and questions, long texts as block scalars."""
    data = {"title": title, "questions": [question_data(q) for q in questions]}
    return yaml.dump(data, Dumper=_QuizDumper, sort_keys=False, allow_unicode=True, width=100)
