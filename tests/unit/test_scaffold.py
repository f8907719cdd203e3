"""`trainer new`: every file it writes validates clean, and course.yaml keeps its comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.packs import BODY
from trainer.authoring.scaffold import ScaffoldError, new_course, new_lesson, new_quiz, slug
from trainer.cli import main
from trainer.quiz.pack_check import check_pack


def clean(root: Path) -> None:
    """No diagnostic but the reminders that the model texts are still there (one a file)."""
    pack, diagnostics = check_pack(root)
    assert pack is not None
    assert [str(d) for d in diagnostics if d.code != "placeholder"] == []
    files = [d.path for d in diagnostics]
    assert len(files) == len(set(files))


@pytest.mark.parametrize("languages", [["fr", "en"], ["fr"], ["en", "fr", "de"]])
def test_new_course_validates_clean(tmp_path: Path, languages: list[str]) -> None:
    written = new_course(tmp_path / "pack", languages, "Mon Cours 2026")
    clean(tmp_path / "pack")
    assert len(written) == 1 + 4 + 2 * len(languages)  # course.yaml, schemas and settings, files
    pack, _ = check_pack(tmp_path / "pack")
    assert pack.id == "mon-cours-2026" and pack.languages == tuple(languages)


def test_new_course_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ScaffoldError, match="not empty"):
        new_course(tmp_path, ["fr"])


def test_new_lesson_and_quiz_in_every_language(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    new_course(root, ["fr", "en"])
    new_lesson(root, "deuxieme")
    new_quiz(root, "deuxieme")
    clean(root)
    pack, _ = check_pack(root)
    assert pack.modules[0].lessons == ("introduction", "deuxieme")
    assert set(pack.quizzes["en"]) == {"introduction", "deuxieme"}


def test_new_quiz_for_a_lesson_with_another_id_names_it_in_the_front_matter(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    new_course(root, ["fr", "en"])
    new_lesson(root, "lecture")
    new_quiz(root, "verification", lesson_id="lecture")
    clean(root)
    pack, _ = check_pack(root)
    assert pack.lessons["en"]["lecture"].quiz == "verification"


def test_new_quiz_without_its_lesson_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    new_course(root, ["fr"])
    with pytest.raises(ScaffoldError, match="--lesson"):
        new_quiz(root, "orphelin")
    assert not (root / "quizzes" / "orphelin.fr.yaml").exists()


def test_block_lists_and_comments_in_course_yaml_survive(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    (root / "lessons").mkdir(parents=True)
    (root / "course.yaml").write_text(
        "# Our course\nid: ours\ntitle: Ours\nlanguages: [en]\nmodules:\n"
        "  - id: first  # the first module\n    title: First\n    lessons:\n      - one\n"
        "  - id: second\n    title: Second\n    lessons:\n      - two   # keep me\n",
        encoding="utf-8",
    )
    for lesson in ("one", "two"):
        (root / "lessons" / f"{lesson}.md").write_text(
            f"---\ntitle: {lesson}\n---\n{BODY}\n", encoding="utf-8"
        )
    new_lesson(root, "three", "first")
    new_lesson(root, "four")
    text = (root / "course.yaml").read_text(encoding="utf-8")
    assert "# Our course" in text and "# the first module" in text and "# keep me" in text
    pack, diagnostics = check_pack(root)
    assert [str(d) for d in diagnostics if d.code != "placeholder"] == []
    assert [m.lessons for m in pack.modules] == [("one", "three"), ("two", "four")]
    assert (
        root / "lessons" / "three.md"
    ).is_file()  # a one-language pack without suffixes stays so


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda root: new_lesson(root, "Bad Id"), "not a valid id"),
        (lambda root: new_lesson(root, "introduction"), "already listed"),
        (lambda root: new_lesson(root, "x", "absent"), "no module `absent`"),
        (lambda root: new_quiz(root, "introduction"), "exists already"),
    ],
)
def test_scaffold_errors(tmp_path: Path, call, message: str) -> None:
    root = tmp_path / "pack"
    new_course(root, ["fr", "en"])
    with pytest.raises(ScaffoldError, match=message):
        call(root)


def test_slug() -> None:
    assert slug("Les Réseaux sociaux — 2026 !") == "les-reseaux-sociaux-2026"
    assert slug("???") == "cours"


def test_cli_new_then_validate(tmp_path: Path, capsys, monkeypatch) -> None:
    root = tmp_path / "pack"
    assert main(["new", "course", str(root), "--languages", "fr,en"]) == 0
    monkeypatch.chdir(root)
    assert main(["new", "lesson", "suite"]) == 0
    assert main(["new", "quiz", "suite"]) == 0
    assert main(["validate"]) == 0
    capsys.readouterr()
    assert main(["new", "lesson", "suite", "--lang", "en"]) == 2
    assert "already listed" in capsys.readouterr().err


def test_model_texts_left_in_are_named_once_a_file(tmp_path: Path) -> None:
    """« Titre de la leçon » and the model questions validate (every key is right) but are not
    ready for learners: one warning a file names what is left, and `--strict` refuses it."""
    root = tmp_path / "pack"
    new_course(root, ["fr"])
    _, diagnostics = check_pack(root)
    assert [(d.path, d.code, d.severity.value) for d in diagnostics] == [
        ("lessons/introduction.fr.md", "placeholder", "warning"),
        ("quizzes/introduction.fr.yaml", "placeholder", "warning"),
    ]
    assert "(title, objectives, sources, text)" in diagnostics[0].message
    assert "(question-1, question-2)" in diagnostics[1].message
    lesson = root / "lessons/introduction.fr.md"
    text = lesson.read_text(encoding="utf-8").replace("Titre de la leçon", "Répondre aux avis")
    lesson.write_text(text, encoding="utf-8")
    _, diagnostics = check_pack(root)
    assert "(objectives, sources, text)" in diagnostics[0].message


def test_the_commented_types_of_the_model_quiz_validate_once_uncommented(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    new_course(root, ["fr", "en"])
    for language in ("fr", "en"):
        quiz = root / f"quizzes/introduction.{language}.yaml"
        text = quiz.read_text(encoding="utf-8")
        head = text[: text.index("\n# ")]
        examples = text[text.index("#  - id: question-3") :]
        uncommented = "\n".join(line.removeprefix("#") for line in examples.split("\n"))
        quiz.write_text(head + "\n" + uncommented, encoding="utf-8")
    pack, diagnostics = check_pack(root)
    assert [str(d) for d in diagnostics if d.code != "placeholder"] == []
    assert pack is not None
    types = [q.type.value for q in pack.quizzes["fr"]["introduction"].questions]
    assert types == ["single", "true_false", "multiple", "text", "order", "match"]
    assert [q.id for q in pack.quizzes["en"]["introduction"].questions][2:] != []


def test_a_flow_list_closed_on_its_own_line_gets_the_lesson_on_its_own_line(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    new_course(root, ["fr"])
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    course.write_text(
        text.replace("lessons: [introduction]", "lessons: [\n      introduction\n    ]"),
        encoding="utf-8",
    )
    new_lesson(root, "cloture")
    assert "lessons: [\n      introduction,\n      cloture\n    ]" in course.read_text("utf-8")
    pack, _ = check_pack(root)
    assert pack is not None and pack.modules[0].lessons == ("introduction", "cloture")
