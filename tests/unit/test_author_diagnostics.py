"""The mistakes a French trainer makes, each reported once, on its line, with its fix, in the
interface's language (issue 14 §1)."""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import pytest

from trainer import cli
from trainer.course.diagnostics import Diagnostic
from trainer.i18n import LOCALE_DIR, set_language
from trainer.quiz.pack_check import check_pack

COURSE = """\
id: moncours
title: Mon cours
languages: [fr]
modules:
  - id: module-1
    title: Module 1
    lessons: [accueil]
"""
LESSON = """\
---
title: "Accueil"
quiz: quiz-final
---
Le texte de la leçon.

## À retenir

- Une première action
- Une deuxième action
- Une troisième action
"""
QUIZ = """\
title: "Quiz final"
pass_mark: 0.7
questions:
  - id: q1
    type: single
    prompt: "Quelle est la bonne réponse ?"
    choices:
      - text: "La bonne"
        correct: true
        feedback: "Oui."
      - text: "La mauvaise"
    explanation: "Parce que."
  - id: q2
    type: true_false
    prompt: "Vrai ?"
    answer: true
    explanation: "Oui."
"""
QUIZ_FILE = "quizzes/quiz-final.yaml"
LESSON_FILE = "lessons/accueil.md"
FRENCH = gettext.translation("trainer", LOCALE_DIR, languages=["fr"]).gettext


def write_pack(root: Path, quiz: str = QUIZ, lesson: str = LESSON) -> Path:
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(COURSE, encoding="utf-8")
    (root / LESSON_FILE).write_text(lesson, encoding="utf-8")
    (root / QUIZ_FILE).write_text(quiz, encoding="utf-8")
    return root


def only(root: Path) -> Diagnostic:
    _, diagnostics = check_pack(root)
    assert len(diagnostics) == 1, "\n".join(map(str, diagnostics))
    return diagnostics[0]


def test_the_pack_as_written_is_clean(tmp_path: Path) -> None:
    assert check_pack(write_pack(tmp_path))[1] == []


# (quiz text changed, code, line, words of the English message, words of the French one)
QUIZ_MISTAKES = [
    pytest.param(
        QUIZ.replace('    explanation: "Parce que."', '\texplanation: "Parce que."'),
        "yaml-syntax",
        12,
        "a tab in the indentation",
        "tabulation",
        id="tab",
    ),
    pytest.param(
        QUIZ.replace('explanation: "Parce que."', "explanation: Attention : on répond vite"),
        "yaml-syntax",
        12,
        "double quotes",
        "guillemets doubles",
        id="colon inside a sentence",
    ),
    pytest.param(
        QUIZ.replace('prompt: "Vrai ?"', "prompt: 'Il s'agit d'une erreur'"),
        "yaml-syntax",
        15,
        "single quotes",
        "guillemets doubles",
        id="apostrophe inside single quotes",
    ),
    pytest.param(
        QUIZ.replace("pass_mark: 0.7", "pass_mark: 0,7"),
        "decimal-comma",
        2,
        "`0.7`, not `0,7`",
        "avec un point, `0.7`",
        id="decimal comma",
    ),
    pytest.param(
        QUIZ.replace('explanation: "Parce que."', 'explanation "Parce que."'),
        "yaml-syntax",
        12,
        "a `:` is missing after `explanation`",
        "il manque",
        id="missing colon",
    ),
    pytest.param(
        QUIZ.replace("type: single", "type: qcm"),
        "unknown-type",
        5,
        "`type: single` for one right answer or `type: multiple` for several",
        "pour une seule bonne réponse",
        id="qcm",
    ),
    pytest.param(
        QUIZ.replace("type: true_false", "type: vrai_faux"),
        "unknown-type",
        14,
        "did you mean `true_false`?",
        "vouliez-vous dire `true_false`",
        id="vrai_faux",
    ),
    pytest.param(
        QUIZ.replace('    explanation: "Parce que."', '    explaination: "Parce que."'),
        "unknown-key",
        12,
        "did you mean `explanation`?",
        "clé inconnue `explaination`",
        id="explaination",
    ),
    pytest.param(
        QUIZ.replace('feedback: "Oui."', 'retour: "Oui."'),
        "unknown-key",
        10,
        "did you mean `feedback`?",
        "vouliez-vous dire `feedback`",
        id="retour",
    ),
    pytest.param(
        "base: &base\n  type: true_false\n"
        + QUIZ.replace("    type: true_false\n", "    <<: *base\n"),
        "yaml-syntax",
        16,
        "write each question's keys in full",
        "écrivez en entier",
        id="merge key",
    ),
    pytest.param(
        'title: "Quiz final"\nquestions:\n',
        "missing-key",
        2,
        "`questions` is written but empty",
        "est écrit mais vide",
        id="questions with no value",
    ),
    pytest.param(
        "# rien encore\n",
        "wrong-type",
        1,
        "a quiz file is empty",
        "est vide",
        id="empty file",
    ),
    pytest.param(
        QUIZ.replace('    explanation: "Parce que."', '    retour: "Parce que."'),
        "unknown-key",
        12,
        "did you mean `explanation`?",
        "vouliez-vous dire `explanation`",
        id="retour on a question",
    ),
    pytest.param(
        QUIZ.replace("correct: true", "correct: vrai"),
        "wrong-type",
        9,
        "write `correct: true`",
        "écrivez `correct: true`",
        id="correct: vrai",
    ),
]


@pytest.mark.parametrize(("quiz", "code", "line", "english", "french"), QUIZ_MISTAKES)
def test_one_mistake_one_message_on_its_line_with_its_fix(
    tmp_path: Path, quiz: str, code: str, line: int, english: str, french: str
) -> None:
    diagnostic = only(write_pack(tmp_path, quiz=quiz))
    assert (diagnostic.path, diagnostic.code, diagnostic.line) == (QUIZ_FILE, code, line)
    assert english in diagnostic.message
    assert french in diagnostic.shown(FRENCH)
    assert "invalid YAML" not in diagnostic.message


def test_a_bad_order_item_is_not_also_too_few_items(tmp_path: Path) -> None:
    order = (
        '  - id: q3\n    type: order\n    prompt: "Dans l\'ordre"\n    items:\n'
        '      - "Lire"\n      - [Répondre, vite]\n    explanation: "Oui."\n'
    )
    diagnostic = only(write_pack(tmp_path, quiz=QUIZ + order))
    assert (diagnostic.code, diagnostic.line) == ("wrong-type", 23)


def test_front_matter_not_closed(tmp_path: Path) -> None:
    lesson = LESSON.replace("quiz: quiz-final\n---\n", "quiz: quiz-final\n")
    diagnostic = only(write_pack(tmp_path, lesson=lesson))
    assert (diagnostic.path, diagnostic.code, diagnostic.line) == (
        LESSON_FILE,
        "front-matter-unclosed",
        1,
    )
    assert "n'est pas fermé" in diagnostic.shown(FRENCH)


def test_a_misspelt_quiz_id_gets_a_suggestion_and_no_unused_quiz_warning(tmp_path: Path) -> None:
    lesson = LESSON.replace("quiz: quiz-final", "quiz: quizz-final")
    diagnostic = only(write_pack(tmp_path, lesson=lesson))
    assert diagnostic.code == "missing-quiz"
    assert "did you mean `quiz-final`?" in diagnostic.message


def test_a_misspelt_lesson_id_gets_a_suggestion(tmp_path: Path) -> None:
    root = write_pack(tmp_path)
    course = root / "course.yaml"
    course.write_text(COURSE.replace("[accueil]", "[acceuil]"), encoding="utf-8")
    _, diagnostics = check_pack(root)
    missing = [d for d in diagnostics if d.code == "missing-lesson"]
    assert len(missing) == 1
    assert "did you mean `accueil`?" in missing[0].message


def test_a_quiz_that_does_not_parse_is_not_also_missing(tmp_path: Path) -> None:
    quiz = QUIZ.replace("pass_mark: 0.7", "pass_mark: [0.7")
    diagnostic = only(write_pack(tmp_path, quiz=quiz))
    assert diagnostic.code == "yaml-syntax"


def test_validate_speaks_french_and_json_keeps_english_codes(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    root = write_pack(tmp_path, quiz=QUIZ.replace("type: single", "type: qcm"))
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    try:
        assert cli.main(["validate", str(root)]) == 1
        out = capsys.readouterr().out
        assert ": erreur: type de question inconnu `qcm`" in out  # the severity word too
        assert cli.main(["validate", str(root), "--format", "json"]) == 1
        (found,) = json.loads(capsys.readouterr().out)
        assert found["code"] == "unknown-type"
        assert found["severity"] == "error"
        assert found["message"].startswith("type de question inconnu")
        assert cli.main(["validate", str(root), "--lang", "en"]) == 1
        assert ": error: unknown question type `qcm`" in capsys.readouterr().out
    finally:
        set_language("en")


def test_front_matter_not_closed_before_a_later_rule_points_at_the_heading(tmp_path: Path) -> None:
    """Without its closing `---`, the text up to a later `---` rule is read as front matter: the
    cause is named at the first Markdown heading, not as a missing `:` further down."""
    lesson = LESSON.replace("quiz: quiz-final\n---\n", "quiz: quiz-final\n") + "\n---\n\nFin.\n"
    diagnostic = only(write_pack(tmp_path, lesson=lesson))
    assert (diagnostic.code, diagnostic.line) == ("front-matter-unclosed", 6)
    assert "avant ce titre Markdown" in diagnostic.shown(FRENCH)


def test_a_quiz_file_named_by_a_typo_names_the_lesson_left_without_quiz(tmp_path: Path) -> None:
    lesson = LESSON.replace("quiz: quiz-final\n", "")
    root = write_pack(tmp_path, lesson=lesson)
    (root / QUIZ_FILE).rename(root / "quizzes" / "acceuil.yaml")
    diagnostic = only(root)
    assert diagnostic.code == "unused-quiz"
    assert "lesson `accueil` has no quiz" in diagnostic.message
    assert diagnostic.message.endswith("name the file quizzes/accueil.yaml")


def test_a_folder_named_like_a_lesson_is_said_to_be_a_folder(tmp_path: Path) -> None:
    root = write_pack(tmp_path)
    (root / "lessons" / "notes.fr.md").mkdir()
    diagnostic = only(root)
    assert diagnostic.code == "ignored-file"
    assert str(diagnostic) == (
        "lessons/notes.fr.md: warning: ignored: this is a folder, not a file; a lesson or quiz is "
        "a file"
    )


def test_a_misnamed_lesson_file_is_one_message_in_a_bilingual_pack(tmp_path: Path) -> None:
    """`introdution.fr.md` for a listed `introduction`: not also an unlisted lesson, a French
    lesson without translation and an English one without original."""
    from trainer.authoring.scaffold import new_course

    root = tmp_path / "pack"
    new_course(root, ["fr", "en"])
    (root / "lessons/introduction.fr.md").rename(root / "lessons/introdution.fr.md")
    _, diagnostics = check_pack(root)
    (error,) = [d for d in diagnostics if d.code != "placeholder"]
    assert (error.path, error.code) == ("course.yaml", "missing-lesson")
    assert "did you mean `introdution`?" in error.message


def test_a_misspelt_quiz_in_the_first_language_is_not_a_drift_of_the_translation(
    tmp_path: Path,
) -> None:
    from trainer.authoring.scaffold import new_course

    root = tmp_path / "pack"
    new_course(root, ["fr", "en"])
    for language, quiz in (("fr", "introdution"), ("en", "introduction")):
        lesson = root / f"lessons/introduction.{language}.md"
        text = lesson.read_text(encoding="utf-8").replace("minutes: 5", f"quiz: {quiz}\nminutes: 5")
        lesson.write_text(text, encoding="utf-8")
    _, diagnostics = check_pack(root)
    (error,) = [d for d in diagnostics if d.code != "placeholder"]
    assert (error.path, error.code) == ("lessons/introduction.fr.md", "missing-quiz")
    assert "did you mean `introduction`?" in error.message
