"""A pack loaded: `Pack`, every file of it in every language, and `ModuleSpec`, a module as
course.yaml declares it. The loader (`loader`) makes them; `snapshot` keeps and restores them.

Apart from the loader, so that a pack restored from its last clean check (see
`trainer.progress.pack_cache`) needs neither YAML nor the loader's readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.course.diagnostics import Mark
from trainer.course.model import DEFAULT_PASS_MARK, Course, Lesson, Module, Quiz

if TYPE_CHECKING:
    from trainer.course.yamlmarks import MarkedMap


@dataclass(frozen=True)
class ModuleSpec:
    """A module as course.yaml declares it, in every language."""

    id: str
    titles: dict[str, str]
    lessons: tuple[str, ...]
    lesson_marks: tuple[Mark, ...]
    mark: Mark


@dataclass
class Pack:
    """Every file of a pack, loaded: course.yaml, and each lesson and quiz in each language."""

    root: Path
    id: str
    languages: tuple[str, ...]
    titles: dict[str, str]
    modules: tuple[ModuleSpec, ...]
    pass_mark: float = DEFAULT_PASS_MARK
    version: str | None = None
    descriptions: dict[str, str] = field(default_factory=dict)
    lessons: dict[str, dict[str, Lesson]] = field(default_factory=dict)
    """language → lesson id → lesson."""
    quizzes: dict[str, dict[str, Quiz]] = field(default_factory=dict)
    """language → quiz id → quiz."""
    documents: dict[str, MarkedMap] = field(default_factory=dict)
    """pack-relative path → its parsed YAML (a lesson's front matter), for placing diagnostics."""
    files: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    """`lessons` or `quizzes` → (language, id) → path, for every well-named file, loaded or not."""

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
