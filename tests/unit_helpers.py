"""Writing small packs in a temporary folder, for tests that need one unusual file."""

from __future__ import annotations

from pathlib import Path


def write_pack(
    root: Path, lesson_title: str = "Lesson", body: str = "Text.", quiz: str | None = None
) -> Path:
    """A one-language pack with one lesson (and its quiz when `quiz` is YAML text)."""
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        "id: tiny\ntitle: Tiny\nlanguages: [en]\nmodules:\n  - id: m\n    title: Module\n"
        "    lessons: [one]\n",
        encoding="utf-8",
    )
    title = lesson_title.replace('"', '\\"').replace("\x1b", "\\e")
    (root / "lessons" / "one.md").write_text(
        f'---\ntitle: "{title}"\n---\n{body}\n', encoding="utf-8"
    )
    if quiz is not None:
        (root / "quizzes" / "one.yaml").write_text(quiz, encoding="utf-8")
    return root
