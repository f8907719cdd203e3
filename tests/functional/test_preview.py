"""`trainer preview`: reload on change, errors shown until fixed, the same screen kept, no real
progress written."""

from __future__ import annotations

import os
from pathlib import Path

from trainer.authoring.scaffold import new_course
from trainer.tui.preview import PreviewApp, fingerprint
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.lesson import LessonScreen
from trainer.tui.screens.pack_errors import PackErrorsScreen
from trainer.tui.screens.quiz import QuizScreen

SIZE = (80, 24)


def touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def make_pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    new_course(root, ["en", "fr"], "Preview")
    return root


async def test_an_edit_reloads_and_keeps_the_lesson_open(tmp_path: Path) -> None:
    root = make_pack(tmp_path)
    app = PreviewApp(root, "en", poll=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)
        lesson = root / "lessons" / "introduction.en.md"
        touch(lesson, lesson.read_text(encoding="utf-8").replace('"Lesson title"', '"A new title"'))
        app.check_files()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.title == "A new title"
        assert app.reloads == 1


async def test_errors_are_shown_then_the_preview_recovers(tmp_path: Path) -> None:
    root = make_pack(tmp_path)
    app = PreviewApp(root, "en", poll=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("1", "enter")  # one answer given: the quiz resumes after the reload
        quiz = root / "quizzes" / "introduction.en.yaml"
        good = quiz.read_text(encoding="utf-8")
        touch(quiz, good.replace("correct: true", "corect: true"))
        app.check_files()
        await pilot.pause()
        assert isinstance(app.screen, PackErrorsScreen)
        shown = [str(d) for d in app.screen.diagnostics if d.code != "placeholder"]
        assert shown == [
            "quizzes/introduction.en.yaml:9:9: error: unknown key `corect` in a choice (did you "
            "mean `correct`?)"
        ]
        touch(quiz, good)
        app.check_files()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.question.id == "question-2"


async def test_a_pack_broken_from_the_start_opens_on_its_errors(tmp_path: Path) -> None:
    root = make_pack(tmp_path)
    course = root / "course.yaml"
    good = course.read_text(encoding="utf-8")
    touch(course, good.replace("lessons: [introduction]", "lessons: [introduction, absent]"))
    app = PreviewApp(root, "en", poll=60)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PackErrorsScreen)
        assert app.screen.diagnostics[0].code == "missing-lesson"
        assert app.title == "Preview"  # the pack's own title, not the program's name
        touch(course, good)
        app.check_files()
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_the_preview_never_writes_progress(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "real-data"
    monkeypatch.setenv("TRAINER_DATA_DIR", str(data))
    root = make_pack(tmp_path)
    app = PreviewApp(root, "en", poll=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "1", "enter")
    assert app.store.path is None
    assert not data.exists()


def test_fingerprint_sees_new_changed_and_removed_files(tmp_path: Path) -> None:
    root = make_pack(tmp_path)
    before = fingerprint(root)
    (root / "lessons" / "extra.en.md").write_text("---\ntitle: X\n---\n")
    assert fingerprint(root) != before
    (root / "lessons" / "extra.en.md").unlink()
    assert fingerprint(root) == before
