"""The model texts `trainer new` writes into a new pack's files, and the warning for a file that
still holds them when the pack is checked.

A lesson titled « Titre de la leçon » with a source at example.org validates: every key is right.
It is still not ready for learners, so `trainer validate` says which parts were left as written
(one warning a file), and `--strict` refuses them.
"""

from __future__ import annotations

from collections.abc import Iterable

from trainer.course.diagnostics import Mark, Report, phrase
from trainer.course.model import ChoiceQuestion, Lesson, Quiz
from trainer.i18n import N_

CODES = frozenset({"placeholder"})

MODEL_URL = "https://example.org/"

MODEL_TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "course": "Mon cours",
        "module": "Premier module",
        "lesson": "Titre de la leçon",
        "objective": "Ce que la personne saura faire après la leçon",
        "body": (
            "## Situation\n\nCommencez par une situation concrète : un agent, un service, un "
            "problème à résoudre.\n\n## L'essentiel\n\nExpliquez en quelques paragraphes courts. "
            "Les listes et les tableaux étroits se lisent bien dans un terminal.\n\n"
            "## À retenir\n\n- Une première action\n- Une deuxième action\n- Une troisième action\n"
        ),
        "source": "Titre de la source",
        "quiz": "Quiz",
        "single": "Quelle est la bonne réponse ?",
        "right": "La bonne réponse",
        "right_feedback": "Oui : dites pourquoi c'est juste.",
        "wrong": "Une réponse plausible mais fausse",
        "wrong_feedback": "Non : dites pourquoi c'est faux.",
        "explanation": "L'explication montrée après la réponse.",
        "statement": "Une affirmation vraie.",
    },
    "en": {
        "course": "My course",
        "module": "First module",
        "lesson": "Lesson title",
        "objective": "What the learner can do after the lesson",
        "body": (
            "## Situation\n\nStart with a concrete situation: an officer, a department, a problem "
            "to solve.\n\n## The essentials\n\nExplain in a few short paragraphs. Lists and narrow "
            "tables read well in a terminal.\n\n## Key points\n\n- A first action\n"
            "- A second action\n- A third action\n"
        ),
        "source": "Title of the source",
        "quiz": "Quiz",
        "single": "Which is the right answer?",
        "right": "The right answer",
        "right_feedback": "Yes: say why it is right.",
        "wrong": "A plausible but wrong answer",
        "wrong_feedback": "No: say why it is wrong.",
        "explanation": "The explanation shown after answering.",
        "statement": "A true statement.",
    },
}


def _model(key: str) -> set[str]:
    return {texts[key] for texts in MODEL_TEXTS.values()}


_BODY_LINES = {
    line
    for texts in MODEL_TEXTS.values()
    for line in texts["body"].split("\n")
    if len(line) > 30  # the sentences, not the headings or short list items
}


_LESSON_TITLES = _model("lesson")
_OBJECTIVES = _model("objective")
_SOURCE_TITLES = _model("source")
_QUESTION_TEXTS = set().union(
    *(_model(key) for key in ("single", "statement", "right", "wrong", "explanation"))
)
"""The model texts each check compares with, gathered once rather than for every file."""


def lesson_placeholders(lesson: Lesson) -> list[str]:
    """The keys of `lesson` that still hold a model text."""
    left = []
    if lesson.title in _LESSON_TITLES:
        left.append("title")
    if _OBJECTIVES & set(lesson.objectives):
        left.append("objectives")
    if any(s.title in _SOURCE_TITLES for s in lesson.sources):
        left.append("sources")
    body = lesson.body
    # A model line is somewhere in the text before it can be one of its lines: the search of
    # the whole text for each is much faster than splitting every lesson into lines.
    if any(model in body for model in _BODY_LINES) and any(
        line.strip() in _BODY_LINES for line in body.split("\n")
    ):
        left.append("text")
    return left


def quiz_placeholders(quiz: Quiz) -> list[str]:
    """The question ids of `quiz` whose prompt, choices or explanation still hold a model text."""
    models = _QUESTION_TEXTS
    left = []
    for question in quiz.questions:
        texts = [question.prompt, question.explanation or ""]
        if isinstance(question, ChoiceQuestion):
            texts += [choice.text for choice in question.choices]
        # Two model texts make a model question; one may be a trainer's own plain wording.
        if sum(text in models for text in texts) >= 2:
            left.append(question.id)
    return left


def check_placeholders(lessons: Iterable[Lesson], quizzes: Iterable[Quiz], report: Report) -> None:
    """One warning for each lesson or quiz file still holding the model texts of `trainer new`."""
    for lesson in lessons:
        left = lesson_placeholders(lesson)
        if left:
            report.warning(
                lesson.path,
                Mark(1, 1),
                "placeholder",
                phrase(
                    N_(
                        "this lesson still holds the model texts of `trainer new` ({keys}): "
                        "replace them with your own before learners see it"
                    ),
                    keys=", ".join(left),
                ),
            )
    for quiz in quizzes:
        left = quiz_placeholders(quiz)
        if left:
            report.warning(
                quiz.path,
                Mark(1, 1),
                "placeholder",
                phrase(
                    N_(
                        "this quiz still holds the model questions of `trainer new` ({ids}): "
                        "replace them with your own before learners see it"
                    ),
                    ids=", ".join(left),
                ),
            )
