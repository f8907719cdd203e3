"""Item-writing flaws a program can see: the habits that let a learner pass a quiz without knowing.

Each rule gives a warning with a stable code (an error under `trainer validate --strict`) and says
what to do; docs/authoring.md shows each with a before and an after. The thresholds are chosen to
flag what a test-wise learner would exploit, not every imperfect item:

- `right-choice-longest`: a single-choice question whose right choice is the longest, more than
  1.5 times the wrong choices' mean length and at least 20 characters longer than that mean.
- `true-false-same-answer`: a quiz of 3 or more true/false questions that all have the same answer.
- `all-none-of-the-above`: a choice « toutes ces réponses », « aucune de ces réponses », « all of
  the above », « none of the above » (accents and case ignored).
- `negative-stem`: the question's last sentence asks in the negative (« ne … pas », « n'… pas »,
  « ne … jamais », « not », « never », « cannot ») without putting the negation in **bold**.
- `duplicate-choice`: two choices of a question with the same text (spaces and final punctuation
  ignored; case kept: « #fetedelamusique » and « #FeteDeLaMusique » differ to a screen reader).
- `right-choice-echoes-prompt`: a word of the prompt, 6 letters or more and not a common word,
  that reappears in the right choice of a single-choice question and in none of its wrong choices.

`habit_figures` measures, over a set of quizzes, how far the habits of a learner who knows nothing
would carry them: the figures of the course's item-writing goals.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from trainer.course.diagnostics import Mark, Report
from trainer.course.keypoints import fold
from trainer.course.model import ChoiceQuestion, Question, Quiz, SingleChoice, TrueFalse
from trainer.i18n import _
from trainer.records import Record, init

CODES = frozenset(
    {
        "right-choice-longest",
        "true-false-same-answer",
        "all-none-of-the-above",
        "negative-stem",
        "duplicate-choice",
        "right-choice-echoes-prompt",
    }
)
"""The codes of the item-writing warnings."""

LONGEST_RATIO = 1.5
"""The right choice is flagged when longer than this many times the wrong choices' mean…"""
LONGEST_MARGIN = 20
"""…and at least this many characters longer than that mean."""
FEWEST_TRUE_FALSE = 3
"""A quiz with fewer true/false questions than this is not checked for same answers."""
ECHO_LENGTH = 6
"""A prompt word this long or longer, found in the right choice only, is an echo."""

_ABOVE = re.compile(
    r"\b(?:(?:toutes|aucune)\s+(?:de\s+ces|ces|des|les)\s+(?:reponses|propositions)"
    r"|(?:all|none)\s+of\s+the\s+(?:above|answers))\b"
)
_FRENCH_NEGATION = re.compile(r"\b(?:ne\s+|n')(?:[\w-]+\s+){0,3}?(?:pas|jamais)\b")
_ENGLISH_NEGATION = re.compile(r"\b(?:not|never|cannot)\b")
_BOLD = re.compile(r"\*\*.+?\*\*|__.+?__", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

COMMON_WORDS = frozenset(
    """
    pourquoi comment quelle quelles lequel laquelle lesquels lesquelles combien quoi
    toujours jamais souvent encore depuis pendant contre devant derriere parmi selon
    avant apres chaque plusieurs certains certaines autres autre toutes aucune aucun
    cette celle celui ceux celles votre notre leurs elles elle-meme vous-meme
    doivent devez devrait faites faire peuvent pouvez premier premiere suivant suivante
    suivants suivantes reponse reponses bonne meilleure mieux situation question
    collectivite commune mairie service agent agents
    should would could which whose whether because before without within through
    another others always never answer answers following better first please
    council officer officers authority
    """.split()  # noqa: SIM905  (a word list reads best as words)
)
"""Words of 6 letters or more that a prompt and its answer share without giving anything away."""


def check_quiz(quiz: Quiz, report: Report) -> None:
    """Add the item-writing warnings of `quiz` to `report`."""
    for question in quiz.questions:
        flaws = question_flaws(question)
        if flaws:
            mark = Mark(question.line, 1) if question.line else Mark(1, 1)
            for code, message in flaws:
                report.warning(quiz.path, mark, code, message)
    flaw = same_true_false(quiz.questions)
    if flaw is not None:
        first = next(q for q in quiz.questions if isinstance(q, TrueFalse))
        report.warning(quiz.path, Mark(first.line or 1, 1), *flaw)


def check_quizzes(quizzes: Iterable[Quiz], report: Report) -> None:
    """Add the item-writing warnings of every quiz of `quizzes` to `report`."""
    for quiz in quizzes:
        check_quiz(quiz, report)


def question_flaws(question: Question) -> list[tuple[str, str]]:
    """The item-writing flaws of one question: (code, message) pairs, in the user's language."""
    flaws: list[tuple[str, str]] = []
    qid = question.id
    if isinstance(question, SingleChoice) and right_choice_too_long(question):
        flaws.append(
            (
                "right-choice-longest",
                _(
                    "question `{id}`: the right choice is much longer than the others — learners "
                    "who know nothing pick the longest; shorten it, or make the wrong choices as "
                    "precise"
                ).format(id=qid),
            )
        )
    if isinstance(question, ChoiceQuestion):
        for choice in question.choices:
            if _ABOVE.search(fold(choice.text)):
                flaws.append(
                    (
                        "all-none-of-the-above",
                        _(
                            "question `{id}`: « {choice} » rewards partial knowledge and tests "
                            "nothing; write a real choice instead, or make it a multiple-choice "
                            "question"
                        ).format(id=qid, choice=_short(choice.text)),
                    )
                )
        duplicate = duplicate_choice(question)
        if duplicate is not None:
            flaws.append(
                (
                    "duplicate-choice",
                    _(
                        "question `{id}`: two choices read « {choice} »; rewrite or remove one"
                    ).format(id=qid, choice=_short(duplicate)),
                )
            )
    if unbolded_negation(question.prompt):
        flaws.append(
            (
                "negative-stem",
                _(
                    "question `{id}`: the question asks in the negative and learners miss it; ask "
                    "it in the positive, or put the negation in bold (« ne doit **pas** »)"
                ).format(id=qid),
            )
        )
    if isinstance(question, SingleChoice):
        echo = prompt_echo(question)
        if echo is not None:
            flaws.append(
                (
                    "right-choice-echoes-prompt",
                    _(
                        "question `{id}`: « {word} » comes from the prompt and only the right "
                        "choice repeats it — that gives the answer away; reword the right choice, "
                        "or use the word in a wrong choice too"
                    ).format(id=qid, word=echo),
                )
            )
    return flaws


def right_choice_too_long(question: ChoiceQuestion) -> bool:
    """Whether the right choice is the longest, by far: see LONGEST_RATIO and LONGEST_MARGIN."""
    right = [_length(c.text) for c in question.choices if c.correct]
    wrong = [_length(c.text) for c in question.choices if not c.correct]
    if len(right) != 1 or not wrong:
        return False
    mean = sum(wrong) / len(wrong)
    return (
        right[0] > max(wrong)
        and right[0] > LONGEST_RATIO * mean
        and right[0] >= mean + LONGEST_MARGIN
    )


def same_true_false(questions: Iterable[Question]) -> tuple[str, str] | None:
    """(code, message) when 3 or more true/false questions all have the same answer."""
    answers = [q.answer for q in questions if isinstance(q, TrueFalse)]
    if len(answers) < FEWEST_TRUE_FALSE or len(set(answers)) != 1:
        return None
    if answers[0]:
        message = _(
            "the {n} true/false questions of this quiz are all true: learners who always answer "
            "« true » pass them; make some statements false"
        )
    else:
        message = _(
            "the {n} true/false questions of this quiz are all false: learners who always answer "
            "« false » pass them; make some statements true"
        )
    return "true-false-same-answer", message.format(n=len(answers))


def duplicate_choice(question: ChoiceQuestion) -> str | None:
    """The text of a choice written twice (spaces and final punctuation ignored)."""
    seen: set[str] = set()
    for choice in question.choices:
        key = " ".join(unicodedata.normalize("NFC", choice.text).split()).rstrip(" .!?;:…")
        if key in seen:
            return choice.text
        seen.add(key)
    return None


def question_sentence(prompt: str) -> str:
    """The prompt's last sentence: the question itself, after the situation that sets it."""
    sentences = [s for s in _SENTENCE_END.split(prompt.strip()) if s.strip()]
    return sentences[-1] if sentences else ""


def unbolded_negation(prompt: str) -> bool:
    """Whether the prompt's question asks in the negative without the negation in bold."""
    plain = fold(_BOLD.sub(" ", question_sentence(prompt)))
    return bool(_FRENCH_NEGATION.search(plain) or _ENGLISH_NEGATION.search(plain))


def prompt_echo(question: ChoiceQuestion) -> str | None:
    """A word of 6 letters or more from the prompt that the right choice alone repeats."""
    right = [c for c in question.choices if c.correct]
    wrong = [c for c in question.choices if not c.correct]
    if len(right) != 1 or len(wrong) < 2:
        return None
    prompt_words = _content_words(question.prompt)
    in_right = _content_words(right[0].text) & prompt_words
    in_wrong: set[str] = set().union(*(_content_words(c.text) for c in wrong))
    echoes = sorted(in_right - in_wrong)
    return echoes[0] if echoes else None


def _content_words(text: str) -> set[str]:
    """The words of `text` of 6 letters or more that are not common words, folded."""
    return {
        word
        for word in _WORD.findall(fold(text).replace("'", " "))
        if len(word) >= ECHO_LENGTH and word not in COMMON_WORDS and not word.isdigit()
    }


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class HabitFigures(Record):
    """How far the habits of a learner who knows nothing carry them through a set of quizzes."""

    __slots__ = ("first_right", "longest_right", "single_choice", "true_answers", "true_false")
    single_choice: int
    longest_right: int
    """Single-choice questions whose right choice is the longest (strictly)."""
    true_false: int
    true_answers: int
    """True/false questions whose answer is « true »."""
    first_right: int
    """Single-choice questions whose right answer is the first choice as written."""

    def __init__(
        self,
        single_choice: int,
        longest_right: int,
        true_false: int,
        true_answers: int,
        first_right: int,
    ) -> None:
        init(self, single_choice, longest_right, true_false, true_answers, first_right)

    @staticmethod
    def share(part: int, whole: int) -> float:
        """`part` of `whole` as a fraction (0 when there is nothing to count)."""
        return part / whole if whole else 0.0

    def lines(self) -> list[str]:
        """The three figures, one a line, as the issue's table shows them."""
        return [
            f"longest choice is right (single-choice): {self.longest_right} of "
            f"{self.single_choice} ({self.share(self.longest_right, self.single_choice):.0%})",
            f"true/false answered « true »: {self.true_answers} of {self.true_false} "
            f"({self.share(self.true_answers, self.true_false):.0%})",
            f"right answer is the first choice as written (single-choice): {self.first_right} "
            f"of {self.single_choice} ({self.share(self.first_right, self.single_choice):.0%})",
        ]


def habit_figures(quizzes: Iterable[Quiz]) -> HabitFigures:
    """Count, over `quizzes`, the questions a test-taking habit answers right."""
    single = longest = tf = true = first = 0
    for quiz in quizzes:
        for question in quiz.questions:
            if isinstance(question, TrueFalse):
                tf += 1
                true += question.answer
            elif isinstance(question, SingleChoice) and question.choices:
                single += 1
                lengths = [_length(c.text) for c in question.choices]
                right = next(i for i, c in enumerate(question.choices) if c.correct)
                longest += all(lengths[right] > n for i, n in enumerate(lengths) if i != right)
                first += right == 0
    return HabitFigures(single, longest, tf, true, first)
