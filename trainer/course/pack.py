"""A pack loaded: `Pack`, every file of it in every language, and `ModuleSpec`, a module as
course.yaml declares it. The loader (`loader`) makes them; `snapshot` keeps and restores them.

Apart from the loader, so that a pack restored from its last clean check (see
`trainer.progress.pack_cache`) needs neither YAML nor the loader's readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from trainer.course.diagnostics import Mark
from trainer.course.model import DEFAULT_PASS_MARK, Course, Lesson, Module, Quiz
from trainer.records import Record, init

if TYPE_CHECKING:
    from trainer.course.yamlmarks import MarkedMap


class ModuleSpec(Record):
    """A module as course.yaml declares it, in every language."""

    __slots__ = ("id", "lesson_marks", "lessons", "mark", "titles")
    id: str
    titles: dict[str, str]
    lessons: tuple[str, ...]
    lesson_marks: tuple[Mark, ...]
    mark: Mark

    def __init__(
        self,
        id: str,
        titles: dict[str, str],
        lessons: tuple[str, ...],
        lesson_marks: tuple[Mark, ...],
        mark: Mark,
    ) -> None:
        init(self, id, titles, lessons, lesson_marks, mark)


class Pack(Record, mutable=True):
    """Every file of a pack, loaded: course.yaml, and each lesson and quiz in each language.

    `lessons` and `quizzes`: language → id → lesson or quiz. `documents`: pack-relative path → its
    parsed YAML (a lesson's front matter), for placing diagnostics. `files`: `lessons` or
    `quizzes` → (language, id) → path, for every well-named file, loaded or not."""

    __slots__ = (
        "descriptions",
        "documents",
        "files",
        "id",
        "languages",
        "lessons",
        "modules",
        "pass_mark",
        "quizzes",
        "root",
        "titles",
        "version",
    )
    root: Path
    id: str
    languages: tuple[str, ...]
    titles: dict[str, str]
    modules: tuple[ModuleSpec, ...]
    pass_mark: float
    version: str | None
    descriptions: dict[str, str]
    lessons: dict[str, dict[str, Lesson]]
    quizzes: dict[str, dict[str, Quiz]]
    documents: dict[str, MarkedMap]
    files: dict[str, dict[tuple[str, str], str]]

    def __init__(
        self,
        root: Path,
        id: str,
        languages: tuple[str, ...],
        titles: dict[str, str],
        modules: tuple[ModuleSpec, ...],
        pass_mark: float = DEFAULT_PASS_MARK,
        version: str | None = None,
        descriptions: dict[str, str] | None = None,
        lessons: dict[str, dict[str, Lesson]] | None = None,
        quizzes: dict[str, dict[str, Quiz]] | None = None,
        documents: dict[str, MarkedMap] | None = None,
        files: dict[str, dict[tuple[str, str], str]] | None = None,
    ) -> None:
        init(
            self,
            root,
            id,
            languages,
            titles,
            modules,
            pass_mark,
            version,
            {} if descriptions is None else descriptions,
            {} if lessons is None else lessons,
            {} if quizzes is None else quizzes,
            {} if documents is None else documents,
            {} if files is None else files,
        )

    @property
    def default_language(self) -> str:
        """The first language of course.yaml."""
        return self.languages[0]

    def course(self, language: str | None = None) -> Course:
        """The course in `language` (default: the first), falling back to the first language for
        any lesson or quiz not translated."""
        language = language or self.default_language
        if language not in self.languages:
            raise ValueError(f"{language!r} is not one of the course's languages")
        default = self.default_language
        lessons = {**self.lessons.get(default, {}), **self.lessons.get(language, {})}
        quizzes = {**self.quizzes.get(default, {}), **self.quizzes.get(language, {})}
        modules = tuple(
            Module(
                id=spec.id,
                title=spec.titles.get(language) or spec.titles.get(default, spec.id),
                lessons=tuple(lessons[i] for i in spec.lessons if i in lessons),
            )
            for spec in self.modules
        )
        return Course(
            id=self.id,
            title=self.titles.get(language) or self.titles.get(default, self.id),
            language=language,
            languages=self.languages,
            modules=modules,
            quizzes=quizzes,
            description=self.descriptions.get(language) or self.descriptions.get(default),
            version=self.version,
            pass_mark=self.pass_mark,
            folder=str(self.root),
        )
